from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The JSON API for the province's other systems (issue 17, spec API-1): access tokens and service
    accounts (``api/tokens``) and the versioned API (``api/v1``). The API calls the subjects' own access and
    service functions; no subject imports the API."""

    name = "api"
    label = "api"
    verbose_name = _("Giao diện lập trình (API)")
