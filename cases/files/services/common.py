"""What the intake and handling services share: text cleaning, the calendar, locking a file."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.files.models import Case, Outcome
from qms.core import search
from qms.core.workdays import WorkCalendar


def clean_text(value, limit=None):
    """NFC-normalised, stripped text; NUL bytes removed (PostgreSQL refuses them)."""
    text = unicodedata.normalize("NFC", str(value or "")).replace("\x00", "").strip()
    return text[:limit] if limit else text


def calendar(agency):
    return WorkCalendar.for_agency(agency)


def locked_case(case):
    return Case.objects.select_for_update().select_related("agency", "document", "revision").get(pk=case.pk)


def refuse_unless(case, *statuses, message=None):
    if case.status not in statuses:
        raise ValidationError(message or _("Hồ sơ %(code)s đang ở trạng thái \"%(status)s\"; không làm được việc "
                                           "này.") % {"code": case.code, "status": case.get_status_display()})


def outcome_of(done_at, due_at, *, tz_date):
    """Early when finished on a day before the due day, on time up to the due time, late after it."""
    if due_at is None or done_at <= due_at and tz_date(done_at) < tz_date(due_at):
        return Outcome.EARLY
    return Outcome.ON_TIME if done_at <= due_at else Outcome.LATE


def refresh_search(case):
    search.refresh(case)
    case.search_code = search.fold(case.code)
    return case


def params(case, **extra):
    return {"code": case.code, "procedure": case.document.title[:120], **extra}
