"""The citizens' front door (issue 14, PUB-1), at the root of the site: namespace "public".

Every page here is public (no login). Copy verification and citizens' feedback keep their own URLs
(processes:verify_form, audits:feedback_form); these pages link to them.
"""

from django.urls import path

from processes.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("co-quan/<slug:code>/", views.agency, name="agency"),
    path("co-quan/<slug:code>/tai-lieu/<int:pk>/ban-hien-hanh.pdf", views.document_pdf, name="document_pdf"),
]
