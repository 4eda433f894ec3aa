"""The citizens' status page of one-stop files, at the site's root like the front door (namespace
"case_public"): every page public."""

from django.urls import path

from cases.public import views

app_name = "case_public"

urlpatterns = [
    path("tra-cuu-ho-so/", views.lookup, name="lookup"),
    path("tra-cuu-ho-so/<str:key>/", views.status, name="status"),
]
