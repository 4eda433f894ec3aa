from django.urls import path

from quality.risks import views

urlpatterns = [
    path("rui-ro/", views.risk_list, name="risk_list"),
    path("rui-ro/<int:pk>/", views.risk_detail, name="risk_detail"),
    path("rui-ro/<int:pk>/xem-xet/", views.risk_review, name="risk_review"),
    path("rui-ro/<int:pk>/hanh-dong/", views.action_add, name="risk_action_add"),
    path("rui-ro/hanh-dong/<int:pk>/hoan-thanh/", views.action_done, name="risk_action_done"),
    path("rui-ro/hanh-dong/<int:pk>/hieu-luc/", views.action_evaluate, name="risk_action_evaluate"),
]
