"""Citizens' feedback: the public form and status page (no login), the coordinator's inbox."""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audits.feedback import services as fsvc
from audits.capa.forms import TextCleaning
from audits.feedback.filters import FeedbackFilter
from audits.feedback.models import Feedback
from audits.capa.models import Nonconformity
from audits.capa.views.common import apply_errors
from qms.core import search
from qms.core.access import MANAGERS, get_scoped_or_404, public, role_required, scoped
from qms.core.models import Agency, Department
from qms.core.network import client_ip
from qms.core.widgets import DescribedRadioSelect


# Tracking codes are PA-XXXXX-XXXXX (demo data: PA-DEMOH-1); anything else is not looked up.
CODE_SHAPE = re.compile(r"[A-Z0-9-]{4,20}")


class FeedbackForm(TextCleaning, forms.Form):
    name = forms.CharField(label=gettext_lazy("Họ và tên (không bắt buộc)"), max_length=150, required=False)
    contact = forms.CharField(
        label=gettext_lazy("Điện thoại hoặc thư điện tử (không bắt buộc)"), max_length=150, required=False,
        help_text=gettext_lazy("Để cơ quan liên hệ lại khi cần. Không công khai."),
    )
    procedure = forms.CharField(
        label=gettext_lazy("Thủ tục hành chính hoặc hồ sơ liên quan"), max_length=255, required=False,
        widget=forms.TextInput(attrs={"list": "procedure-list", "autocomplete": "off"}),
        help_text=gettext_lazy("Ví dụ: Cấp giấy phép xây dựng, hồ sơ số 000.12.34.H26-261101-0001."),
    )
    content = forms.CharField(
        label=gettext_lazy("Nội dung phản ánh, kiến nghị"), max_length=fsvc.MAX_CONTENT,
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={"required": gettext_lazy("Xin vui lòng nhập nội dung phản ánh, kiến nghị.")},
    )
    # Honeypot: hidden from people by CSS, filled by bots.
    website = forms.CharField(label=gettext_lazy("Trang web"), required=False)


class LookupForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Mã tra cứu"), max_length=20)


@public
def feedback_form(request, agency_code):
    agency = get_object_or_404(Agency, code=agency_code, is_active=True)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        honeypot = request.POST.get("website", "")
        if form.is_valid() or honeypot:
            data = form.cleaned_data if form.is_valid() else {}
            try:
                feedback = fsvc.feedback_submit(
                    agency=agency,
                    content=data.get("content", ""),
                    name=data.get("name", ""),
                    contact=data.get("contact", ""),
                    procedure=data.get("procedure", ""),
                    ip=client_ip(request),
                    honeypot=honeypot,
                )
            except fsvc.FeedbackRefused as refused:
                return render(request, "audits/feedback/feedback_refused.html", {"agency": agency, "message": refused.message}, status=429)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                request.session["feedback_sent"] = feedback.tracking_code
                return redirect("audits:feedback_status", code=feedback.tracking_code)
    return render(request, "audits/feedback/feedback_form.html", {"agency": agency, "form": form, "procedures": _public_procedures(agency)})


def _public_procedures(agency):
    """Suggestions for the "procedure concerned" field: the agency's current public procedures."""
    from processes.documents.models import Document

    documents = (
        Document.objects.for_agency(agency).current().filter(is_public=True, doc_type=Document.Type.PROCEDURE)
        .order_by("code").values_list("code", "title").distinct()[:300]
    )
    return [f"{code} {title}" for code, title in documents]


@public
def feedback_lookup(request):
    form = LookupForm(request.GET or None)
    if request.GET and form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        if CODE_SHAPE.fullmatch(code) and Feedback.objects.filter(tracking_code=code).exists():
            return redirect("audits:feedback_status", code=code)
        form.add_error("code", _("Không tìm thấy phản ánh với mã này. Kiểm tra lại mã (dạng PA-XXXXX-XXXXX)."))
    return render(request, "audits/feedback/feedback_lookup.html", {"form": form})


@public
def feedback_status(request, code):
    """What a citizen sees: the status and the agency's answer, never the internal handling."""
    code = code.strip().upper()
    if not CODE_SHAPE.fullmatch(code):
        raise Http404  # never reaches the database (PostgreSQL refuses NUL bytes, for one)
    feedback = Feedback.objects.select_related("agency").filter(tracking_code=code).first()
    if feedback is None:
        raise Http404
    just_sent = request.session.pop("feedback_sent", None) == feedback.tracking_code
    return render(request, "audits/feedback/feedback_status.html", {"feedback": feedback, "just_sent": just_sent})


# ---------------------------------------------------------------------------------------------
# Coordinator's inbox


class AnswerForm(TextCleaning, forms.Form):
    answer = forms.CharField(label=gettext_lazy("Trả lời người dân (công khai trên trang tra cứu)"),
                             widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)


class DismissForm(TextCleaning, forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do không xử lý"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ToNcForm(TextCleaning, forms.Form):
    department = forms.ModelChoiceField(label=gettext_lazy("Phòng / bộ phận liên quan"), queryset=Department.objects.none())
    severity = forms.ChoiceField(
        label=gettext_lazy("Mức độ"), choices=Nonconformity.Severity.choices,
        widget=DescribedRadioSelect(Nonconformity.SEVERITY_HELP), error_messages={"required": Nonconformity.SEVERITY_MISSING},
    )
    clause = forms.CharField(label=gettext_lazy("Điều khoản ISO"), max_length=20, required=False, initial="8.2.1")
    description = forms.CharField(label=gettext_lazy("Mô tả sự không phù hợp"), widget=forms.Textarea(attrs={"rows": 4}),
                                  max_length=10000, required=False,
                                  help_text=gettext_lazy("Để trống: dùng nội dung phản ánh."))

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(agency=agency).order_by("name")


STATUS_TABS = [("", gettext_lazy("Chờ xử lý")), ("answered", gettext_lazy("Đã trả lời")),
               ("dismissed", gettext_lazy("Không xử lý")), ("all", gettext_lazy("Tất cả"))]


@role_required(*MANAGERS)
def feedback_list(request):
    tab = request.GET.get("trang-thai", "")
    queryset = scoped(Feedback.objects.all(), request.user).select_related("nc").order_by("-created_at", "-pk")
    if tab == "":
        queryset = queryset.filter(status=Feedback.Status.RECEIVED)
    elif tab in (Feedback.Status.ANSWERED, Feedback.Status.DISMISSED):
        queryset = queryset.filter(status=tab)
    # The dashboards link here with a period and "answered on time / late" (MR-3); an invalid date lists nothing.
    narrowed = FeedbackFilter(request.GET, queryset=queryset)
    queryset = narrowed.qs if narrowed.is_valid() else queryset.none()
    query = search.parse(request.GET.get("q"))  # within the tab: code, procedure, content (SEARCH_FIELDS)
    page = Paginator(search.apply(queryset, query), 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "audits/feedback/feedback_list.html", {
        "page": page, "tab": tab, "tabs": STATUS_TABS, "search": query, "query": params.urlencode(),
        "narrowed": narrowed.active, "narrowed_errors": narrowed.form.errors,
    })


def _feedback(request, pk):
    return get_scoped_or_404(Feedback.objects.select_related("nc", "answered_by"), request.user, pk=pk)


def _detail(request, feedback, answer_form=None, dismiss_form=None, nc_form=None, status=200):
    return render(
        request,
        "audits/feedback/feedback_detail.html",
        {
            "feedback": feedback,
            "answer_form": answer_form or AnswerForm(initial={"answer": feedback.answer}),
            "dismiss_form": dismiss_form or DismissForm(),
            "nc_form": nc_form or ToNcForm(agency=feedback.agency),
        },
        status=status,
    )


@role_required(*MANAGERS)
def feedback_detail(request, pk):
    return _detail(request, _feedback(request, pk))


@require_POST
@role_required(*MANAGERS)
def feedback_answer(request, pk):
    feedback = _feedback(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            fsvc.feedback_answer(feedback=feedback, user=request.user, answer=form.cleaned_data["answer"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi trả lời; người dân xem được trên trang tra cứu."))
            return redirect(feedback)
    return _detail(request, feedback, answer_form=form, status=400)


@require_POST
@role_required(*MANAGERS)
def feedback_dismiss(request, pk):
    feedback = _feedback(request, pk)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            fsvc.feedback_dismiss(feedback=feedback, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã đánh dấu không xử lý."))
            return redirect(feedback)
    return _detail(request, feedback, dismiss_form=form, status=400)


@require_POST
@role_required(*MANAGERS)
def feedback_to_nc(request, pk):
    feedback = _feedback(request, pk)
    form = ToNcForm(request.POST, agency=feedback.agency)
    if form.is_valid():
        try:
            nc = fsvc.feedback_to_nc(feedback=feedback, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lập %(ref)s từ phản ánh này.") % {"ref": nc.reference})
            return redirect(feedback)
    return _detail(request, feedback, nc_form=form, status=400)

