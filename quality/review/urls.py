from django.urls import path

from quality.review import views

urlpatterns = [
    path("xem-xet/", views.review_list, name="review_list"),
    path("xem-xet/them/", views.review_create, name="review_create"),
    path("xem-xet/<int:pk>/", views.review_detail, name="review_detail"),
    path("xem-xet/<int:pk>/sua/", views.review_edit, name="review_edit"),
    path("xem-xet/<int:pk>/da-hop/", views.review_hold, name="review_hold"),
    path("xem-xet/<int:pk>/nhan-xet/", views.review_note, name="review_note"),
    path("xem-xet/<int:pk>/quyet-dinh/them/", views.decision_add, name="decision_add"),
    path("xem-xet/<int:pk>/phe-duyet/", views.review_approve, name="review_approve"),
    path("xem-xet/<int:pk>/bien-ban.pdf", views.review_minutes_pdf, name="review_minutes_pdf"),
    path("quyet-dinh/<int:pk>/hoan-thanh/", views.decision_complete, name="decision_complete"),
]
