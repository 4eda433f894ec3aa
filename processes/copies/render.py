"""What copies print: a revision's master PDF (PDF-1) and the master list (DOC-11), from templates/pdf/.

The master is rendered once, by the background task (tasks.py → :func:`render_master`), and stored with its
SHA-256; services.py queues it and stamps copies from the stored file, never rendering one itself. Apart from
services.py so the task can import this module at the top while services imports the task to queue it
(no import cycle).
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from processes.copies import leases
from processes.copies.models import MasterPDF
from processes.documents.amendments import amendment_rows
from processes.documents.models import Revision, Signature
from qms.core import editions
from qms.core.notify import task_done, task_key
from qms.pdf import codes
from qms.pdf.clean import clean_for_print

logger = logging.getLogger("qms.pdf")

# Bump when templates/pdf/procedure.html, base.html, print.css, tables.css or master_context() change what a master
# looks like: masters rendered with another version are re-rendered (services.queue_stale_masters), never otherwise.
# 2026.12-1: the amendment table is dated by effective date, as on the document page (was the approval date).
# 2026.12-2: the header prints the revision's signed title (was the document's current one, which could differ).
TEMPLATE_VERSION = "procedure-2026.12-2"
TEMPLATE_NAME = "pdf/procedure.html"

# --- the master ---------------------------------------------------------------------------------------------


def print_date(value):
    """A date as the printed documents show it (dd/mm/yyyy); blank when there is none."""
    return value.strftime("%d/%m/%Y") if value else ""


def _dt(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _text_html(value):
    """Plain text from the editor → one escaped paragraph per line, through the print sanitiser as well."""
    lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
    return clean_for_print("".join(f"<p>{escape(line)}</p>" for line in lines))


def print_title(revision):
    """The header's title: the one the revision was signed with (the document's may have moved on since)."""
    document = revision.document
    title = revision.title.strip()
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
        "date": print_date(timezone.localtime(revision.submitted_at)) if revision.submitted_at else "",
    }]
    if signatures is None:
        signatures = revision.signatures.filter(round=revision.review_round).order_by("signed_at")
    for sig in signatures:
        role = _("Người phê duyệt") if sig.meaning == Signature.Meaning.APPROVED else _("Người xem xét")
        columns.append({
            "role": role, "name": sig.printed_name, "title": sig.printed_title,
            "signature": _("Đã ký điện tử"),
            "meaning": f"{sig.get_meaning_display()} – {_dt(sig.signed_at)}",
            "date": print_date(timezone.localtime(sig.signed_at)),
        })
    return columns


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
            # The edition the revision was approved under (a draft: the agency's): qms.core.editions.header_line.
            "qms_line": editions.header_line(agency, revision.approved_at), "title": print_title(revision),
            "code": document.code,
            "issue": revision.issue_label, "effective_date": print_date(revision.effective_date),
        },
        "approval": approval_columns(revision),
        # The same rows as the document page (processes/documents/amendments.py), up to this issue.
        "amendments": amendment_rows(revision.document.revisions.defer(*Revision.BODY_FIELDS), printed=revision),
        "distribution": distribution_rows(document),
        "sections": sections,
    }


def master_metadata(revision):
    document = revision.document
    return {
        "title": f"{document.code} {revision.title}",
        "author": revision.agency.name,
        "subject": f"{document.code} – {_('Lần ban hành')} {revision.issue_label}",
        "keywords": editions.pdf_keywords(revision.agency, revision.approved_at, document.code,
                                          document.get_doc_type_display()),
    }


def master_html(revision):
    return render_to_string(TEMPLATE_NAME, master_context(revision))


def render_master(*, master_id, task_id=""):
    """The worker's job: render, store with SHA-256 and page count; failures leave a visible "failed".

    The render holds the master's lease (leases.py) and renews it while it works, so that a killed worker
    is noticed and the master queued again. Only the attempt holding the lease settles the master: one
    presumed dead and rendered again stores nothing if it finishes after all.
    """
    from qms.pdf.render import render_result, warm_up

    # Fonts and WeasyPrint loaded before the lease is taken: a worker's first render spends seconds on them,
    # and nothing renews the lease until the render child runs.
    warm_up()
    with transaction.atomic():
        master = MasterPDF.objects.select_for_update().get(pk=master_id)
        if master.status != MasterPDF.Status.QUEUED:
            return master  # done already, or another worker has it
        master.status = MasterPDF.Status.RENDERING
        master.started_at = timezone.now()
        master.attempts += 1
        master.save()
        leases.claim(master, task_id=task_id)
    attempt = master.attempts
    revision = Revision.objects.select_related("document", "agency", "author").get(pk=master.revision_id)
    try:
        html = master_html(revision)
        result = render_result(html, metadata=master_metadata(revision), heartbeat=leases.Heartbeat(master.pk, attempt),
                               heartbeat_every=leases.HEARTBEAT_EVERY)
    except leases.LeaseLost:
        return MasterPDF.objects.get(pk=master_id)  # queued again meanwhile: the new attempt settles it
    except Exception as exc:  # RenderError and its kinds, template errors: recorded, shown, retryable
        logger.exception("master PDF of revision %s failed", revision.pk)
        error = f"{_render_failure_reason(exc)} ({type(exc).__name__}: {exc})"[:2000]
        return _settle(master_id, attempt, status=MasterPDF.Status.FAILED, error=error)[0]
    except BaseException:  # the worker is being stopped (Ctrl-C twice, SIGTERM twice): queue it again soon
        _expire_quietly(master_id, attempt)
        raise
    try:
        stored = _store_master_file(master, revision, result.pdf)
    except _NotStored as refused:
        return _settle(master_id, attempt, status=MasterPDF.Status.FAILED, error=str(refused))[0]
    master, old_name = _settle(
        master_id, attempt, file=stored, sha256=codes.sha256_hex(result.pdf), pages=result.pages,
        size=len(result.pdf), render_seconds=round(result.seconds, 3), template_version=TEMPLATE_VERSION,
        status=MasterPDF.Status.DONE, rendered_at=timezone.now(), integrity_failed_at=None, error="",
    )
    storage = MasterPDF._meta.get_field("file").storage
    if old_name is None:  # this attempt lost the master to a newer one: its file is nobody's
        storage.delete(stored)
        return master
    if old_name and old_name != stored:
        storage.delete(old_name)
    logger.info("master PDF of revision %s rendered: %s pages, %.2f s", revision.pk, result.pages, result.seconds)
    return master


def _settle(master_id, attempt, **fields):
    """End this attempt: set ``fields`` on the master and release its lease, if the attempt still holds it.

    Returns (master, the file name it had before) or, when a newer attempt took the master over (this one
    was presumed dead), (the master as it is, None) and changes nothing.
    """
    with transaction.atomic():
        master = MasterPDF.objects.select_for_update().get(pk=master_id)
        if master.status != MasterPDF.Status.RENDERING or master.attempts != attempt:
            logger.warning("master PDF %s: attempt %s finished after it was taken over (now %s, attempt %s); "
                           "its result is dropped", master_id, attempt, master.status, master.attempts)
            return master, None
        old_name = master.file.name if master.file else ""
        for name, value in fields.items():
            setattr(master, name, value)
        master.save()
        if master.status == MasterPDF.Status.DONE:
            task_done(task_key(master))  # "tampered, render it again" is answered
        leases.release(master_id)
    return master, old_name


def _expire_quietly(master_id, attempt):
    try:
        leases.expire(master_id, attempt)
    except Exception:  # the database is gone too: the lease then simply runs out
        logger.exception("lease of master PDF %s could not be ended", master_id)


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


class _NotStored(Exception):
    """The disk refused the rendered file; the message is the reason the coordinator reads."""


def _store_master_file(master, revision, pdf):
    """Write the rendered PDF; the stored name, or :class:`_NotStored` when the disk refuses it (full,
    read-only, folder missing).

    The master is then settled as failed with a reason the coordinator reads on the revision page (it
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
        raise _NotStored(_(
            "Không lưu được tệp bản gốc PDF: ổ đĩa đầy hoặc thư mục lưu trữ không ghi được. Báo quản trị hệ thống "
            "kiểm tra ổ đĩa, rồi bấm “Tạo lại bản gốc PDF”. (%(detail)s)"
        ) % {"detail": exc}) from exc


# --- master list -------------------------------------------------------------------------------------------


def master_list_pdf(*, agency, rows):
    """DOC-11 as PDF through the same machinery (a small report: rendered on request)."""
    from qms.pdf.render import render_pdf

    today = timezone.localdate()
    context = {
        "doc": {"agency_parent": agency.parent_name.upper(), "agency_name": agency.name.upper(),
                "qms_line": editions.header_line(agency), "title": _("DANH MỤC TÀI LIỆU HIỆN HÀNH"), "code": "DM-TL",
                "issue": "—", "effective_date": today.strftime("%d/%m/%Y")},
        "rows": rows,
    }
    html = render_to_string("pdf/master_list.html", context)
    return render_pdf(html, metadata={"title": _("Danh mục tài liệu hiện hành"), "author": agency.name,
                                      "subject": _("Danh mục tài liệu hiện hành ngày %(d)s") % {"d": print_date(today)}})
