"""The citizens' status page: looking a file up by its code or its QR key, limited per sender, and the
applicant's rating through the QR (cases.files.services.case_rate, once, after the result was returned)."""

import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.feedback.services import address_hash
from cases.files import services as files_services
from cases.files.models import Case
from cases.public.models import StatusLookup
from qms.core.locks import serialise_on

# File codes: <AGENCY CODE>-<yymmdd>-<nnnn> (cases/files/services/intake.py); agency codes are slugs.
CODE_SHAPE = re.compile(r"[A-Za-z0-9._-]{3,64}")
KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,32}")
KEEP_LOOKUPS = timedelta(days=1)


class TooManyLookups(Exception):
    def __init__(self):
        super().__init__(_("Bạn đã tra cứu quá nhiều lần trong một giờ. Xin vui lòng thử lại sau."))
        self.message = self.args[0]


def per_hour():
    return settings.QMS_CASE_LOOKUPS_PER_HOUR


def counted(ip, find):
    """The one limiter of anonymous status lookups: run ``find`` if the sender has lookups left this hour
    (QMS_CASE_LOOKUPS_PER_HOUR), and count it; raise TooManyLookups otherwise. The status page and the API's
    /public/files/<code> (api/v1/files.py) both come through here, so a citizen's lookups count once whichever
    door they use. Serialised per sender so that parallel requests cannot all pass the count."""
    ip_hash = address_hash(ip)
    with transaction.atomic():
        serialise_on(f"case-lookup:{ip_hash}")
        now = timezone.now()
        if StatusLookup.objects.filter(ip_hash=ip_hash, at__gte=now - timedelta(hours=1)).count() >= per_hour():
            raise TooManyLookups
        case = find()
        StatusLookup.objects.create(ip_hash=ip_hash, at=now, found=case is not None)
    return case


def _public_cases():
    return Case.objects.select_related("agency", "document", "current_step__department")


def by_code(code):
    """The file with this code, uncounted (for a caller who is known: the API with a token)."""
    code = (code or "").strip()
    if not CODE_SHAPE.fullmatch(code):
        return None  # never reaches the database (PostgreSQL refuses NUL bytes, for one)
    return _public_cases().filter(code__iexact=code).order_by("pk").first()


def find_by_code(*, code, ip):
    """An anonymous lookup by code, counted; a code of the wrong shape finds nothing and is not counted."""
    if not CODE_SHAPE.fullmatch((code or "").strip()):
        return None
    return counted(ip, lambda: by_code(code))


def find_by_key(*, key, ip):
    if not KEY_SHAPE.fullmatch(key or ""):
        return None
    return counted(ip, lambda: _public_cases().filter(public_key=key).first())


def status_of(case, now=None):
    """What the public page tells: never the applicant beyond initials, never who handles the file."""
    now = now or timezone.now()
    apology = case.apologies.order_by("-number").first()
    step = case.current_step if case.is_open else None
    return {
        "case": case, "apology": apology, "late": case.late_at(now),
        "stage": (step.department.name if step and step.department_id else None),
        "can_rate": case.status == Case.Status.RETURNED and not case.rating,
    }


def rate(*, case, rating, comment, ip):
    """The applicant's own rating through the QR page (no user); counted like a lookup."""
    counted(ip, lambda: case)
    return files_services.case_rate(case=case, rating=rating, comment=comment, user=None)


@transaction.atomic
def purge_lookups(today=None):
    """Forget lookups older than a day: the count only needs the last hour."""
    deleted, _rows = StatusLookup.objects.filter(at__lt=timezone.now() - KEEP_LOOKUPS).delete()
    return deleted
