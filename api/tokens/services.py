"""Making, finding, revoking tokens and service accounts. Keyword-only, one function per state change.

A token is ``qms_<prefix>_<secret>``: ``prefix`` (8 random base-32 characters) finds the row, ``secret`` (32
random bytes) makes it unguessable; the stored ``digest`` is the SHA-256 of the whole token. A random 256-bit
secret needs no slow hash (there is nothing to brute-force that is cheaper than the secret itself).
"""

import datetime
import hashlib
import hmac
import re
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from api.tokens.models import ApiRequestLog, Scope, ServiceAccount, Token
from qms.core.access import has_role, require_agency
from qms.core.history import save_tracked
from qms.core.models import Role, User, UserRole

PREFIX_CHARS = "abcdefghijklmnopqrstuvwxyz234567"
SHAPE = re.compile(r"qms_([a-z2-7]{8})_([A-Za-z0-9_-]{43})")
MAX_DAYS = 365
# Roles a service account may hold: an integration never oversees the province.
SERVICE_ROLES = [r for r in Role if r != Role.OVERSIGHT]


def digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def can_manage_service_accounts(user):
    return has_role(user, Role.COORDINATOR)


def create_token(*, owner, created_by, name, scopes, days):
    """A new token for ``owner``; returns (token, raw): the raw token is never stored, shown once."""
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Cần đặt tên gợi nhớ cho mã truy cập.")
    unknown = set(scopes) - set(Scope.values)
    if not scopes or unknown:
        errors["scopes"] = _("Chọn ít nhất một phạm vi hợp lệ.")
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"] = _("Thời hạn từ 1 đến %(n)d ngày.") % {"n": MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    require_agency(owner)
    prefix = get_random_string(8, PREFIX_CHARS)
    raw = f"qms_{prefix}_{secrets.token_urlsafe(32)}"
    now = timezone.now()
    token = Token.objects.create(owner=owner, created_by=created_by, name=name[:100], prefix=prefix,
                                 digest=digest(raw), scopes=sorted(set(scopes)), created_at=now,
                                 expires_at=now + datetime.timedelta(days=days))
    return token, raw


def find(raw):
    """The token whose secret this is, active or not; None for anything else."""
    match = SHAPE.fullmatch(raw or "")
    if match is None:
        return None
    token = Token.objects.select_related("owner", "owner__agency").filter(prefix=match.group(1)).first()
    if token is None or not hmac.compare_digest(token.digest, digest(raw)):
        return None
    return token


def can_revoke(user, token):
    if token.owner_id == user.pk:
        return True
    account = getattr(token.owner, "service_account", None) if token.owner_id else None
    return (account is not None and account.agency_id == user.agency_id and can_manage_service_accounts(user))


@transaction.atomic
def revoke_token(*, token, user):
    token = Token.objects.select_for_update().get(pk=token.pk)
    if not can_revoke(user, token):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), user
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


@transaction.atomic
def create_service_account(*, agency, user, name, roles):
    """A user of the agency with no password (it cannot log in), the given roles, and its register row."""
    if not can_manage_service_accounts(user) or user.agency_id != agency.pk:
        raise PermissionDenied
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Cần đặt tên hệ thống kết nối.")
    elif ServiceAccount.objects.filter(agency=agency, name=name).exists():
        errors["name"] = _("Cơ quan đã có tài khoản dịch vụ tên này.")
    if not roles or set(roles) - set(SERVICE_ROLES):
        errors["roles"] = _("Chọn ít nhất một vai trò hợp lệ.")
    if errors:
        raise ValidationError(errors)
    base = f"svc-{agency.code}-{slugify(name)[:40] or 'api'}"[:140]
    username = base
    while User.objects.filter(username=username).exists():
        username = f"{base}-{get_random_string(4, PREFIX_CHARS)}"
    account_user = User(username=username, agency=agency, full_name=name[:150], is_active=True)
    account_user.set_unusable_password()
    save_tracked(account_user, user=user, reason=_("Tạo tài khoản dịch vụ cho API"))
    for role in sorted(set(roles)):
        save_tracked(UserRole(user=account_user, role=role), user=user, reason=_("Tạo tài khoản dịch vụ cho API"))
    return ServiceAccount.objects.create(agency=agency, user=account_user, name=name[:150], created_by=user)


def failed_recently(ip, *, minutes, now=None):
    """Requests from this address whose token was not recognised, in the last ``minutes``."""
    since = (now or timezone.now()) - datetime.timedelta(minutes=minutes)
    return ApiRequestLog.objects.filter(token__isnull=True, ip=ip, at__gte=since).count()


def log_use(*, token, method, path, status, ip, request_id):
    """Every request that presented a token, recognised or not; a recognised one marks the token as used
    (at most once a minute, so a busy integration does not write the token row on every call)."""
    now = timezone.now()
    ApiRequestLog.objects.create(token=token, at=now, method=method[:10], path=path[:255], status=status,
                                 ip=ip[:45], request_id=request_id[:64])
    if token is not None and (token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1)):
        Token.objects.filter(pk=token.pk).update(last_used_at=now)
