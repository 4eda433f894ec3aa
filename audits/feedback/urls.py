"""URLs of citizens' feedback, joined in audits/urls.py (namespace "audits")."""

from django.urls import path

from audits.feedback import views

# Citizens' feedback (8.2.1): the first three are public (no login).
urlpatterns = [
    path("phan-anh/tra-cuu/", views.feedback_lookup, name="feedback_lookup"),
    path("phan-anh/tra-cuu/<str:code>/", views.feedback_status, name="feedback_status"),
    path("phan-anh/gui/<slug:agency_code>/", views.feedback_form, name="feedback_form"),
    path("phan-anh/", views.feedback_list, name="feedback_list"),
    path("phan-anh/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("phan-anh/<int:pk>/tra-loi/", views.feedback_answer, name="feedback_answer"),
    path("phan-anh/<int:pk>/khong-xu-ly/", views.feedback_dismiss, name="feedback_dismiss"),
    path("phan-anh/<int:pk>/chuyen-thanh-nc/", views.feedback_to_nc, name="feedback_to_nc"),
]
