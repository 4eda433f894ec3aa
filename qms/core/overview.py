"""Figures for the provincial oversight body (MR-4): one row per agency, no drafts, no content.

A fixed number of queries whatever the number of agencies: one per figure, grouped by agency.
Each app contributes through the queries below; nothing here reads a document's content.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils import timezone

from qms.core.models import Agency

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
    overdue_actions: int = 0
    last_internal_audit: object = None

    @property
    def missing_procedures(self):
        return [c for c, ok in self.procedures.items() if not ok]


def _covers(clauses_text, clause):
    parts = [c.strip() for c in (clauses_text or "").replace(";", ",").split(",")]
    return any(p == clause or p.startswith(clause + ".") for p in parts)


def province_overview(today=None):
    from audits.models import Action, Nonconformity
    from processes.models import Document, Revision

    today = today or timezone.localdate()
    rows = {a.pk: AgencyStatus(agency=a, procedures={c: False for c in MANDATORY_CLAUSES})
            for a in Agency.objects.filter(is_active=True).order_by("name")}

    current = (
        Document.objects.filter(revisions__status=Revision.Status.EFFECTIVE, agency_id__in=rows)
        .values_list("agency_id", "doc_type", "clauses")
    )
    for agency_id, doc_type, clauses in current:
        row = rows[agency_id]
        row.current_documents += 1
        if doc_type == Document.Type.POLICY:
            row.has_policy = True
        elif doc_type == Document.Type.OBJECTIVES:
            row.has_objectives = True
        elif doc_type == Document.Type.MANUAL:
            row.has_manual = True
        elif doc_type == Document.Type.PROCEDURE:
            for clause in MANDATORY_CLAUSES:
                if _covers(clauses, clause):
                    row.procedures[clause] = True

    for item in Nonconformity.objects.active().values("agency_id").annotate(n=Count("pk")):
        if item["agency_id"] in rows:
            rows[item["agency_id"]].open_ncs = item["n"]
    for item in Action.objects.overdue(today).values("agency_id").annotate(n=Count("pk")):
        if item["agency_id"] in rows:
            rows[item["agency_id"]].overdue_actions = item["n"]

    try:
        from audits.models import Audit
    except ImportError:  # internal audits arrive with their own app module
        Audit = None
    if Audit is not None:
        done = Audit.objects.filter(status__in=["reported", "closed"])
        for item in done.values("agency_id").annotate(last=Max("end_date")):
            if item["agency_id"] in rows:
                rows[item["agency_id"]].last_internal_audit = item["last"]
    return list(rows.values())
