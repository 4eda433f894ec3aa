"""Which edition of TCVN ISO 9001 an agency applies, and since when (issue 18).

An agency starts on 2008. Its coordinator moves it to 2015 (or back, if the move was entered by mistake) with
``set_edition``: a named change with a reason, kept in the agency's history. Records keep the clause they were
made with; ``edition_on`` says which edition a record of a given date was made under, so a 2008 finding in an
agency now on 2015 is shown with its 2015 equivalent beside it (``{% clause %}`` in qms/core/templatetags).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core import clauses
from qms.core.history import save_tracked
from qms.core.models import Agency

STANDARD = {edition: f"TCVN ISO 9001:{edition}" for edition in clauses.EDITIONS}


def standard_name(edition):
    """"TCVN ISO 9001:2015": how the standard is named on pages and PDF headers."""
    return STANDARD.get(edition, STANDARD[clauses.EDITION_2008])


def edition_on(agency, when=None):
    """The edition a record of ``agency`` made on ``when`` (a date or datetime; None: today) falls under."""
    if agency is None:
        return clauses.EDITION_2008
    if when is None:
        return agency.iso_edition
    day = timezone.localdate(when) if isinstance(when, datetime.datetime) else when
    since = agency.iso_edition_since
    if agency.iso_edition == clauses.EDITION_2015 and since is not None and day < since:
        return clauses.EDITION_2008
    return agency.iso_edition


def equivalents(code, made, current):
    """What a record citing ``code`` under edition ``made`` corresponds to in ``current``: a list of parts (one per
    code cited: its equivalents joined, or "no equivalent"), empty when the editions are the same or the codes
    are not in the catalogue. The one rule behind ``{% clause %}``, ``{% clause_equivalent %}`` and the figures by
    clause."""
    if made == current:
        return []
    parts = []
    for one in clauses.split_codes(code):
        found = clauses.equivalent(one, made, current)
        if found is not None:
            parts.append(", ".join(found) if found else _("không có điều tương ứng"))
    return parts


def with_equivalent(code, made, current):
    """``code`` as plain text with its equivalent in ``current`` beside it: "8.2.2 (ISO 9001:2015: 9.2)"."""
    parts = equivalents(code, made, current)
    if not parts:
        return code
    return f"{code} ({standard_name(current).removeprefix('TCVN ')}: {'; '.join(parts)})"


def _header(text, edition):
    """The agency's PDF header line, its standard's year made to match the edition."""
    for other in clauses.EDITIONS:
        text = text.replace(f"9001:{other}", f"9001:{edition}")
    return text


def set_edition(*, agency, edition, since, reason, by):
    """Move ``agency`` to ``edition`` from ``since``. Raises ValidationError (messages for the form) for an unknown
    edition, a missing date or reason, the edition it is already on, or a date before 2015 was published."""
    reason = (reason or "").strip()
    errors = {}
    if edition not in clauses.EDITIONS:
        errors["edition"] = _("Phiên bản tiêu chuẩn không hợp lệ.")
    if since is None:
        errors["since"] = _("Hãy nhập ngày bắt đầu áp dụng.")
    elif edition == clauses.EDITION_2015 and since < datetime.date(2015, 9, 15):
        errors["since"] = _("TCVN ISO 9001:2015 chỉ áp dụng được từ ngày 15/9/2015 trở đi.")
    if not reason:
        errors["reason"] = _("Hãy ghi lý do (quyết định chuyển đổi của cơ quan).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Agency.objects.select_for_update().get(pk=agency.pk)
        if locked.iso_edition == edition:
            raise ValidationError({"edition": _("Cơ quan đang áp dụng %(standard)s.") % {
                "standard": standard_name(edition)}})
        locked.iso_edition = edition
        locked.iso_edition_since = since
        locked.qms_header = _header(locked.qms_header, edition)
        save_tracked(locked, user=by, reason=reason)
    agency.refresh_from_db()
    return agency
