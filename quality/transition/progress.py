"""How far agencies are in moving to ISO 9001:2015 (issue 18): which of the records 2015 asks for and 2008 did not
exist yet. A fixed number of queries for any number of agencies (one per requirement, grouped by agency)."""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.models import Agency

from quality.context.models import ContextIssue, InterestedParty
from quality.objectives.models import Objective
from quality.risks.models import Risk, RiskAction

# (key, clause of 2015, what is recorded, the page that records it)
REQUIREMENTS = [
    ("context", "4.1", _("Vấn đề nội bộ và bên ngoài"), "quality:context"),
    ("parties", "4.2", _("Các bên quan tâm và yêu cầu của họ"), "quality:context"),
    ("risks", "6.1", _("Sổ rủi ro và cơ hội"), "quality:risk_list"),
    ("risk_actions", "6.1.2", _("Hành động giải quyết rủi ro, cơ hội"), "quality:risk_list"),
    # An objective of the current year with its plan (what, resources, who, when, how evaluated).
    ("objective_plans", "6.2.2", _("Kế hoạch thực hiện mục tiêu chất lượng"), "quality:objective_list"),
]


def recorded(agency_ids, today=None):
    """{agency id: {requirement key: bool}}, in one query (an EXISTS per requirement)."""
    own = {"agency": OuterRef("pk")}
    year = (today or timezone.localdate()).year
    rows = Agency.objects.filter(pk__in=list(agency_ids)).annotate(
        has_context=Exists(ContextIssue.objects.filter(**own, is_active=True)),
        has_parties=Exists(InterestedParty.objects.filter(**own, is_active=True)),
        has_risks=Exists(Risk.objects.filter(**own)),
        has_risk_actions=Exists(RiskAction.objects.filter(**own)),
        has_objective_plans=Exists(Objective.objects.planned().filter(**own, year=year)),
    ).values("pk", *[f"has_{key}" for key, *_rest in REQUIREMENTS])
    return {row["pk"]: {key: row[f"has_{key}"] for key, *_rest in REQUIREMENTS} for row in rows}
