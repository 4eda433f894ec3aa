"""Document-control figures of the provincial overview (MR-4): what is current, never its content."""

from django.db.models import Case, Count, Value, When

from processes.documents.models import Document, Revision
from qms.core.overview import MANDATORY_CLAUSES


def _names(clauses, clause):
    """True if the clause list ("4.2.3; 8.2") names ``clause`` or one of its sub-clauses (qms.core.overview.covers),
    read as the list written ",a,b," with ";" for "," and no spaces at all."""
    clause_list = "," + clauses.replace(";", ",").replace(" ", "") + ","
    return f",{clause}," in clause_list or f",{clause}." in clause_list


def fill(rows, today):
    """Current documents, and whether policy, objectives, manual and the six procedures are in force: one query,
    counted in SQL per agency, type and (procedures only) clause list, so a few hundred groups come back for the
    province's 10,000 current documents, and each distinct clause list is read once here rather than six times
    per procedure in SQL (string work that was most of this query's time)."""
    T = Document.Type
    current = (
        Document.objects.filter(revisions__status=Revision.Status.EFFECTIVE, agency_id__in=list(rows))
        .annotate(procedure_clauses=Case(When(doc_type=T.PROCEDURE, then="clauses"), default=Value("")))
        .values("agency_id", "doc_type", "procedure_clauses").order_by()
        .annotate(n=Count("pk"))
    )
    for item in current:
        row = rows[item["agency_id"]]
        row.current_documents += item["n"]
        doc_type = item["doc_type"]
        if doc_type == T.POLICY:
            row.has_policy = True
        elif doc_type == T.OBJECTIVES:
            row.has_objectives = True
        elif doc_type == T.MANUAL:
            row.has_manual = True
        elif doc_type == T.PROCEDURE:
            for clause in MANDATORY_CLAUSES:
                if not row.procedures[clause] and _names(item["procedure_clauses"], clause):
                    row.procedures[clause] = True
