"""The processes app's models, for Django: each lives in its subject's package.

Django loads an app's models from ``<app>.models``; the classes are defined in
``processes/documents/models.py`` (documents, revisions and their records) and
``processes/copies/models.py`` (master PDFs, copies, downloads). Code imports them from there,
never from here (tests/test_layout.py checks), so a subject's dependencies stay visible.
"""

from processes.copies.models import Copy, CopyDownload, MasterPDF  # noqa: F401
from processes.documents.models import (  # noqa: F401
    Acknowledgement,
    ChangeRequest,
    DistributionEntry,
    Document,
    PeriodicReview,
    ReviewAssignment,
    ReviewComment,
    Revision,
    Signature,
)
