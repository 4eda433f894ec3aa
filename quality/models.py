"""The quality app's models, for Django: each lives in its subject's package.

``quality/objectives/models.py`` (quality objectives, indicators, measurements, MR-1) and
``quality/review/models.py`` (management review meetings, inputs, decisions, MR-2), ``quality/reports/models.py``
(the yearly report to the provincial Department, MR-4). Dashboards (MR-3) own no
table. Code imports models from the subject's module, never from here (tests/test_layout.py checks).
"""

from quality.objectives.models import Measurement, Objective  # noqa: E402, F401
from quality.review.models import Decision, ManagementReview, SectionNote  # noqa: E402, F401
from quality.reports.models import YearlyReport  # noqa: E402, F401
from quality.context.models import ContextIssue, InterestedParty  # noqa: E402, F401
from quality.risks.models import Risk, RiskAction  # noqa: E402, F401
