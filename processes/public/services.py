"""The front door's one state change: the uncontrolled copy citizens read or print (issue 14).

A citizen is nobody the register can name, so the public copy is not a copy per download (as a staff member's
uncontrolled copy is): each revision has one public copy (``Copy.is_public``, one per revision by a database
constraint), made the first time someone asks for it and stamped again with the time of printing on every
download. Its code and QR lead to the verification page like any other copy's, so a printed public copy can
be checked later. No download row is written for anonymous readers: a write per anonymous request would let
anyone flood the register (and on SQLite, lock writers) by reloading a link.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from processes.copies import services
from processes.copies.models import Copy, MasterPDF
from qms.pdf import codes
from qms.pdf.stamp import stamp_pdf


def _public_copy(revision):
    copy = Copy.objects.filter(revision=revision, is_public=True).first()
    if copy is not None:
        return copy
    copy = Copy(revision=revision, agency=revision.agency, kind=Copy.Kind.UNCONTROLLED, is_public=True,
                code=services._unique_code(), issued_at=timezone.now())
    try:
        with transaction.atomic():  # a savepoint: two first readers at once → one row, the other reads it
            copy.save()
    except IntegrityError:
        return Copy.objects.get(revision=revision, is_public=True)
    return copy


def download_public_copy(*, revision):
    """The revision's public uncontrolled copy, stamped now. Raises PermissionDenied for anything not published,
    services.MasterNotReady / MasterIntegrityError as staff downloads do."""
    from processes.documents.models import Document, Revision

    published = Document.objects.published().filter(pk=revision.document_id).exists()
    if not published or revision.status != Revision.Status.EFFECTIVE:
        raise PermissionDenied
    data = services.read_master(MasterPDF.objects.filter(revision=revision).first())
    copy = _public_copy(revision)
    lines = services.stamp_lines(copy, printed_at=timezone.now())
    pdf = stamp_pdf(data, kind=copy.kind, text_lines=lines, verify_url=services.verify_url(copy.code),
                    verify_code=codes.format_code(copy.code))
    return services.Download(copy=copy, pdf=pdf, filename=services.copy_filename(copy))
