"""Which document-control records' history a user may read on the history page (qms.core.views)."""

from processes.documents.models import Document, Revision
from processes.documents.permissions import visible_documents, visible_revisions


def scopes(user):
    agency = user.agency
    return {
        "processes.document": (visible_documents(user, Document.objects.for_agency(agency)), False),
        "processes.revision": (visible_revisions(user, Revision.objects.for_agency(agency)), False),
    }
