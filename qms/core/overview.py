"""Figures for the provincial oversight body (MR-4): one row per supervised agency (never the oversight body
itself, Agency.Kind), no drafts, no content.

A fixed number of queries whatever the number of agencies: one per figure, grouped by agency.
Each subject fills its own figures (registered with ``qms.core.subjects.register_overview``: documents,
nonconformities and actions, internal audits); none reads a document's content.
"""

from dataclasses import dataclass, field

from django.utils import timezone

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

    @property
    def missing_procedures(self):
        return [c for c, ok in self.procedures.items() if not ok]


def covers(clauses_text, clause):
    """True if a document's clause list ("4.2.3, 8.2") names ``clause`` or one of its sub-clauses."""
    parts = [c.strip() for c in (clauses_text or "").replace(";", ",").split(",")]
    return any(p == clause or p.startswith(clause + ".") for p in parts)


def province_overview(today=None):
    today = today or timezone.localdate()
    rows = {a.pk: AgencyStatus(agency=a, procedures={c: False for c in MANDATORY_CLAUSES})
            for a in Agency.objects.supervised().order_by("name")}
    for fill in overview_figures():
        fill(rows, today)
    return list(rows.values())
