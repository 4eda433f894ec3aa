"""Token pages (namespace "api", joined in api/urls.py)."""

from django.urls import path

from api.tokens import views

urlpatterns = [
    path("ma-truy-cap/", views.token_list, name="token_list"),
    path("ma-truy-cap/<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
    path("tai-khoan-dich-vu/", views.service_accounts, name="service_accounts"),
    path("tai-khoan-dich-vu/<int:pk>/", views.service_account_detail, name="service_account_detail"),
]
