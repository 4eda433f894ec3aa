"""The audits app's models, for Django: each lives in its subject's package.

Django loads an app's models from ``<app>.models``; the classes are defined in
``audits/capa/models.py`` (nonconformities, actions, effectiveness), ``audits/internal/models.py``
(programmes, audits, checklists, findings) and ``audits/feedback/models.py`` (citizens' feedback).
Code imports them from there, never from here (tests/test_layout.py checks).
"""

from audits.capa.models import (  # noqa: F401
    Action,
    ActionEvidence,
    EffectivenessCheck,
    Nonconformity,
    NonconformityCounter,
    WhyStep,
)
from audits.feedback.models import Feedback  # noqa: F401
from audits.internal.models import (  # noqa: F401
    Audit,
    AuditProgramme,
    ChecklistAttachment,
    ChecklistItem,
    ChecklistTemplate,
    Finding,
)
