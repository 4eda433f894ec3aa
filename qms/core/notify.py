"""Telling a person that something waits on them: an in-app notification and an e-mail.

Called by service functions; the e-mail is sent after the transaction commits so that a
rolled-back change never announces itself.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from qms.core.models import Notification


def notify(users, text, url="", *, agency=None, email=True):
    users = [u for u in users if u is not None and u.is_active]
    if not users:
        return []
    created = [
        Notification.objects.create(user=u, agency=agency or u.agency, text=text[:500], url=url) for u in users
    ]
    if email:
        recipients = sorted({u.email for u in users if u.email})
        if recipients:
            link = f"{settings.SITE_URL}{url}" if url else settings.SITE_URL
            transaction.on_commit(
                lambda: send_mail(
                    subject=f"[QMS] {text[:120]}",
                    message=f"{text}\n\n{link}",
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=recipients,
                    fail_silently=True,
                )
            )
    return created
