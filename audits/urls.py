"""The audits app's URLs (namespace "audits"): each subject lists its own in its urls.py."""

from audits.capa.urls import urlpatterns as capa_urlpatterns
from audits.feedback.urls import urlpatterns as feedback_urlpatterns
from audits.internal.urls import urlpatterns as internal_urlpatterns

app_name = "audits"

urlpatterns = capa_urlpatterns + feedback_urlpatterns + internal_urlpatterns
