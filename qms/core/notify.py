"""Telling a person that something waits on them: an in-app notification and an e-mail.

Called by service functions; the e-mail is sent after the transaction commits so that a
rolled-back change never announces itself.

What a notification says is a message key with plain parameters (qms/core/messages.py; each subject lists its
own in ``messages.py``), so every person reads it, on My work and in the e-mail (qms/core/mail.py), in their
own language, whoever caused it.

Every call says what the notification asks for. ``task=task_key(obj, step)`` names a task (review this
revision, return this copy, answer this feedback…); the service that finishes it calls
``task_done(task_key(obj, step))`` in its own transaction, and the notification leaves "Thông báo mới" for
everyone it was sent to. ``task=None`` is information ("your revision was approved"): it is marked read when
its recipient opens it (views.notification_open). tests/core/test_notifications_done.py walks every kind.
"""

from django.db import transaction
from django.utils import timezone

from qms.core import mail, messages
from qms.core.models import Notification


def task_key(obj, step=""):
    """The name of a task about ``obj``: "<app>.<model>:<pk>" and, when one object has several, ":<step>"."""
    key = f"{obj._meta.label_lower}:{obj.pk}"
    return f"{key}:{step}" if step else key


def notify(users, key, url="", *, params=None, task, agency=None, email=True):
    """Tell each active user what ``key`` says (a registered message, qms/core/messages.py), filled with
    ``params`` (plain values; dates as ISO strings under ``due``). Each one reads it, and gets its e-mail, in
    their own language. Returns the notifications made, one per person (a person named twice is told once)."""
    params = dict(params or {})
    messages.check_params(key, params)
    people = {}
    for user in users:
        if user is not None and user.is_active:
            people.setdefault(user.pk, user)
    created = []
    for user in people.values():
        # ``text`` keeps the sentence as this recipient got it: the e-mail's subject, what the database reads.
        text = messages.render(key, params, language=messages.language_of(user))
        created.append(Notification.objects.create(
            user=user, agency=agency or user.agency, key=key, params=params, text=text[:500], url=url,
            task=task or ""))
    if email and any(n.user.email for n in created):
        transaction.on_commit(lambda: mail.send_notifications(created))
    return created


def task_done(task, *, users=None):
    """The task is finished: its notifications leave "Thông báo mới" (for ``users`` only, when given, as users or
    ids: the one reviewer who signed, the owner an action was taken from). Call it inside the finishing service's
    transaction, so the task and its notifications are finished together or not at all."""
    pending = Notification.objects.filter(task=task, read_at__isnull=True)
    if users is not None:
        pending = pending.filter(user__in=[getattr(u, "pk", u) for u in users if u is not None])
    return pending.update(read_at=timezone.now())
