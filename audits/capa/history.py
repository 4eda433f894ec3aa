"""Which nonconformity records' history a user may read on the history page (qms.core.views)."""

from audits.capa.models import Action, Nonconformity


def scopes(user):
    agency = user.agency
    return {
        "audits.nonconformity": (Nonconformity.objects.for_agency(agency), False),
        "audits.action": (Action.objects.for_agency(agency), False),
    }
