"""The api app's pages (namespace "api"): a user's access tokens and the agency's service accounts. The JSON API
itself is api/v1/urls.py (namespace "api_v1"); qms/urls.py joins both under /api/."""

from api.tokens.urls import urlpatterns

app_name = "api"

__all__ = ["urlpatterns", "app_name"]
