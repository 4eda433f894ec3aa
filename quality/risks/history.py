"""Which risk records' history a user may read: every member's, as the register is theirs to read."""

from quality.risks.models import Risk, RiskAction


def scopes(user):
    agency = user.agency
    return {
        "quality.risk": (Risk.objects.filter(agency=agency), False),
        "quality.riskaction": (RiskAction.objects.filter(agency=agency), False),
    }
