from django.urls import path

from cases.privacy import views

urlpatterns = [
    path("thiet-lap/", views.onestop_settings, name="onestop_settings"),
    path("nhat-ky-thong-tin-ca-nhan/", views.access_log, name="access_log"),
]
