"""Who receives a document and who has read it (DOC-10): acknowledgements asked for and given."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from processes.documents.messages import revision_params
from processes.documents.models import Acknowledgement, Revision
from qms.core.models import User
from qms.core.notify import notify, task_done, task_key

S = Revision.Status


def distribution_users(document):
    entries = list(document.distribution.all())
    dept_ids = [e.department_id for e in entries if e.department_id]
    user_ids = [e.user_id for e in entries if e.user_id]
    return list(User.objects.filter(Q(department_id__in=dept_ids) | Q(pk__in=user_ids), agency=document.agency,
                                    is_active=True).distinct())


def request_acknowledgements(*, revision):
    """Ask everyone on the distribution list to read and acknowledge the effective revision (DOC-10)."""
    people = distribution_users(revision.document)
    existing = set(revision.acknowledgements.values_list("user_id", flat=True))
    now = timezone.now()
    asked = []
    for person in people:
        if person.pk not in existing:
            Acknowledgement.objects.create(revision=revision, agency=revision.agency, user=person, requested_at=now)
            asked.append(person)
    notify(asked, "documents.acknowledge", reverse("processes:revision_detail", kwargs={"pk": revision.pk}),
           params=revision_params(revision), task=task_key(revision, "ack"), agency=revision.agency)
    return asked


@transaction.atomic
def acknowledge(*, revision, user):
    """"Đã đọc và hiểu": only for the effective revision; doing it twice changes nothing."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.agency_id != user.agency_id:
        raise PermissionDenied
    if revision.status != S.EFFECTIVE:
        raise ValidationError(_("Chỉ xác nhận đã đọc được lần ban hành đang hiệu lực."))
    ack, _created = Acknowledgement.objects.get_or_create(revision=revision, user=user,
                                                          defaults={"agency": revision.agency})
    if ack.acknowledged_at is None:
        ack.acknowledged_at = timezone.now()
        ack.save(update_fields=["acknowledged_at"])
    task_done(task_key(revision, "ack"), users=[user])
    return ack


def acknowledgement_rate(revision):
    """(acknowledged, asked) for a revision: of the people asked through the distribution list.

    Someone who reads and acknowledges without being asked is recorded, but does not change the rate
    (otherwise anyone could push it up).
    """
    rows = list(revision.acknowledgements.filter(requested_at__isnull=False).values_list("acknowledged_at", flat=True))
    return sum(1 for r in rows if r is not None), len(rows)
