"""The coordinator's pages for applicants' personal data: the agency's one-stop settings (retention period,
late files opening NCs by themselves), with their history, and the log of who saw which file's applicant."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.files.models import PersonalDataAccess
from cases.privacy import services
from cases.privacy.forms import AccessFilterForm, SettingsForm
from qms.core.history import history_entries
from qms.core.models import Role
from qms.core.access import role_required

PAGE_SIZE = 100
WHAT = {  # PersonalDataAccess.what → what the log page says
    "detail": gettext_lazy("Trang hồ sơ"), "form01_pdf": gettext_lazy("Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)"),
    "form02_pdf": gettext_lazy("Phiếu yêu cầu bổ sung (mẫu 02)"), "form03_pdf": gettext_lazy("Phiếu từ chối (mẫu 03)"),
    "form04_pdf": gettext_lazy("Phiếu xin lỗi và hẹn lại (mẫu 04)"), "register_pdf": gettext_lazy("Sổ theo dõi hồ sơ (PDF)"),
    "register_xlsx": gettext_lazy("Sổ theo dõi hồ sơ (XLSX)"),
}


@role_required(Role.COORDINATOR, action=_("thay đổi thiết lập một cửa"))
def onestop_settings(request):
    agency = request.user.agency
    current = services.settings_for(agency)
    form = SettingsForm(request.POST or None, initial={
        "retention_months": current.retention_months, "auto_open_late_nc": current.auto_open_late_nc})
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(agency=agency, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Đã lưu thiết lập một cửa."))
            return redirect("cases:onestop_settings")
    return render(request, "cases/privacy/settings.html", {
        "form": form, "history_entries": history_entries(current) if current.pk else []})


@role_required(Role.COORDINATOR, action=_("xem nhật ký truy cập thông tin cá nhân"))
def access_log(request):
    agency = request.user.agency
    form = AccessFilterForm(request.GET or None, agency=agency)
    queryset = (PersonalDataAccess.objects.filter(agency=agency)
                .select_related("case", "user").only("at", "what", "case__code", "user__username",
                                                      "user__first_name", "user__last_name", "user__full_name")
                .order_by("-at", "-pk"))
    if form.is_bound:
        queryset = form.filter(queryset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.what_label = WHAT.get(row.what, row.what)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "cases/privacy/access_log.html", {"form": form, "page": page, "query": params.urlencode()})
