"""/api/v1/ (namespace "api_v1"): the schema, the docs page and every operation, from the NinjaAPI instance."""

from api.v1.api import urlpatterns as _patterns

urlpatterns, _app_name, _namespace = _patterns()
app_name = "api_v1"
