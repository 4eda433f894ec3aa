"""Models of the audits app, one module per area.

- ``nc``: nonconformities, corrective/preventive actions, evidence, effectiveness checks (8.3, 8.5.2, 8.5.3)
- ``feedback``: citizens' feedback (8.2.1)

Internal-audit models (programme, audit, checklist, finding) go in their own module and are
imported here too.
"""

from audits.models.feedback import Feedback  # noqa: F401
from audits.models.nc import (  # noqa: F401
    Action,
    ActionEvidence,
    EffectivenessCheck,
    Nonconformity,
    NonconformityCounter,
    WhyStep,
)
from audits.models.audit import Audit, AuditProgramme, ChecklistAttachment, ChecklistItem, ChecklistTemplate, Finding  # noqa: F401,E501
