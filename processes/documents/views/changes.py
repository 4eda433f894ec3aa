"""Change requests (DOC-9) and periodic reviews (DOC-8)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from processes.documents import forms as f
from processes.documents import services
from processes.documents.models import ChangeRequest
from processes.documents.views.common import _apply_errors, _document, propose_change
from qms.core import access


@access.role_required()
def change_request_create(request, pk):
    document = _document(request, pk)
    form = f.ChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_request_create(document=document, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã gửi đề nghị sửa đổi. Thư ký ISO sẽ xem xét."))
            return redirect("processes:document_detail", pk=document.pk)
    return render(request, "processes/documents/change_request_form.html", {"document": document, "form": form})


@access.role_required(*access.MANAGERS, action=_lazy("xem và xử lý các đề nghị sửa đổi"))
def change_request_list(request):
    requests_ = ChangeRequest.objects.filter(agency=request.user.agency).select_related("document", "requested_by")
    return render(request, "processes/documents/change_request_list.html", {"change_requests": requests_[:200]})


@access.role_required(*access.MANAGERS, action=_lazy("xem và xử lý các đề nghị sửa đổi"))
def change_request_decide(request, pk):
    cr = access.get_scoped_or_404(ChangeRequest.objects.select_related("document", "requested_by"), request.user, pk=pk)
    form = f.DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                _cr, draft = services.change_request_accept(change_request=cr, user=request.user)
                messages.success(request, _("Đã chấp nhận; dự thảo lần ban hành %(n)s đã mở.") % {"n": draft.issue_label})
                return redirect("processes:revision_edit", pk=draft.pk)
            services.change_request_decline(change_request=cr, user=request.user,
                                            reason=form.cleaned_data["decision_reason"])
            messages.success(request, _("Đã từ chối đề nghị."))
            return redirect("processes:change_request_list")
        except ValidationError as error:
            _apply_errors(form, error)
    return render(request, "processes/documents/change_request_decide.html", {"cr": cr, "form": form})


@access.role_required(*access.MANAGERS, action=_lazy("ghi kết quả xem xét định kỳ tài liệu"), offer=propose_change)
def periodic_review(request, pk):
    document = _document(request, pk)
    form = f.PeriodicReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record, draft = services.periodic_review_record(document=document, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã ghi kết quả xem xét định kỳ: %(o)s.") % {"o": record.get_outcome_display()})
            if draft is not None:
                return redirect("processes:revision_edit", pk=draft.pk)
            return redirect("processes:document_detail", pk=document.pk)
    return render(request, "processes/documents/periodic_review.html", {
        "document": document, "form": form, "reviews": document.periodic_reviews.select_related("reviewed_by")[:50],
        "today": timezone.localdate(),
    })
