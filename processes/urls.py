"""The processes app's URLs (namespace "processes"): each subject lists its own in its urls.py."""

from processes.copies.urls import urlpatterns as copies_urlpatterns
from processes.documents.urls import urlpatterns as documents_urlpatterns

app_name = "processes"

urlpatterns = documents_urlpatterns + copies_urlpatterns
