"""The processes app's models, for Django: each lives in its subject's package.

Django loads an app's models from ``<app>.models``; the classes are defined in
``processes/documents/models.py`` (documents, revisions), ``processes/documents/records.py`` (the
records of their life, imported by documents/models.py) and ``processes/copies/models.py`` (master
PDFs, copies, downloads). Code imports them from the subject's models module
(``processes.documents.models``, ``processes.copies.models``), never from here (tests/test_layout.py
checks), so a subject's dependencies stay visible.
"""

from processes.copies.models import Copy, CopyDownload, MasterPDF  # noqa: F401
from processes.documents.models import Document, Revision  # noqa: F401
from processes.documents.records import (  # noqa: F401
    Acknowledgement,
    ChangeRequest,
    DistributionEntry,
    PeriodicReview,
    ReviewAssignment,
    ReviewComment,
    Signature,
)
