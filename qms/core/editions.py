"""Which edition of TCVN ISO 9001 an agency applies, and since when (issue 18).

An agency starts on 2008. Its coordinator moves it to 2015 (or back, if the move was entered by mistake) with
``set_edition``: a named change with a reason, kept in the agency's history. Records keep the clause they were
made with; ``edition_on`` says which edition a record of a given date was made under, so a 2008 finding in an
agency now on 2015 is shown with its 2015 equivalent beside it (``{% clause %}`` in qms/core/templatetags).

Everything else the interface says about the standard comes from here too, so that no page, PDF or e-mail names
an edition of its own: ``standard_label`` (the standard's name, or both editions where no agency is known),
``header_line`` (the line under the agency's name on documents and printed records), ``term`` (the words 2015
changed: "documented information" for documents and records), ``cite`` (a clause the interface's own texts cite,
numbered as the edition numbers it) and ``pdf_keywords``. Pages reach them through the ``agency_edition`` /
``agency_standard`` context (qms.core.context_processors.edition) and the tags of qms/core/templatetags/clauses.py.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def standard_label(agency=None, made=None):
    """The standard ``agency`` applies (for a record made on ``made``: the edition it was made under); both
    editions where no agency is known (the login page, the citizens' front door, the oversight body, which runs no
    QMS of its own)."""
    if agency is None or agency.kind != Agency.Kind.SUPERVISED:
        return _("TCVN ISO 9001:2008 và TCVN ISO 9001:2015")
    return standard_name(edition_on(agency, made))


# The line under the agency's name on its documents and printed records, when it has not written its own.
DEFAULT_HEADER = "HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG THEO TIÊU CHUẨN {standard}"


def header_line(agency, made=None):
    """The header line of a document or printed record of ``agency`` made on ``made`` (None: now).

    The agency's own wording (``Agency.qms_header``, which it may have typed itself) is kept; only the year of the
    standard in it follows the edition the record was made under. A revision approved under 2008 keeps "2008" on
    its controlled copies after the agency moves to 2015: its master PDF is the approved document, stored with its
    checksum, and re-rendering it must not change what was approved; the next issue, approved under 2015, says
    2015 (the transition view lists the procedures still to re-issue)."""
    edition = edition_on(agency, made)
    text = (agency.qms_header or "").strip() if agency is not None else ""
    if not text:
        return DEFAULT_HEADER.format(standard=standard_name(edition))
    return _header(text, edition)


def pdf_keywords(agency, made=None, *more, clause=None):
    """A PDF's keywords: the edition the record was made under ("ISO 9001:2015"), the clause the record answers
    to (``clause`` in 2008's numbering, given as that edition numbers it), then ``more``."""
    edition = edition_on(agency, made)
    cited = [cite(clause, edition)] if clause else []
    return [standard_name(edition).removeprefix("TCVN "), *cited, *more]


def restate(codes, edition):
    """Clause codes written in 2008's numbering ("7.2, 7.5") as ``edition`` numbers the same requirements: the
    first 2015 clause carrying each (clauses.equivalent), without repeats; a code with no equivalent is dropped.
    For content written once for agencies on either edition (the demo data)."""
    if edition != clauses.EDITION_2015:
        return codes
    found = []
    for code in clauses.split_codes(codes):
        for one in (clauses.equivalent(code, clauses.EDITION_2008, edition) or ())[:1]:
            if one not in found:
                found.append(one)
    return ", ".join(found)


# Clauses the interface's own texts cite (headings, help texts, notes, PDF keywords), as each edition numbers them:
# 8.5.2 a–f of 2008 are 10.2.1 a–d and 10.2.2 of 2015; control of nonconforming output 8.3 is 8.7; preventive
# action 8.5.3 became actions on risks (6.1).
CITES = {
    "8.2.2": "9.2.2", "8.3": "8.7", "8.5.2": "10.2", "8.5.2.b": "10.2.1.b", "8.5.2.c": "10.2.1.b",
    "8.5.2.d": "10.2.1.c", "8.5.2.e": "10.2.2", "8.5.2.f": "10.2.1.d", "8.5.3": "6.1",
}


def cite(codes, edition):
    """Clauses ``codes`` ("8.5.2.b, 8.5.2.c": 2008's numbering, keys of CITES) as ``edition`` numbers them, without
    repeats. A code that is not in CITES raises KeyError in either edition: it is added there when a text cites it."""
    found = []
    for code in clauses.split_codes(codes):
        one = CITES[code] if edition == clauses.EDITION_2015 else (CITES[code] and code)
        if one not in found:
            found.append(one)
    return ", ".join(found)


# What 2015 renamed (7.5): documents and records became "documented information", maintained (≈ documents) or
# retained (≈ records). Only where the words name the requirement (headings, the notes citing 4.2.3 / 4.2.4, the
# overview's mandatory procedures); a document is still "tài liệu" everywhere else.
TERMS = {
    "documents_title": {
        clauses.EDITION_2008: gettext_lazy("Tài liệu hệ thống quản lý chất lượng"),
        clauses.EDITION_2015: gettext_lazy("Thông tin dạng văn bản được duy trì (tài liệu)"),
    },
    "documents_intro": {
        clauses.EDITION_2008: gettext_lazy(
            "Kiểm soát tài liệu (TCVN ISO 9001:2008, điều 4.2.3): tài liệu được phê duyệt trước khi ban hành, "
            "xem xét và cập nhật khi cần, nhận biết được thay đổi và tình trạng sửa đổi, sẵn có ở nơi sử dụng; "
            "tài liệu lỗi thời được thu hồi."),
        clauses.EDITION_2015: gettext_lazy(
            "Kiểm soát thông tin dạng văn bản được duy trì (TCVN ISO 9001:2015, điều 7.5): tài liệu được phê duyệt "
            "trước khi ban hành, xem xét và cập nhật khi cần, nhận biết được thay đổi và tình trạng sửa đổi, sẵn có "
            "ở nơi sử dụng; tài liệu lỗi thời được thu hồi."),
    },
    "record_control": {
        clauses.EDITION_2008: gettext_lazy("lưu theo quy định kiểm soát hồ sơ (TCVN ISO 9001:2008, điều 4.2.4)"),
        clauses.EDITION_2015: gettext_lazy(
            "lưu giữ theo quy định kiểm soát thông tin dạng văn bản (TCVN ISO 9001:2015, điều 7.5.3)"),
    },
    "mandatory_procedures": {
        clauses.EDITION_2008: gettext_lazy(
            "Thủ tục bắt buộc theo TCVN ISO 9001:2008: kiểm soát tài liệu (4.2.3), kiểm soát hồ sơ (4.2.4), đánh giá "
            "nội bộ (8.2.2), kiểm soát sản phẩm không phù hợp (8.3), hành động khắc phục (8.5.2), hành động phòng "
            "ngừa (8.5.3)."),
        clauses.EDITION_2015: gettext_lazy(
            "TCVN ISO 9001:2015 không yêu cầu các thủ tục dạng văn bản này: cơ quan duy trì và lưu giữ thông tin "
            "dạng văn bản cần thiết cho hệ thống (điều 7.5)."),
    },
    "procedures_not_required": {
        clauses.EDITION_2008: "",
        clauses.EDITION_2015: gettext_lazy("Không bắt buộc theo 2015 (thông tin dạng văn bản, 7.5)"),
    },
}


def term(key, edition):
    """The words of ``key`` (a key of TERMS) in ``edition``; 2008's where the edition is not known."""
    words = TERMS[key]
    return words.get(edition) or words[clauses.EDITION_2008]


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
