from django.urls import path

from cases.late import views

urlpatterns = [
    path("tre-han/", views.late_list, name="late_list"),
    path("ho-so/<int:pk>/xin-loi-hen-lai/", views.apology_issue, name="apology_issue"),
    path("ho-so/<int:pk>/mo-phieu-tre-han/", views.late_open_nc, name="late_open_nc"),
    path("ho-so/<int:pk>/danh-gia/thanh-phan-anh/", views.rating_feedback, name="rating_feedback"),
    path("ho-so/<int:pk>/danh-gia/thanh-khong-phu-hop/", views.rating_nc, name="rating_nc"),
]
