from django.urls import path  # noqa: F401

app_name = "audits"

urlpatterns = []

from audits.urls_audit import urlpatterns as audit_urlpatterns  # noqa: E402

urlpatterns += audit_urlpatterns
