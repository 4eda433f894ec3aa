"""Daily scheduled work for document control (called by `manage.py run_scheduled` as job(today=...))."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from processes.documents.messages import revision_params
from processes.documents.models import Acknowledgement, Document, Revision
from processes.documents.services import activate_due_revisions
from qms.core.models import Role, User
from qms.core.notify import notify, task_key

REVIEW_REMINDER_DAYS_BEFORE = 30
ACK_REMINDER_EVERY_DAYS = 7


def activate_revisions(today=None):
    """DOC-6: approved revisions whose effective date has come become effective; the previous one superseded."""
    return activate_due_revisions(today or timezone.localdate())


def periodic_review_reminders(today=None):
    """DOC-8: remind 30 days before the review date, on it, and weekly once it has passed."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_REMINDER_DAYS_BEFORE)
    documents = Document.objects.filter(withdrawn_at__isnull=True, next_review_due__lte=horizon).select_related(
        "owner", "agency")
    sent = 0
    coordinators = {}
    for document in documents:
        days = (document.next_review_due - today).days
        if not (days == REVIEW_REMINDER_DAYS_BEFORE or days == 0 or (days < 0 and -days % 7 == 0)):
            continue
        if document.agency_id not in coordinators:
            coordinators[document.agency_id] = list(User.objects.in_agency(document.agency).with_role(Role.COORDINATOR))
        people = {u.pk: u for u in coordinators[document.agency_id] + ([document.owner] if document.owner else [])}
        key = "documents.periodic_review_overdue" if days < 0 else "documents.periodic_review_due"
        notify(list(people.values()), key, reverse("processes:periodic_review", kwargs={"pk": document.pk}),
               params={"code": document.code, "title": document.title, "due": document.next_review_due.isoformat()},
               task=task_key(document, "periodic_review"), agency=document.agency)
        sent += 1
    return sent


def acknowledgement_reminders(today=None, now=None):
    """DOC-10: remind readers who have not acknowledged an effective revision after a week, weekly."""
    now = now or timezone.now()
    if today is not None and today != timezone.localdate():
        now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(8)))
    cutoff = now - datetime.timedelta(days=ACK_REMINDER_EVERY_DAYS)
    pending = (
        Acknowledgement.objects.filter(acknowledged_at__isnull=True, revision__status=Revision.Status.EFFECTIVE,
                                       requested_at__lte=cutoff)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=cutoff))
        .select_related("user", "revision", "revision__document")
    )
    count = 0
    for ack in pending:
        notify([ack.user], "documents.acknowledge_reminder",
               reverse("processes:revision_detail", kwargs={"pk": ack.revision_id}),
               params=revision_params(ack.revision), task=task_key(ack.revision, "ack"), agency=ack.agency)
        ack.reminded_at = now
        ack.save(update_fields=["reminded_at"])
        count += 1
    return count


JOBS = [activate_revisions, periodic_review_reminders, acknowledgement_reminders]
