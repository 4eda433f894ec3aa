"""Who is calling: ``Authorization: Bearer <token>`` only (a session cookie is never read by the API, so a page
open in a browser cannot be made to write through it).

``TokenAuth(scope)`` accepts an active token that holds ``scope`` and makes its owner the request's user, so the
subjects' access functions and history (HistoryRequestMiddleware) see the owner, exactly as for a page.
``ANONYMOUS`` lets the public operations be called with no Authorization header at all; a header that is there
but wrong is still refused.

A token that is not recognised answers 401, and counts against the caller's address: after
``QMS_API_FAILED_TOKEN_LIMIT`` of them within ``QMS_API_FAILED_TOKEN_MINUTES`` the address gets 429 for any
unrecognised token until the window has passed. A recognised token is always served, so an integration behind
the same address as a guesser keeps working.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from api.tokens import services
from api.v1.problems import ApiProblem
from qms.core.network import client_ip


class Anonymous:
    """The caller of a public operation who sent no token."""

    is_anonymous = True

    def __bool__(self):
        return True


def _anonymous(request):
    if "Authorization" in request.headers:
        return None  # a header was sent: the token auth decides (and refuses a bad one)
    request.api_token = None
    return Anonymous()


ANONYMOUS = _anonymous


class TokenAuth(HttpBearer):
    def __init__(self, scope=None):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token):
        request.api_token_presented = True
        found = services.find(token.strip())
        if found is None:
            minutes = settings.QMS_API_FAILED_TOKEN_MINUTES
            if services.failed_recently(client_ip(request), minutes=minutes) >= settings.QMS_API_FAILED_TOKEN_LIMIT:
                raise ApiProblem(429, _("Quá nhiều lần dùng mã truy cập không hợp lệ từ địa chỉ này. Vui lòng thử "
                                        "lại sau %(n)d phút.") % {"n": minutes},
                                 slug="token-attempts", headers={"Retry-After": str(minutes * 60)})
            raise ApiProblem(401, _("Mã truy cập không hợp lệ."), slug="token-invalid")
        request.api_token = found
        if found.revoked_at is not None:
            raise ApiProblem(401, _("Mã truy cập đã bị thu hồi."), slug="token-revoked")
        if found.expires_at <= timezone.now():
            raise ApiProblem(401, _("Mã truy cập đã hết hạn."), slug="token-expired")
        if not found.owner.is_active or found.owner.agency_id is None:
            raise ApiProblem(401, _("Tài khoản của mã truy cập không còn hoạt động."), slug="token-owner-inactive")
        request.user = found.owner
        if self.scope and not found.allows(self.scope):
            raise ApiProblem(403, _("Mã truy cập không có phạm vi %(scope)s.") % {"scope": self.scope},
                             slug="scope-missing")
        return found


def token(scope):
    """For an operation that needs a token with ``scope``."""
    return [TokenAuth(scope)]


def public(scope=None):
    """For a public operation: anyone, or a token (holding ``scope`` if given)."""
    return [TokenAuth(scope), ANONYMOUS]
