"""The cases app's models, for Django: each lives in its subject's package.

``cases/files/models.py``: the one-stop files, their steps, hand-overs, apology slips, the per-agency counter
and settings, and the log of who saw applicants' details. ``cases/figures/models.py``: the monthly figures'
summary tables. ``cases/public/models.py``: the status page's lookups
(counted to limit them). Code imports models from the subject's module, never
from here (tests/test_layout.py checks).
"""

from cases.files.models import (  # noqa: F401
    ApologySlip,
    Case,
    CaseCounter,
    CaseStep,
    Handover,
    OneStopSettings,
    PersonalDataAccess,
)
from cases.figures.models import MonthTally, StepTally  # noqa: F401,E402
from cases.public.models import StatusLookup  # noqa: F401,E402
