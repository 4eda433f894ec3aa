from dataclasses import asdict

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.utils import translation


class UserLanguageMiddleware:
    """Use the language a logged-in user chose; anonymous visitors keep LocaleMiddleware's choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, without its exemption of 404 and 500 responses when DEBUG is on.

    django-csp skips those so that Django's debug pages keep their inline styles and scripts; with
    the exemption a development server answered unknown URLs (which echo the path) with no policy at
    all. The policy now applies to every response: Django's debug pages show unstyled, which is the
    price. Settings list this middleware first so that responses made by middleware above the old
    place (WhiteNoise's static files, CommonMiddleware's slash redirects) pass through it too.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # django-csp leaves the header off only for its debug exemption here (no URL prefix is
        # excluded in settings); a view that asks for no policy with @csp_exempt still gets none.
        if HEADER not in response and not getattr(response, "_csp_exempt", False):
            policy = build_policy(**asdict(self.get_policy_parts(request=request, response=response)))
            if policy:
                response[HEADER] = policy
        return response
