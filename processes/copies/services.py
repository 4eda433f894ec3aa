"""Master PDFs, stamped copies, verification and recall (spec PDF-1 … PDF-4), one named function each.

Flow: approval → :func:`on_approved` (after the approval commits) → :func:`queue_master` →
background task ``processes.copies.tasks.render_master_task`` → ``render.render_master`` stores the PDF
with its SHA-256. A download → :func:`read_master` (checks the SHA-256; a mismatch is refused, logged and
flagged for the coordinator) → :func:`stamp_copy` stamps it (milliseconds, never a re-render) and records
the copy and the download. A revision becoming effective → :func:`on_effective` issues controlled copies to
the previous issue's holders and the distribution list (:func:`successor_holders`) and asks holders of the older
issues' copies to return them; a withdrawn document →
:func:`on_withdrawn` asks all of its copies back. The ``on_*`` handlers are called by documents through
processes/documents/hooks.py (registered in processes/apps.py): documents does not import copies.
"""

from __future__ import annotations

import datetime
import logging
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from processes.copies import leases, render
from processes.copies.models import Copy, CopyDownload, MasterPDF
from processes.copies.permissions import (  # noqa: F401 (re-exported: the views ask through this module)
    can_download_controlled,
    can_download_obsolete,
    can_download_uncontrolled,
    can_manage_copies,
    can_open_recall,
    can_see_register,
)
from processes.copies.recall import confirm_recall, request_recall  # noqa: F401 (re-exported)
from processes.copies.tasks import render_master_task
from processes.documents import permissions as perms
from processes.documents.messages import revision_params
from processes.documents.models import DistributionEntry, Revision
from processes.documents.services import retry_on_lock
from qms.core.history import save_tracked
from qms.core.models import Role, User
from qms.core.notify import notify, task_key
from qms.pdf import codes
from qms.pdf.stamp import controlled_lines, obsolete_lines, stamp_pdf, uncontrolled_lines

logger = logging.getLogger("qms.pdf")

S = Revision.Status
K = Copy.Kind


class MasterNotReady(Exception):
    """The master is queued, rendering or failed: there is nothing to stamp yet."""


class MasterIntegrityError(Exception):
    """The stored master no longer matches its SHA-256: it must not be served."""


# --- the master: queued, retried, read back (render.py renders it) ----------------------------------------------


@transaction.atomic
def queue_master(*, revision_id, force=False):
    """Queue the render of a revision's master (approval hook; retry; template change). Idempotent."""
    revision = Revision.objects.select_for_update().select_related("document").get(pk=revision_id)
    if revision.status not in Revision.LOCKED or revision.document.is_external:
        return None  # external documents are controlled as their uploaded file, not printed from the template
    # Locked: a render settling this master at the same moment (render._settle) must not be overwritten.
    master, created = MasterPDF.objects.select_for_update().get_or_create(revision=revision,
                                                                           defaults={"agency": revision.agency})
    if not created:
        current = master.status == MasterPDF.Status.DONE and master.template_version == render.TEMPLATE_VERSION \
            and master.integrity_failed_at is None
        if master.is_pending and not force:
            return master
        if current and not force:
            return master
        master.status = MasterPDF.Status.QUEUED
        master.queued_at = timezone.now()
        master.error = ""
        master.save()
        leases.release(master.pk)  # a lost render's lease (retried by hand): it is no longer rendering
    transaction.on_commit(lambda: render_master_task.enqueue(master.pk))
    return master


def can_retry(master):
    if master.status == MasterPDF.Status.FAILED or master.integrity_failed_at is not None:
        return True
    if master.status == MasterPDF.Status.DONE and master.template_version != render.TEMPLATE_VERSION:
        return True
    # A render whose worker died is queued again automatically within 90 s (recovery.py); the coordinator
    # may also do it by hand as soon as its lease has run out.
    return master.status == MasterPDF.Status.RENDERING and not leases.is_alive(master)


def retry_master(*, master, user):
    """The coordinator's "render again" (after a failure, a lost worker or a tampered file)."""
    if not (perms.same_agency(user, master) and perms.is_doc_manager(user)):
        raise PermissionDenied
    if not can_retry(master):
        raise ValidationError(_("Bản gốc PDF đang được tạo hoặc đã tạo xong; không cần tạo lại."))
    logger.info("master PDF of revision %s re-queued by user %s", master.revision_id, user.pk)
    return queue_master(revision_id=master.revision_id, force=True)


def queue_stale_masters():
    """After a template change (TEMPLATE_VERSION bumped): re-render the masters of revisions still in force."""
    stale = (MasterPDF.objects.filter(status=MasterPDF.Status.DONE, revision__status__in=[S.APPROVED, S.EFFECTIVE])
             .exclude(template_version=render.TEMPLATE_VERSION).values_list("revision_id", flat=True))
    return [queue_master(revision_id=pk) for pk in list(stale)]


def read_master(master):
    """The stored master's bytes, after checking them against the SHA-256 recorded at render time."""
    if master is None or master.status != MasterPDF.Status.DONE:
        raise MasterNotReady
    if master.integrity_failed_at is not None:
        raise MasterIntegrityError
    try:
        with master.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        data = None
    if data is None or codes.sha256_hex(data) != master.sha256:
        logger.error("master PDF of revision %s (%s) fails its SHA-256 check: refused", master.revision_id,
                     master.file.name)
        master.integrity_failed_at = timezone.now()
        master.error = _("Tệp bản gốc không khớp mã SHA-256 đã lưu (có thể đã bị sửa hoặc hỏng).")
        master.save(update_fields=["integrity_failed_at", "error"])
        coordinators = list(User.objects.in_agency(master.agency).with_role(Role.COORDINATOR))
        notify(coordinators, "copies.master_tampered",
               reverse("processes:revision_detail", kwargs={"pk": master.revision_id}),
               params=revision_params(master.revision), task=task_key(master), agency=master.agency)
        raise MasterIntegrityError
    return data


# --- copies ----------------------------------------------------------------------------------------------------


def verify_url(code):
    return f"{settings.SITE_URL}{reverse('processes:verify', kwargs={'code': code})}"


def _unique_code():
    for _attempt in range(20):
        code = codes.new_code()
        if not Copy.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not draw a fresh verification code")


def _ascii(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in text).strip("-") or "tai-lieu"


def copy_filename(copy):
    base = f"{_ascii(copy.revision.document.code)}_lan{copy.revision.issue_label}"
    if copy.kind == K.CONTROLLED:
        return f"{base}_ban-kiem-soat-so-{copy.number_label}.pdf"
    if copy.kind == K.OBSOLETE:
        return f"{base}_ban-het-hieu-luc.pdf"
    return f"{base}_ban-khong-kiem-soat.pdf"


def stamp_lines(copy, *, printed_at=None, reader=""):
    agency = copy.revision.agency
    if copy.kind == K.CONTROLLED:
        return controlled_lines(agency.stamp_controlled, copy.number, copy.holder_name or "—",
                                copy.department_name or "—", render.print_date(timezone.localtime(copy.issued_at)))
    if copy.kind == K.OBSOLETE:
        when = copy.revision.superseded_at and timezone.localtime(copy.revision.superseded_at)
        return obsolete_lines(agency.stamp_obsolete, superseded_on=render.print_date(when),
                              note=_("Chỉ dùng để tra cứu – không áp dụng"))
    printed_at = timezone.localtime(printed_at or timezone.now())
    return uncontrolled_lines(agency.stamp_uncontrolled, printed_at.strftime("%H:%M %d/%m/%Y"), reader)


def stamp_copy(copy, master_bytes, *, reader=""):
    return stamp_pdf(master_bytes, kind=copy.kind, text_lines=stamp_lines(copy, printed_at=copy.issued_at, reader=reader),
                     verify_url=verify_url(copy.code), verify_code=codes.format_code(copy.code))


@dataclass
class Download:
    copy: Copy
    pdf: bytes
    filename: str


def _log(copy, user):
    return CopyDownload.objects.create(copy=copy, agency=copy.agency, revision_id=copy.revision_id, kind=copy.kind,
                                       user=user)


def download_reader_copy(*, revision, user, kind):
    """An uncontrolled (effective/approved) or obsolete (superseded) copy: a new copy per download.

    The master is read and checked first and the stamp made before anything is written, so a refused
    or failed download leaves no record behind.
    """
    allowed = can_download_obsolete if kind == K.OBSOLETE else can_download_uncontrolled
    if kind not in (K.UNCONTROLLED, K.OBSOLETE) or not allowed(user, revision):
        raise PermissionDenied
    master = MasterPDF.objects.filter(revision=revision).first()
    data = read_master(master)
    copy = Copy(revision=revision, agency=revision.agency, kind=kind, code=_unique_code(),
                holder_name=user.display_name, department=user.department,
                department_name=user.department.name if user.department_id else "", issued_at=timezone.now())
    pdf = stamp_copy(copy, data, reader=user.display_name if kind == K.UNCONTROLLED else "")
    with transaction.atomic():
        copy.save()
        _log(copy, user)
    return Download(copy=copy, pdf=pdf, filename=copy_filename(copy))


def download_controlled_copy(*, copy, user):
    if not can_download_controlled(user, copy):
        raise PermissionDenied
    data = read_master(MasterPDF.objects.filter(revision_id=copy.revision_id).first())
    pdf = stamp_copy(copy, data)
    _log(copy, user)
    return Download(copy=copy, pdf=pdf, filename=copy_filename(copy))


def _allocate_and_create(revision, **fields):
    number = (Copy.objects.filter(revision=revision, number__isnull=False).aggregate(n=Max("number"))["n"] or 0) + 1
    copy = Copy(revision=revision, agency=revision.agency, kind=K.CONTROLLED, number=number, code=_unique_code(),
                **fields)
    with transaction.atomic():  # a savepoint: a lost race on the number retries with the next one
        copy.save()
    return copy


def _holder_fields(holder, department):
    dept = department or (holder.department if holder is not None else None)
    return {"holder": holder, "holder_name": holder.display_name if holder is not None else (dept.name if dept else ""),
            "department": dept, "department_name": dept.name if dept else ""}


@retry_on_lock
@transaction.atomic
def issue_controlled_copy(*, revision, user, holder=None, department=None):
    """Issue the next numbered controlled copy of a revision to a holder (PDF-2, PDF-4).

    The revision row is locked while the number is taken (PostgreSQL); SQLite's IMMEDIATE
    transactions serialise writers; the unique constraint backs both.
    """
    if user is not None and not can_manage_copies(user, revision):
        raise PermissionDenied
    if holder is None and department is None:
        raise ValidationError(_("Chọn người giữ hoặc phòng / bộ phận nhận bản kiểm soát."))
    for obj in (holder, department):
        if obj is not None and obj.agency_id != revision.agency_id:
            raise ValidationError(_("Người giữ / bộ phận không thuộc cơ quan."))
    revision = Revision.objects.select_for_update().select_related("document").get(pk=revision.pk)
    if revision.status not in (S.APPROVED, S.EFFECTIVE):
        raise ValidationError(_("Chỉ cấp bản kiểm soát cho lần ban hành đã phê duyệt hoặc đang hiệu lực."))
    if holder is None and department is not None:
        holder = department.head
    fields = _holder_fields(holder, department)
    for attempt in range(5):
        try:
            copy = _allocate_and_create(revision, issued_by=user, **fields)
            break
        except IntegrityError:
            if attempt == 4:
                raise
    if holder is not None:
        notify([holder], "copies.issued", reverse("processes:revision_detail", kwargs={"pk": revision.pk}),
               params={**revision_params(revision), "copy": copy.number}, task=None, agency=revision.agency)
    return copy


def on_approved(*, revision_id):
    """Approval hook (after commit): queue the master. The approval stands whatever happens here; a failure
    is logged and the revision page offers the coordinator "Tạo bản gốc PDF"."""
    try:
        return queue_master(revision_id=revision_id)
    except Exception:
        logger.exception("could not queue the master PDF of revision %s", revision_id)
        return None


def on_effective(*, revision_id, previous_id=None):
    """A revision became effective (after commit): controlled copies of it to the previous issue's holders and the
    distribution list, older issues' copies listed for recall. The activation stands whatever happens here; a
    failure is logged."""
    try:
        _on_effective(revision_id=revision_id, previous_id=previous_id)
    except Exception:
        logger.exception("could not issue/recall controlled copies after revision %s became effective", revision_id)


def _on_effective(*, revision_id, previous_id):
    revision = Revision.objects.select_related("document", "agency").get(pk=revision_id)
    # Issued once: a second run (a retried hook) finds the automatic copies and leaves them.
    if not Copy.objects.filter(revision=revision, kind=K.CONTROLLED, issued_by__isnull=True).exists():
        for holder, department in successor_holders(revision, previous_id=previous_id):
            issue_controlled_copy(revision=revision, user=None, holder=holder, department=department)
    request_recall(document=revision.document)


def successor_holders(revision, *, previous_id):
    """Who receives a controlled copy of an issue that has just become effective: [(holder, department)] in the
    order the copies are numbered (01, 02… without gaps).

    1. The holders of the previous issue's copies still out, in their copies' order and for the same department:
       the one-stop clerk who held copy 02 gets the new issue, not the head of the one-stop desk. Copies returned
       before, and holders who are no longer active members of the agency, are passed over.
    2. The distribution list: a department listed for n copies gets what its carried-over copies leave short of n,
       held by its head (or by the department itself, without a head); a person listed gets one.
    One copy per person: nobody already holding a copy of this issue (issued by hand while it was approved, or
    met earlier in this list) gets another. The only exception is a department listed for several copies, whose
    head then holds them all, as when the coordinator issues them by hand.
    """
    existing = list(Copy.objects.filter(revision=revision, kind=K.CONTROLLED).values_list("holder_id", "department_id"))
    holding = {holder_id for holder_id, _dept in existing if holder_id}
    per_department = {}  # department id → copies of this issue it already has (carried over or issued by hand)
    for _holder, dept_id in existing:
        per_department[dept_id] = per_department.get(dept_id, 0) + 1
    planned = []

    def give(holder, department, *, again=False):
        if holder is not None:
            if not holder.is_active or holder.agency_id != revision.agency_id or (holder.pk in holding and not again):
                return False
            holding.add(holder.pk)
        planned.append((holder, department))
        return True

    if previous_id is not None:
        still_out = (Copy.objects.filter(revision_id=previous_id, kind=K.CONTROLLED, recalled_at__isnull=True)
                     .select_related("holder", "department__head").order_by("number"))
        for old in still_out:
            holder = old.holder if old.holder_id else (old.department.head if old.department_id else None)
            if holder is None and old.department_id is None:
                continue  # a copy held by a name only: nobody to give the new issue to
            if give(holder, old.department) and old.department_id:
                per_department[old.department_id] = per_department.get(old.department_id, 0) + 1
    entries = DistributionEntry.objects.filter(document=revision.document).select_related("department__head", "user__department")
    for entry in entries:
        if entry.user_id:
            give(entry.user, entry.user.department)
            continue
        given = 0
        for _n in range(max(1, entry.copies) - per_department.get(entry.department_id, 0)):
            if give(entry.department.head, entry.department, again=given > 0):
                given += 1
        per_department[entry.department_id] = per_department.get(entry.department_id, 0) + given
    return planned


def on_withdrawn(*, document):
    """A withdrawn document's controlled copies are asked back at once, inside the withdrawal's transaction: a
    document no longer in force must not stay on desks (ISO 4.2.3 g). A failure here undoes the withdrawal."""
    return request_recall(document=document, reason=_("Tài liệu đã bị hủy bỏ: cần thu hồi"))


# --- verification ---------------------------------------------------------------------------------------------


@dataclass
class Verification:
    code: str
    document_code: str
    document_title: str
    issue: str
    kind: str
    number: str
    status: str  # "current", "not_yet", "superseded", "withdrawn"
    current_issue: str
    current_since: datetime.date | None
    recalled: bool
    recalled_on: datetime.date | None
    issued_on: datetime.date
    # The issuing agency (issue 14): named on the page with its address; its public page and the current issue's
    # public PDF are linked only where the front door shows them (an active supervised agency, a public document).
    agency_name: str = ""
    agency_address: str = ""
    agency_code: str = ""
    agency_listed: bool = False
    document_pk: int | None = None
    current_public: bool = False


def verify(code):
    """What the public page may say about a copy; None when the code is unknown (never a guess)."""
    normal = codes.normalize_code(code)
    if normal is None:
        return None
    copy = (Copy.objects.select_related("revision", "revision__document", "revision__agency")
            .filter(code=normal).first())
    if copy is None:
        return None
    revision = copy.revision
    document, agency = revision.document, revision.agency
    current = document.revisions.filter(status=S.EFFECTIVE).first()
    listed = agency.is_active and agency.kind == agency.Kind.SUPERVISED
    status = {S.EFFECTIVE: "current", S.APPROVED: "not_yet", S.SUPERSEDED: "superseded"}.get(revision.status, "withdrawn")
    return Verification(
        code=codes.format_code(copy.code), document_code=revision.document.code,
        document_title=revision.title, issue=revision.issue_label, kind=copy.get_kind_display(),
        number=copy.number_label, status=status,
        current_issue=current.issue_label if current else "", current_since=current.effective_date if current else None,
        recalled=copy.recalled_at is not None,
        recalled_on=timezone.localtime(copy.recalled_at).date() if copy.recalled_at else None,
        issued_on=timezone.localtime(copy.issued_at).date(),
        agency_name=agency.name, agency_address=agency.address, agency_code=agency.code, agency_listed=listed,
        document_pk=document.pk,
        current_public=bool(current) and listed and document.is_public and document.withdrawn_at is None,
    )
