"""Which document-control records' history a user may read on the history page (qms.core.views)."""

from processes.documents.models import Document, Revision


def scopes(user):
    agency = user.agency
    return {
        "processes.document": (Document.objects.for_agency(agency), False),
        "processes.revision": (Revision.objects.for_agency(agency).visible_to(user), False),
    }
