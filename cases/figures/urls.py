from django.urls import path

from cases.figures import views

urlpatterns = [
    path("so-lieu/", views.figures_page, name="figures"),
]
