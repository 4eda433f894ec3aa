"""Which internal-audit records' history a user may read: the audits they may open, and their findings."""

from audits.internal.models import Audit, Finding


def scopes(user):
    visible = Audit.objects.visible_to(user)
    return {
        "audits.audit": (visible, False),
        "audits.finding": (Finding.objects.filter(audit__in=visible), False),
    }
