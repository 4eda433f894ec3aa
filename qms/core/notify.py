"""Telling a person that something waits on them: an in-app notification and an e-mail.

Called by service functions; the e-mail is sent after the transaction commits so that a
rolled-back change never announces itself.

Every call says what the notification asks for. ``task=task_key(obj, step)`` names a task (review this
revision, return this copy, answer this feedback…); the service that finishes it calls
``task_done(task_key(obj, step))`` in its own transaction, and the notification leaves "Thông báo mới" for
everyone it was sent to. ``task=None`` is information ("your revision was approved"): it is marked read when
its recipient opens it (views.notification_open). tests/core/test_notifications_done.py walks every kind.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from qms.core.models import Notification


def task_key(obj, step=""):
    """The name of a task about ``obj``: "<app>.<model>:<pk>" and, when one object has several, ":<step>"."""
    key = f"{obj._meta.label_lower}:{obj.pk}"
    return f"{key}:{step}" if step else key


def notify(users, text, url="", *, task, agency=None, email=True):
    users = [u for u in users if u is not None and u.is_active]
    if not users:
        return []
    created = [
        Notification.objects.create(user=u, agency=agency or u.agency, text=text[:500], url=url, task=task or "")
        for u in users
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


def task_done(task, *, users=None):
    """The task is finished: its notifications leave "Thông báo mới" (for ``users`` only, when given, as users or
    ids: the one reviewer who signed, the owner an action was taken from). Call it inside the finishing service's
    transaction, so the task and its notifications are finished together or not at all."""
    pending = Notification.objects.filter(task=task, read_at__isnull=True)
    if users is not None:
        pending = pending.filter(user__in=[getattr(u, "pk", u) for u in users if u is not None])
    return pending.update(read_at=timezone.now())
