"""The API's part of every request under /api/: answers in the language the caller asks for, and a log row for
every request that presented a token (api/tokens/services.log_use; the request id is qms/core/requestid.py's)."""

import logging

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from api.tokens import services
from api.v1.problems import problem
from qms.core.network import client_ip

logger = logging.getLogger("api")
PREFIX = "/api/v1/"
LANGUAGES = ("vi", "en")


def api_language(request):
    """The first of vi/en the caller's Accept-Language names; Vietnamese when it names neither."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")[:200]):
        base = code.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return "vi"


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PREFIX):
            self._log(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After LocaleMiddleware and the user's own language: the API answers in the language the caller asks
        # for, whatever cookie or session a browser also sent.
        if not request.path.startswith(PREFIX):
            return None
        language = api_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        # NUL in a path or query value reaches no database (PostgreSQL refuses it): a clear 422 instead.
        if "\x00" in request.path or any("\x00" in v for values in request.GET.lists() for v in values[1]):
            return problem(request, 422, _("Yêu cầu chứa ký tự không hợp lệ (NUL)."))
        return None

    def _log(self, request, response):
        token = getattr(request, "api_token", None)
        presented = getattr(request, "api_token_presented", False)
        logger.info("api %s %s %s token=%s", request.method, request.path, response.status_code,
                    token.pk if token is not None else ("unknown" if presented else "-"))
        if presented:
            services.log_use(token=token, method=request.method, path=request.path, status=response.status_code,
                             ip=client_ip(request), request_id=getattr(request, "request_id", ""))
