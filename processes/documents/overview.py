"""Document-control figures of the provincial overview (MR-4): what is current, never its content."""

from processes.documents.models import Document, Revision
from qms.core.overview import MANDATORY_CLAUSES, covers


def fill(rows, today):
    """Current documents, and whether policy, objectives, manual and the six procedures are in force."""
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
                if covers(clauses, clause):
                    row.procedures[clause] = True
