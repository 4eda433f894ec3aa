"""Figures for the provincial oversight body (MR-4): one row per supervised agency (never the oversight body
itself, Agency.Kind), no drafts, no content.

A fixed number of queries whatever the number of agencies: one per figure, grouped by agency.
Each subject fills its own figures (registered with ``qms.core.subjects.register_overview``: documents,
nonconformities and actions, internal audits); none reads a document's content.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core import editions
from qms.core.models import Agency
from qms.core.subjects import overview_figures

# The six documented procedures ISO 9001:2008 requires (4.2.1 c).
MANDATORY_CLAUSES = ["4.2.3", "4.2.4", "8.2.2", "8.3", "8.5.2", "8.5.3"]


@dataclass
class AgencyStatus:
    agency: Agency
    has_policy: bool = False
    has_objectives: bool = False
    has_manual: bool = False
    procedures: dict = field(default_factory=dict)  # clause → bool
    current_documents: int = 0
    open_ncs: int = 0
    overdue_ncs: int = 0  # open NCs with an action past its due date
    overdue_actions: int = 0
    last_internal_audit: object = None
    # Filled by the quality app (quality/apps.py) once its subjects register them: the date of the last management
    # review held (quality.review) and (met, measured) of this year's objectives (quality.objectives). None = not
    # registered or nothing to show; the page writes "Chưa có".
    last_management_review: object = None
    objectives_met: object = None
    # (recorded, asked) of the records ISO 9001:2015 adds (quality.transition); None when not registered.
    transition: object = None
    # The day the row is for when it is not today (a yearly report's last day): its edition is the one of that day.
    as_of: object = None

    @property
    def iso_edition(self):
        return editions.edition_on(self.agency, self.as_of)

    @property
    def missing_procedures(self):
        return [c for c, ok in self.procedures.items() if not ok]

    @property
    def procedures_note(self):
        """What stands for the six mandatory procedures of 2008 in an agency on 2015, which asks for none of them
        (documented information, 7.5); "" on 2008."""
        return editions.term("procedures_not_required", self.iso_edition)

    @property
    def procedures_text(self):
        """The mandatory-procedures figure in words, for the exports and the yearly report."""
        return str(self.procedures_note) or ", ".join(self.missing_procedures) or _("Đủ 6 thủ tục")


def covers(clauses_text, clause):
    """True if a document's clause list ("4.2.3, 8.2") names ``clause`` or one of its sub-clauses."""
    parts = [c.strip() for c in (clauses_text or "").replace(";", ",").split(",")]
    return any(p == clause or p.startswith(clause + ".") for p in parts)


def _filled(agencies, today):
    rows = {a.pk: AgencyStatus(agency=a, procedures={c: False for c in MANDATORY_CLAUSES}) for a in agencies}
    for fill in overview_figures():
        fill(rows, today)
    return list(rows.values())


def province_overview(today=None):
    return _filled(Agency.objects.supervised().order_by("name"), today or timezone.localdate())


def agency_status(agency, today=None):
    """One agency's row of the overview, for its drill-down page: the same figures by the same fills, the same
    fixed number of queries (a fill that groups every agency's rows keeps only this one's). Given a day, the row's
    edition is the one the agency applied that day."""
    row = _filled([agency], today or timezone.localdate())[0]
    row.as_of = today
    return row


def export_headers():
    return [_("Cơ quan"), _("Chính sách chất lượng"), _("Mục tiêu chất lượng"), _("Mục tiêu đạt trong năm"),
            _("Mục tiêu đã đo trong năm"), _("Sổ tay chất lượng"), _("Thủ tục bắt buộc còn thiếu"),
            _("Tài liệu hiện hành"), _("Đánh giá nội bộ gần nhất"), _("Xem xét của lãnh đạo gần nhất"),
            _("Sự không phù hợp đang mở"), _("Sự không phù hợp quá hạn"), _("Hành động quá hạn")]


def export_rows(rows):
    """The overview's rows as plain cells for qms.core.exports: dates stay dates, counts numbers; "objectives met"
    is two numbers (met, measured), blank when nothing was measured, so a spreadsheet can add them up."""
    def yes(flag):
        return _("Có") if flag else _("Chưa có")

    for row in rows:
        met, measured = row.objectives_met or (None, None)
        yield [row.agency.name, yes(row.has_policy), yes(row.has_objectives), met, measured, yes(row.has_manual),
               str(row.procedures_note) or ", ".join(row.missing_procedures), row.current_documents, row.last_internal_audit,
               row.last_management_review, row.open_ncs, row.overdue_ncs, row.overdue_actions]
