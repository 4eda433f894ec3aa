"""Master PDFs, stamped copies, verification and recall (spec PDF-1 … PDF-4), one named function each.

Flow: approval → :func:`queue_master` (from ``services._after_approved``) → background task
``processes.copies.tasks.render_master_task`` → :func:`render_master` stores the PDF with its SHA-256.
A download → :func:`read_master` (checks the SHA-256; a mismatch is refused, logged and flagged
for the coordinator) → :func:`make_copy` stamps it (milliseconds, never a re-render) and records
the copy and the download. A revision becoming effective → :func:`on_effective` issues controlled
copies to the distribution list and asks holders of the older issues' copies to return them.
"""

from __future__ import annotations

import datetime
import logging
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.html import escape
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from processes.documents import permissions as perms
from processes.copies.models import Copy, CopyDownload, MasterPDF
from processes.documents.models import DistributionEntry, Revision, Signature
from processes.documents.services import retry_on_lock
from qms.core.history import save_tracked
from qms.core.models import Role, User
from qms.core.notify import notify
from qms.pdf import codes
from qms.pdf.clean import clean_for_print
from qms.pdf.stamp import controlled_lines, obsolete_lines, stamp_pdf, uncontrolled_lines

logger = logging.getLogger("qms.pdf")

# Bump when templates/pdf/procedure.html, base.html, print.css or master_context() change what a master
# looks like: masters rendered with another version are re-rendered (queue_stale_masters), never otherwise.
TEMPLATE_VERSION = "procedure-2026.11-1"
TEMPLATE_NAME = "pdf/procedure.html"
# A render still "rendering" after this long was lost (worker killed): the coordinator may retry it.
STUCK_AFTER = datetime.timedelta(minutes=10)

S = Revision.Status
K = Copy.Kind


class MasterNotReady(Exception):
    """The master is queued, rendering or failed: there is nothing to stamp yet."""


class MasterIntegrityError(Exception):
    """The stored master no longer matches its SHA-256: it must not be served."""


# --- the master ---------------------------------------------------------------------------------------------


def _d(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _dt(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _text_html(value):
    """Plain text from the editor → one escaped paragraph per line, through the print sanitiser as well."""
    lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
    return clean_for_print("".join(f"<p>{escape(line)}</p>" for line in lines))


def print_title(document):
    title = document.title.strip()
    prefix = document.get_doc_type_display()
    if document.doc_type in ("procedure", "instruction") and not title.lower().startswith(prefix.lower()):
        title = f"{prefix} {title}"
    return title.upper()


def approval_columns(revision, signatures=None):
    """Author, then each signature of the approving round: printed name, title, meaning, date/time."""
    columns = [{
        "role": _("Người soạn thảo"), "name": revision.author.display_name, "title": revision.author.title,
        "signature": _("Đã trình") if revision.submitted_at else "",
        "meaning": _("Soạn thảo – %(t)s") % {"t": _dt(revision.submitted_at)} if revision.submitted_at else "",
        "date": _d(timezone.localtime(revision.submitted_at)) if revision.submitted_at else "",
    }]
    if signatures is None:
        signatures = revision.signatures.filter(round=revision.review_round).order_by("signed_at")
    for sig in signatures:
        role = _("Người phê duyệt") if sig.meaning == Signature.Meaning.APPROVED else _("Người xem xét")
        columns.append({
            "role": role, "name": sig.printed_name, "title": sig.printed_title,
            "signature": _("Đã ký điện tử"),
            "meaning": f"{sig.get_meaning_display()} – {_dt(sig.signed_at)}",
            "date": _d(timezone.localtime(sig.signed_at)),
        })
    return columns


def amendment_rows(revision):
    rows = []
    issued = (revision.document.revisions.filter(issue_number__lte=revision.issue_number, status__in=Revision.LOCKED)
              .order_by("issue_number"))
    for r in issued:
        when = r.approved_at and timezone.localtime(r.approved_at).date()
        rows.append({
            "date": _d(when or r.effective_date),
            "where": r.change_location or ("" if r.issue_number > 1 else _("Toàn bộ")),
            "summary": _("Ban hành lần đầu") if r.issue_number == 1 else r.change_summary,
            "issue": r.issue_label, "note": "",
        })
    return rows


def distribution_rows(document):
    rows = []
    for entry in document.distribution.select_related("department", "user"):
        name = entry.department.name if entry.department_id else entry.user.display_name
        rows.append({"department": name, "count": entry.copies})
    return rows or [{"department": _("(chưa lập danh sách phân phối)"), "count": ""}]


def master_context(revision):
    document = revision.document
    agency = revision.agency
    procedure_subs = []
    if any([revision.legal_basis, revision.dossier, revision.dossier_count, revision.processing_time_days,
            revision.submit_place, revision.fee]):
        days = (_("%(n)s ngày làm việc") % {"n": revision.processing_time_days}
                if revision.processing_time_days is not None else "")
        for number, title, value in [
            ("5.1", _("Cơ sở pháp lý"), revision.legal_basis), ("5.2", _("Thành phần hồ sơ"), revision.dossier),
            ("5.3", _("Số lượng hồ sơ"), revision.dossier_count), ("5.4", _("Thời gian xử lý"), days),
            ("5.5", _("Nơi tiếp nhận và trả kết quả"), revision.submit_place), ("5.6", _("Lệ phí"), revision.fee),
        ]:
            procedure_subs.append({"number": number, "title": title, "html": _text_html(value) or "<p>—</p>"})
    if revision.steps:
        procedure_subs.append({
            "number": "5.7" if procedure_subs else "5.1", "title": _("Quy trình xử lý công việc"), "html": "",
            "steps": [{"number": s.get("step", ""), "who": s.get("responsibility", ""), "what": s.get("description", ""),
                       "time": s.get("time", ""), "output": s.get("forms", "")} for s in revision.steps],
        })
    forms = list(revision.forms or [])
    if not forms:
        forms = [{"code": f.code, "name": f.title} for f in document.forms.all().order_by("code")]
    records = [{"name": r.get("name", ""),
                "keeper": " – ".join(x for x in (r.get("keeper", ""), r.get("place", "")) if x),
                "period": r.get("retention", "")} for r in (revision.records or [])]
    sections = [
        {"number": 1, "title": _("Mục đích"), "html": _text_html(revision.purpose) or "<p>—</p>"},
        {"number": 2, "title": _("Phạm vi áp dụng"), "html": _text_html(revision.scope) or "<p>—</p>"},
        {"number": 3, "title": _("Tài liệu viện dẫn"), "html": _text_html(revision.references) or "<p>—</p>"},
        {"number": 4, "title": _("Định nghĩa, chữ viết tắt"), "html": _text_html(revision.definitions) or "<p>—</p>"},
        {"number": 5, "title": _("Nội dung quy trình"), "html": clean_for_print(revision.procedure_html or ""),
         "subsections": procedure_subs},
        {"number": 6, "title": _("Biểu mẫu"), "html": "" if forms else "<p>—</p>", "forms": forms},
        {"number": 7, "title": _("Hồ sơ cần lưu"), "html": "" if records else "<p>—</p>", "records": records},
    ]
    return {
        "doc": {
            "agency_parent": agency.parent_name.upper(), "agency_name": agency.name.upper(),
            "qms_line": agency.qms_header, "title": print_title(document), "code": document.code,
            "issue": revision.issue_label, "effective_date": _d(revision.effective_date),
        },
        "approval": approval_columns(revision),
        "amendments": amendment_rows(revision),
        "distribution": distribution_rows(document),
        "sections": sections,
    }


def master_metadata(revision):
    document = revision.document
    return {
        "title": f"{document.code} {document.title}",
        "author": revision.agency.name,
        "subject": f"{document.code} – {_('Lần ban hành')} {revision.issue_label}",
        "keywords": ["ISO 9001:2008", document.code, document.get_doc_type_display()],
    }


def master_html(revision):
    from django.template.loader import render_to_string

    return render_to_string(TEMPLATE_NAME, master_context(revision))


@transaction.atomic
def queue_master(*, revision_id, force=False):
    """Queue the render of a revision's master (approval hook; retry; template change). Idempotent."""
    from processes.copies.tasks import render_master_task

    revision = Revision.objects.select_for_update().select_related("document").get(pk=revision_id)
    if revision.status not in Revision.LOCKED or revision.document.is_external:
        return None  # external documents are controlled as their uploaded file, not printed from the template
    master, created = MasterPDF.objects.get_or_create(revision=revision, defaults={"agency": revision.agency})
    if not created:
        current = master.status == MasterPDF.Status.DONE and master.template_version == TEMPLATE_VERSION \
            and master.integrity_failed_at is None
        if master.is_pending and not force:
            return master
        if current and not force:
            return master
        master.status = MasterPDF.Status.QUEUED
        master.queued_at = timezone.now()
        master.error = ""
        master.save()
    transaction.on_commit(lambda: render_master_task.enqueue(master.pk))
    return master


def can_retry(master):
    if master.status == MasterPDF.Status.FAILED or master.integrity_failed_at is not None:
        return True
    if master.status == MasterPDF.Status.DONE and master.template_version != TEMPLATE_VERSION:
        return True
    return master.status == MasterPDF.Status.RENDERING and master.started_at is not None \
        and timezone.now() - master.started_at > STUCK_AFTER


def retry_master(*, master, user):
    """The coordinator's "render again" (after a failure, a lost worker or a tampered file)."""
    if not (perms.same_agency(user, master) and perms.is_doc_manager(user)):
        raise PermissionDenied
    if not can_retry(master):
        raise ValidationError(_("Bản gốc PDF đang được tạo hoặc đã tạo xong; không cần tạo lại."))
    logger.info("master PDF of revision %s re-queued by user %s", master.revision_id, user.pk)
    return queue_master(revision_id=master.revision_id, force=True)


def render_master(*, master_id):
    """The worker's job: render, store with SHA-256 and page count; failures leave a visible "failed"."""
    from qms.pdf.render import render_result

    with transaction.atomic():
        master = MasterPDF.objects.select_for_update().get(pk=master_id)
        if master.status != MasterPDF.Status.QUEUED:
            return master  # done already, or another worker has it
        master.status = MasterPDF.Status.RENDERING
        master.started_at = timezone.now()
        master.attempts += 1
        master.save()
    revision = Revision.objects.select_related("document", "agency", "author").get(pk=master.revision_id)
    old_name = master.file.name if master.file else ""
    try:
        html = master_html(revision)
        result = render_result(html, metadata=master_metadata(revision))
    except Exception as exc:  # RenderError and its kinds, template errors: recorded, shown, retryable
        logger.exception("master PDF of revision %s failed", revision.pk)
        master.status = MasterPDF.Status.FAILED
        master.error = f"{_render_failure_reason(exc)} ({type(exc).__name__}: {exc})"[:2000]
        master.save()
        return master
    stored = _store_master_file(master, revision, result.pdf)
    if stored is None:
        return master  # the disk refused the file: failed, with the reason
    master.file = stored
    master.sha256 = codes.sha256_hex(result.pdf)
    master.pages = result.pages
    master.size = len(result.pdf)
    master.render_seconds = round(result.seconds, 3)
    master.template_version = TEMPLATE_VERSION
    master.status = MasterPDF.Status.DONE
    master.rendered_at = timezone.now()
    master.integrity_failed_at = None
    master.error = ""
    master.save()
    if old_name and old_name != master.file.name:
        master.file.storage.delete(old_name)
    logger.info("master PDF of revision %s rendered: %s pages, %.2f s", revision.pk, result.pages, result.seconds)
    return master


def _render_failure_reason(exc):
    """What the coordinator reads on the revision page, in Vietnamese; the technical detail follows it."""
    from qms.pdf.render import RenderCrashed, RenderLimitExceeded

    if isinstance(exc, RenderLimitExceeded):
        return _("Tạo PDF vượt giới hạn thời gian hoặc bộ nhớ: kiểm tra nội dung quá dài hoặc bảng, hình bất "
                 "thường, rồi tạo lại.")
    if isinstance(exc, RenderCrashed):
        return _("Tiến trình tạo PDF dừng bất thường (thường do thiếu bộ nhớ): tạo lại; nếu vẫn lỗi, báo quản "
                 "trị hệ thống.")
    return _("Không tạo được bản PDF từ nội dung lần ban hành: tạo lại; nếu vẫn lỗi, báo quản trị hệ thống.")


def _store_master_file(master, revision, pdf):
    """Write the rendered PDF; the stored name, or None when the disk refuses it (full, read-only, folder missing).

    On refusal the master is saved as failed with a reason the coordinator reads on the revision page (it
    stayed "rendering" before, with no retry for ten minutes), and a half-written file is removed: storage
    creates the file before writing, so a full disk leaves a truncated PDF that nothing points to.
    """
    storage = master.file.storage
    name = master.file.field.generate_filename(master, f"{revision.pk}.pdf")
    taken = storage.exists(name)  # then storage picks another name, and what it wrote there is not known here
    try:
        return storage.save(name, ContentFile(pdf), max_length=master.file.field.max_length)
    except OSError as exc:
        logger.exception("master PDF of revision %s could not be stored", revision.pk)
        if not taken:
            try:
                if storage.exists(name):
                    storage.delete(name)
            except OSError:
                logger.exception("half-written master PDF %s could not be removed", name)
        master.status = MasterPDF.Status.FAILED
        master.error = _(
            "Không lưu được tệp bản gốc PDF: ổ đĩa đầy hoặc thư mục lưu trữ không ghi được. Báo quản trị hệ thống "
            "kiểm tra ổ đĩa, rồi bấm “Tạo lại bản gốc PDF”. (%(detail)s)"
        ) % {"detail": exc}
        master.save()
        return None


def queue_stale_masters():
    """After a template change (TEMPLATE_VERSION bumped): re-render the masters of revisions still in force."""
    stale = (MasterPDF.objects.filter(status=MasterPDF.Status.DONE, revision__status__in=[S.APPROVED, S.EFFECTIVE])
             .exclude(template_version=TEMPLATE_VERSION).values_list("revision_id", flat=True))
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
        notify(coordinators, _("Bản gốc PDF của %(r)s bị sai lệch, cần tạo lại") % {"r": master.revision},
               reverse("processes:revision_detail", kwargs={"pk": master.revision_id}), agency=master.agency)
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
                                copy.department_name or "—", _d(timezone.localtime(copy.issued_at)))
    if copy.kind == K.OBSOLETE:
        when = copy.revision.superseded_at and timezone.localtime(copy.revision.superseded_at)
        return obsolete_lines(agency.stamp_obsolete, superseded_on=_d(when),
                              note=_("Chỉ dùng để tra cứu – không áp dụng"))
    printed_at = timezone.localtime(printed_at or timezone.now())
    return uncontrolled_lines(agency.stamp_uncontrolled, printed_at.strftime("%H:%M %d/%m/%Y"), reader)


def stamp_copy(copy, master_bytes, *, reader=""):
    return stamp_pdf(master_bytes, kind=copy.kind, text_lines=stamp_lines(copy, printed_at=copy.issued_at, reader=reader),
                     verify_url=verify_url(copy.code), verify_code=codes.format_code(copy.code))


def can_download_uncontrolled(user, revision):
    return perms.can_view_revision(user, revision) and revision.status in (S.EFFECTIVE, S.APPROVED)


def can_download_obsolete(user, revision):
    return (perms.same_agency(user, revision) and revision.status in (S.SUPERSEDED, S.OBSOLETE)
            and perms.can_see_history(user))


def can_download_controlled(user, copy):
    return perms.same_agency(user, copy) and (copy.holder_id == user.pk or perms.is_doc_manager(user))


def can_manage_copies(user, obj):
    return perms.same_agency(user, obj) and perms.is_doc_manager(user)


def can_see_register(user, obj):
    return perms.same_agency(user, obj) and (perms.is_doc_manager(user) or user.has_role(Role.AUDITOR))


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
        notify([holder], _("Anh/chị được cấp %(c)s của %(r)s") % {"c": copy, "r": revision},
               reverse("processes:revision_detail", kwargs={"pk": revision.pk}), agency=revision.agency)
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
    """A revision became effective (after commit): controlled copies to its distribution list, older issues'
    copies listed for recall. The activation stands whatever happens here; a failure is logged."""
    try:
        _on_effective(revision_id=revision_id)
    except Exception:
        logger.exception("could not issue/recall controlled copies after revision %s became effective", revision_id)


def _on_effective(*, revision_id):
    revision = Revision.objects.select_related("document", "agency").get(pk=revision_id)
    if not Copy.objects.filter(revision=revision, kind=K.CONTROLLED, issued_by__isnull=True).exists():
        for entry in DistributionEntry.objects.filter(document=revision.document).select_related("department__head", "user__department"):
            holder = entry.user if entry.user_id else (entry.department.head if entry.department_id else None)
            for _n in range(max(1, entry.copies)):
                issue_controlled_copy(revision=revision, user=None, holder=holder,
                                      department=entry.department if entry.department_id else None)
    request_recall(document=revision.document)


@transaction.atomic
def request_recall(*, document, reason=None):
    """Every not-yet-returned controlled copy of an issue no longer in force is listed for recall."""
    now = timezone.now()
    to_recall = list(Copy.objects.select_for_update(of=("self",)).filter(
        revision__document=document, revision__status__in=[S.SUPERSEDED, S.OBSOLETE], kind=K.CONTROLLED,
        recall_requested_at__isnull=True, recalled_at__isnull=True).select_related("revision", "holder"))
    for copy in to_recall:
        copy.recall_requested_at = now
        save_tracked(copy, reason=reason or _("Lần ban hành đã bị thay thế: cần thu hồi"))
    url = reverse("processes:copy_register_revision", kwargs={"pk": to_recall[0].revision_id}) if to_recall else ""
    for copy in to_recall:
        if copy.holder_id:
            notify([copy.holder], _("Nộp lại %(c)s của %(r)s (đã hết hiệu lực)") % {"c": copy, "r": copy.revision},
                   reverse("processes:revision_detail", kwargs={"pk": copy.revision_id}), agency=document.agency)
    if to_recall:
        coordinators = list(User.objects.in_agency(document.agency).with_role(Role.COORDINATOR))
        notify(coordinators, _("Thu hồi %(n)s bản kiểm soát của %(d)s") % {"n": len(to_recall), "d": document}, url,
               agency=document.agency)
    return to_recall


@transaction.atomic
def confirm_recall(*, copy, user):
    """The coordinator confirms that a controlled copy came back (PDF-4)."""
    if not can_manage_copies(user, copy):
        raise PermissionDenied
    copy = Copy.objects.select_for_update().get(pk=copy.pk)
    if copy.kind != K.CONTROLLED:
        raise ValidationError(_("Chỉ thu hồi bản kiểm soát."))
    if copy.recalled_at is not None:
        raise ValidationError(_("Bản này đã được xác nhận thu hồi."))
    copy.recalled_at = timezone.now()
    copy.recalled_by = user
    if copy.recall_requested_at is None:
        copy.recall_requested_at = copy.recalled_at
    save_tracked(copy, user=user, reason=_("Xác nhận đã thu hồi bản kiểm soát"))
    return copy


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


def verify(code):
    """What the public page may say about a copy; None when the code is unknown (never a guess)."""
    normal = codes.normalize_code(code)
    if normal is None:
        return None
    copy = Copy.objects.select_related("revision", "revision__document").filter(code=normal).first()
    if copy is None:
        return None
    revision = copy.revision
    current = revision.document.revisions.filter(status=S.EFFECTIVE).first()
    status = {S.EFFECTIVE: "current", S.APPROVED: "not_yet", S.SUPERSEDED: "superseded"}.get(revision.status, "withdrawn")
    return Verification(
        code=codes.format_code(copy.code), document_code=revision.document.code,
        document_title=revision.document.title, issue=revision.issue_label, kind=copy.get_kind_display(),
        number=copy.number_label, status=status,
        current_issue=current.issue_label if current else "", current_since=current.effective_date if current else None,
        recalled=copy.recalled_at is not None,
        recalled_on=timezone.localtime(copy.recalled_at).date() if copy.recalled_at else None,
        issued_on=timezone.localtime(copy.issued_at).date(),
    )


# --- master list -------------------------------------------------------------------------------------------------


def master_list_pdf(*, agency, rows):
    """DOC-11 as PDF through the same machinery (a small report: rendered on request)."""
    from django.template.loader import render_to_string

    from qms.pdf.render import render_pdf

    today = timezone.localdate()
    context = {
        "doc": {"agency_parent": agency.parent_name.upper(), "agency_name": agency.name.upper(),
                "qms_line": agency.qms_header, "title": _("DANH MỤC TÀI LIỆU HIỆN HÀNH"), "code": "DM-TL",
                "issue": "—", "effective_date": today.strftime("%d/%m/%Y")},
        "rows": rows,
    }
    html = render_to_string("pdf/master_list.html", context)
    return render_pdf(html, metadata={"title": _("Danh mục tài liệu hiện hành"), "author": agency.name,
                                      "subject": _("Danh mục tài liệu hiện hành ngày %(d)s") % {"d": _d(today)}})
