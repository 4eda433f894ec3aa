"""PDF pages: master status (htmx), copy downloads, controlled-copy issue, register and recall, verification.

Downloads stamp the stored master (services.py); nothing here renders a master (render.py does, in the
background). Who may do what is in services.can_* (built on processes/documents/permissions.py); another
agency's objects answer 404.
"""

import io
import unicodedata

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from processes.documents import permissions as perms
from processes.copies import recall
from processes.copies import render as printing
from processes.copies import services as pdfs
from processes.copies.models import Copy, CopyDownload, MasterPDF
from processes.documents.models import Revision
from processes.documents.views.common import _revision
from processes.documents.views.documents import _master_rows
from qms.core import access, downloads
from qms.core.models import Department, User
from qms.pdf import codes

S = Revision.Status
K = Copy.Kind


def panel_context(revision, user):
    """What the copy panel on the revision page shows this user (a fixed handful of queries)."""
    master = MasterPDF.objects.filter(revision=revision).select_related("lease").first()
    manager = perms.same_agency(user, revision) and perms.is_doc_manager(user)
    my_copies = list(Copy.objects.filter(revision=revision, holder=user, kind=K.CONTROLLED).order_by("number"))
    return {
        "revision": revision, "master": master, "is_manager": manager,
        "can_retry": manager and master is not None and pdfs.can_retry(master),
        "can_uncontrolled": pdfs.can_download_uncontrolled(user, revision),
        "can_obsolete": pdfs.can_download_obsolete(user, revision),
        "can_register": pdfs.can_see_register(user, revision),
        "can_issue": manager and revision.status in (S.APPROVED, S.EFFECTIVE),
        "my_copies": my_copies,
    }


@access.role_required()
def master_status(request, pk):
    """The copy panel alone: htmx polls it every 2 s while the master is queued or rendering."""
    revision = _revision(request, pk)
    return render(request, "processes/copies/_copy_panel.html", panel_context(revision, request.user))


@require_POST
@access.role_required()
def master_retry(request, pk):
    revision = _revision(request, pk)
    master = MasterPDF.objects.filter(revision=revision).first()
    if master is None:
        if not pdfs.can_manage_copies(request.user, revision):
            raise PermissionDenied
        if revision.status not in Revision.LOCKED:
            messages.error(request, _("Chỉ tạo bản PDF cho lần ban hành đã phê duyệt."))
            return redirect("processes:revision_detail", pk=revision.pk)
        pdfs.queue_master(revision_id=revision.pk)
    else:
        try:
            pdfs.retry_master(master=master, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("processes:revision_detail", pk=revision.pk)
    messages.success(request, _("Đã xếp hàng tạo lại bản gốc PDF."))
    return redirect("processes:revision_detail", pk=revision.pk)


def _problem(request, revision, title, text, status):
    return render(request, "processes/copies/copy_problem.html",
                  {"revision": revision, "document": revision.document, "title": title, "text": text}, status=status)


def _serve(request, revision, make):
    try:
        download = make()
    except pdfs.MasterNotReady:
        master = MasterPDF.objects.filter(revision=revision).first()
        if master is not None and master.status == MasterPDF.Status.FAILED:
            text = _("Tạo bản gốc PDF của lần ban hành này bị lỗi. Thư ký ISO đã được báo trên trang tài liệu và có "
                     "thể tạo lại; vui lòng thử lại sau.")
        else:
            text = _("Bản gốc PDF của lần ban hành này đang được tạo. Vui lòng thử lại sau ít phút.")
        return _problem(request, revision, _("Bản PDF chưa sẵn sàng"), text, 409)
    except pdfs.MasterIntegrityError:
        return _problem(request, revision, _("Không thể cấp bản PDF"), _(
            "Tệp bản gốc PDF không khớp với mã kiểm tra đã lưu khi tạo (có thể đã bị sửa hoặc hỏng), nên hệ thống "
            "không cấp bản sao từ tệp này. Thư ký ISO đã được báo để tạo lại bản gốc."), 409)
    # Stamped in memory, never stored; served like every file (an attachment: each download is a register row).
    return downloads.file_response(io.BytesIO(download.pdf), filename=download.filename, content_type="application/pdf")


@access.role_required()
def copy_uncontrolled(request, pk):
    revision = _revision(request, pk)
    if not pdfs.can_download_uncontrolled(request.user, revision):
        raise Http404 if revision.status not in (S.EFFECTIVE, S.APPROVED) else PermissionDenied
    return _serve(request, revision, lambda: pdfs.download_reader_copy(revision=revision, user=request.user,
                                                                        kind=K.UNCONTROLLED))


@access.role_required()
def copy_obsolete(request, pk):
    revision = _revision(request, pk)
    if revision.status not in (S.SUPERSEDED, S.OBSOLETE):
        raise Http404
    if not pdfs.can_download_obsolete(request.user, revision):
        raise PermissionDenied
    return _serve(request, revision, lambda: pdfs.download_reader_copy(revision=revision, user=request.user,
                                                                        kind=K.OBSOLETE))


def _copy(request, pk):
    copy = access.get_scoped_or_404(Copy.objects.select_related("revision", "revision__document", "agency"),
                                    request.user, pk=pk)
    return copy


@access.role_required()
def copy_controlled(request, pk):
    copy = _copy(request, pk)
    if copy.kind != K.CONTROLLED:
        raise Http404
    if not pdfs.can_download_controlled(request.user, copy):
        raise PermissionDenied
    return _serve(request, copy.revision, lambda: pdfs.download_controlled_copy(copy=copy, user=request.user))


class IssueForm(forms.Form):
    holder = forms.ModelChoiceField(label=gettext_lazy("Người giữ"), queryset=User.objects.none(), required=False,
                                    help_text=gettext_lazy("Để trống nếu cấp cho phòng (người giữ là trưởng phòng)."))
    department = forms.ModelChoiceField(label=gettext_lazy("Phòng / bộ phận"), queryset=Department.objects.none(),
                                        required=False)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = User.objects.filter(agency=agency, is_active=True).order_by("full_name")
        self.fields["department"].queryset = Department.objects.filter(agency=agency)

    def clean(self):
        data = super().clean()
        if not data.get("holder") and not data.get("department"):
            raise forms.ValidationError(_("Chọn người giữ hoặc phòng / bộ phận nhận bản kiểm soát."))
        return data


@access.role_required()
def copy_issue(request, pk):
    revision = _revision(request, pk)
    if not pdfs.can_manage_copies(request.user, revision):
        raise PermissionDenied
    if revision.status not in (S.APPROVED, S.EFFECTIVE):
        messages.error(request, _("Chỉ cấp bản kiểm soát cho lần ban hành đã phê duyệt hoặc đang hiệu lực."))
        return redirect("processes:revision_detail", pk=revision.pk)
    form = IssueForm(request.POST if request.method == "POST" else None, agency=revision.agency)
    if request.method == "POST" and form.is_valid():
        try:
            copy = pdfs.issue_controlled_copy(revision=revision, user=request.user, holder=form.cleaned_data["holder"],
                                              department=form.cleaned_data["department"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã cấp %(c)s cho %(h)s.") % {"c": copy, "h": copy.holder_name})
            return redirect("processes:copy_register_revision", pk=revision.pk)
    return render(request, "processes/copies/copy_issue.html", {"revision": revision, "document": revision.document,
                                                          "form": form})


@access.role_required()
def copy_register_revision(request, pk):
    revision = _revision(request, pk)
    if not pdfs.can_see_register(request.user, revision):
        raise PermissionDenied
    copies = list(Copy.objects.filter(revision=revision, kind=K.CONTROLLED)
                  .select_related("holder", "issued_by", "recalled_by").annotate(n_downloads=Count("downloads")))
    downloads = (CopyDownload.objects.filter(revision=revision).select_related("user", "copy")
                 .only("id", "downloaded_at", "kind", "user__full_name", "user__first_name", "user__last_name",
                       "user__username", "copy__number", "copy__code")[:200])  # the printed columns only
    return render(request, "processes/copies/copy_register.html", {
        "revision": revision, "document": revision.document, "copies": copies, "downloads": downloads,
        "is_manager": pdfs.can_manage_copies(request.user, revision),
        "can_issue": pdfs.can_manage_copies(request.user, revision) and revision.status in (S.APPROVED, S.EFFECTIVE),
    })


REGISTER_PAGE = 50


@access.role_required()
def copy_register(request):
    agency = request.user.agency
    if not pdfs.can_see_register(request.user, request.user):
        raise PermissionDenied
    # Exactly the columns the register prints: 150 rows of whole revisions (and users) cost more than the page.
    copy_columns = ["id", "revision_id", "number", "holder_name", "department_name", "issued_at",
                    "recall_requested_at", "revision__issue_number", "revision__title", "revision__document__code"]
    recall = Copy.objects.for_agency(agency).to_recall()
    to_recall = list(recall.select_related("revision__document").only(*copy_columns)
                     .order_by("recall_requested_at", "id")[:REGISTER_PAGE])
    copies = list(Copy.objects.for_agency(agency).controlled().filter(recall_requested_at__isnull=True)
                  .select_related("revision__document").only(*copy_columns).order_by("-issued_at")[:REGISTER_PAGE])
    downloads = list(CopyDownload.objects.filter(agency=agency)
                     .select_related("user", "copy", "revision__document")
                     .only("id", "downloaded_at", "kind", "user__full_name", "user__first_name", "user__last_name", "user__username", "copy__number",
                           "revision__issue_number", "revision__document__code")[:REGISTER_PAGE])
    return render(request, "processes/copies/copy_register_agency.html", {
        "to_recall": to_recall, "to_recall_total": recall.count() if len(to_recall) == REGISTER_PAGE else len(to_recall),
        "copies": copies, "downloads": downloads, "page_size": REGISTER_PAGE,
        "is_manager": perms.is_doc_manager(request.user),
    })


@access.role_required()
def copy_recall_task(request, pk):
    """"Return your copy": the page a holder's notification and My work link to (recall.py says what it shows).
    Anyone but the holder and the agency's managers gets 404, as for a superseded issue."""
    copy = _copy(request, pk)
    if not pdfs.can_open_recall(request.user, copy):
        raise Http404
    return render(request, "processes/copies/copy_recall_task.html", recall.recall_task(copy, request.user))


@require_POST
@access.role_required()
def copy_recall(request, pk):
    copy = _copy(request, pk)
    if not pdfs.can_manage_copies(request.user, copy):
        raise PermissionDenied
    try:
        pdfs.confirm_recall(copy=copy, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xác nhận thu hồi %(c)s (%(h)s).") % {"c": copy, "h": copy.holder_name})
    target = request.POST.get("next", "")
    if target == "agency":
        return redirect("processes:copy_register")
    if target == "task":
        return redirect("processes:copy_recall_task", pk=copy.pk)
    return redirect("processes:copy_register_revision", pk=copy.revision_id)


@access.role_required()
def master_list_pdf(request):
    rows = _master_rows(request.user)
    try:
        pdf = printing.master_list_pdf(agency=request.user.agency, rows=rows)
    except Exception:  # RenderError and kin: a clear page, never a 500
        pdfs.logger.exception("master list PDF failed")
        return render(request, "processes/copies/copy_problem.html", {
            "title": _("Không tạo được bản PDF"),
            "text": _("Không tạo được bản PDF danh mục tài liệu lúc này. Vui lòng thử lại sau hoặc tải bản XLSX/CSV.")},
            status=503)
    day = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="danh-muc-tai-lieu-{day}.pdf"'
    return response


# --- public verification ----------------------------------------------------------------------------------------


@access.public
def verify_form(request):
    typed = unicodedata.normalize("NFC", request.GET.get("ma", "")).strip()
    if typed:
        code = codes.normalize_code(typed)
        if code is not None:
            return redirect("processes:verify", code=code)
        return render(request, "processes/copies/verify_not_found.html", {"typed": typed[:40]}, status=404)
    return render(request, "processes/copies/verify_form.html", {})


@access.public
def verify(request, code):
    result = pdfs.verify(code)
    if result is None:
        return render(request, "processes/copies/verify_not_found.html", {"typed": code[:40]}, status=404)
    response = render(request, "processes/copies/verify.html", {"v": result})
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response

