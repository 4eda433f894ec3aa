"""A password typed again inside the application (a signature, DOC-5) is guarded like the login.

django-axes locks a user name at an address after AXES_FAILURE_LIMIT wrong passwords within
AXES_COOLOFF_TIME. A wrong signature password is recorded through axes itself, as a failed login (Django's
``user_login_failed`` signal with the request), so one counter covers the login page and every signature:
a person locked on one is locked on the other, for the same time.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_credentials
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _


def _credentials(user):
    return get_credentials(user.get_username())


def is_locked(request, user):
    return settings.AXES_ENABLED and not AxesProxyHandler.is_allowed(request, _credentials(user))


def locked_until(request, user):
    """When the lock ends: the last counted failure plus the cool-off (None for a lock without an end)."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    handler = AxesProxyHandler.get_implementation()
    last = None
    if hasattr(handler, "get_user_attempts"):  # the database handler (settings.AXES_HANDLER's default)
        for attempts in handler.get_user_attempts(request, _credentials(user)):
            latest = attempts.aggregate(last=Max("attempt_time"))["last"]
            last = max(filter(None, [last, latest]), default=None)
    return (last or timezone.now()) + cool_off


def lock_message(request, user):
    """What to tell a locked person (in their language), or None when they may type their password."""
    if not is_locked(request, user):
        return None
    until = locked_until(request, user)
    if until is None:
        return _("Anh/chị đã nhập sai mật khẩu quá nhiều lần nên việc ký và đăng nhập đang tạm khóa. "
                 "Hãy liên hệ quản trị hệ thống.")
    return _("Anh/chị đã nhập sai mật khẩu quá nhiều lần nên việc ký và đăng nhập tạm khóa đến %(time)s. "
             "Hãy thử lại sau thời điểm đó.") % {"time": timezone.localtime(until).strftime("%H:%M %d/%m/%Y")}


def password_failed(request, user):
    """Count a wrong password typed by a signed-in user, as django-axes counts a failed login."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    # Axes flags the request so that its middleware answers with the login page's lockout screen; the page
    # that asked for the password says it itself, with the time, and the person stays signed in.
    request.axes_locked_out = False


def password_succeeded(request, user):
    """The right password clears the failures, as a successful login does (AXES_RESET_ON_SUCCESS)."""
    if settings.AXES_ENABLED and settings.AXES_RESET_ON_SUCCESS:
        AxesProxyHandler.update_request(request)
        AxesProxyHandler.reset_attempts(ip_address=request.axes_ip_address, username=user.get_username())
