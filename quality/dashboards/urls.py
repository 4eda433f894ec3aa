"""URLs of the dashboards (namespace "quality")."""

from django.urls import path

from quality.dashboards import views

urlpatterns = [
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("tong-quan-tinh/<int:agency_id>/", views.agency_figures, name="agency_figures"),
]
