"""URLs of the yearly report (namespace "quality")."""

from django.urls import path

from quality.reports import views

urlpatterns = [
    path("bao-cao-nam/", views.report_list, name="report_list"),
    path("bao-cao-nam/lap/", views.report_create, name="report_create"),
    path("bao-cao-nam/da-nhan/", views.report_received, name="report_received"),
    path("bao-cao-nam/<int:pk>/", views.report_detail, name="report_detail"),
    path("bao-cao-nam/<int:pk>/sua/", views.report_edit, name="report_edit"),
    path("bao-cao-nam/<int:pk>/tinh-lai/", views.report_refresh, name="report_refresh"),
    path("bao-cao-nam/<int:pk>/gui/", views.report_send, name="report_send"),
    path("bao-cao-nam/<int:pk>/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("bao-cao-nam/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
]
