"""The e-mail a notification sends: one per recipient, in their language, with a plain-text and an HTML part.

It says what is asked (or that it is for information), of whom, by when and about which record (the
``code``/``title``/``issue``/``due`` parameters every message shares, qms/core/messages.py), carries one
button-link to the page, and ends by saying why this person got it. Links are absolute on ``SITE_URL``.
Built when the transaction has committed, so it is written in the language the recipient has then.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from qms.core import editions, messages
from qms.core.models import Role

logger = logging.getLogger(__name__)


def send_notifications(notifications):
    """Send the e-mail of each notification whose recipient has an address. A mail server that refuses does not
    undo anything: the notification is on My work already (the failure is logged)."""
    emails = [notification_email(n) for n in notifications if n.user.email]
    if not emails:
        return 0
    try:
        return get_connection(fail_silently=False).send_messages(emails)
    except Exception:  # noqa: BLE001 - any mail failure is logged; the notification stands
        logger.exception("sending %d notification e-mail(s) failed", len(emails))
        return 0


def notification_email(notification):
    user = notification.user
    with translation.override(messages.language_of(user)):
        context = email_context(notification)
        subject = f"[QMS] {context['title']}".replace("\n", " ")[:200]
        text = render_to_string("email/notification.txt", context)
        html = render_to_string("email/notification.html", context)
    email = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
                                   to=[user.email])
    email.attach_alternative(html, "text/html")
    return email


def email_context(notification):
    """What both parts show, in the active language."""
    user = notification.user
    message = messages.message(notification.key)
    is_task = message.task if message is not None else bool(notification.task)
    params = messages.display_params(notification.params or {})
    about = [(label, params[name]) for name, label in (
        ("code", _("Mã số")), ("title", _("Tên")), ("issue", _("Lần ban hành")),
    ) if params.get(name) not in (None, "")]
    return {
        "title": notification.title,
        "name": user.display_name,
        "is_task": is_task,
        "about": about,
        "due": params.get("due") or "",
        "link": absolute(notification.url),
        "button": _("Mở và xử lý") if is_task else _("Xem chi tiết"),
        "why": why(user, notification, is_task),
        # The header names the standard of the agency the notification concerns (both editions without one).
        "standard": editions.standard_label(notification.agency or user.agency),
    }


def absolute(url):
    site = settings.SITE_URL.rstrip("/")
    return f"{site}{url}" if url.startswith("/") else f"{site}/"


def why(user, notification, is_task):
    """The footer: why this person got the e-mail, by their roles in the agency it concerns."""
    labels = dict(Role.choices)
    # " / ": a role's own name may hold a comma ("Cán bộ, công chức").
    roles = " / ".join(str(labels[r]) for r in Role.values if r in user.role_set) or _("người dùng")
    agency = notification.agency or user.agency
    where = agency.name if agency is not None else "QMS"
    if is_task:
        return _("Anh/chị nhận thư này vì việc trên được giao cho anh/chị, với vai trò %(roles)s của %(agency)s.") % {
            "roles": roles, "agency": where}
    return _("Anh/chị nhận thư này để biết, với vai trò %(roles)s của %(agency)s.") % {"roles": roles, "agency": where}
