"""Document-control figures of the provincial overview (MR-4): what is current, never its content."""

from django.db.models import CharField, Count, Q, Value
from django.db.models.functions import Concat, Replace

from processes.documents.models import Document, Revision
from qms.core.overview import MANDATORY_CLAUSES


def _names(clause):
    """The condition "the clause list names ``clause`` or one of its sub-clauses" (qms.core.overview.covers), in SQL
    on the list written as ",a,b," without spaces (annotated ``clause_list``)."""
    return Q(clause_list__contains=f",{clause},") | Q(clause_list__contains=f",{clause}.")


def fill(rows, today):
    """Current documents, and whether policy, objectives, manual and the six procedures are in force: one query,
    counted per agency in SQL (the province's current documents are never loaded to be counted)."""
    T = Document.Type
    procedure = Q(doc_type=T.PROCEDURE)
    current = (
        Document.objects.filter(revisions__status=Revision.Status.EFFECTIVE, agency_id__in=list(rows))
        .annotate(clause_list=Concat(
            Value(","), Replace(Replace("clauses", Value(";"), Value(",")), Value(" "), Value("")), Value(","),
            output_field=CharField()))
        .values("agency_id").order_by()
        .annotate(current=Count("pk"), policy=Count("pk", filter=Q(doc_type=T.POLICY)),
                  objectives=Count("pk", filter=Q(doc_type=T.OBJECTIVES)),
                  manual=Count("pk", filter=Q(doc_type=T.MANUAL)),
                  **{f"p{i}": Count("pk", filter=procedure & _names(clause))
                     for i, clause in enumerate(MANDATORY_CLAUSES)})
    )
    for item in current:
        row = rows[item["agency_id"]]
        row.current_documents = item["current"]
        row.has_policy, row.has_objectives, row.has_manual = (
            item["policy"] > 0, item["objectives"] > 0, item["manual"] > 0)
        for i, clause in enumerate(MANDATORY_CLAUSES):
            row.procedures[clause] = item[f"p{i}"] > 0
