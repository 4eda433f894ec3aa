"""The nonconformity register: the filtered, paginated list and its CSV / XLSX export."""

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.capa.filters import NonconformityFilter
from audits.capa.models import Action, Nonconformity
from audits.capa.views.common import PAGE_SIZE
from qms.core import exports, search
from qms.core.access import role_required, scoped


def _register_queryset(user):
    return (
        scoped(Nonconformity.objects.all(), user)
        .select_related("department", "responsible", "document")
        .annotate_overdue()
        # A correlated count rather than JOIN + GROUP BY: the page then walks the (agency, year, number)
        # index and stops after one page, instead of grouping every NC of the agency first.
        .annotate(open_actions=Coalesce(Subquery(
            Action.objects.filter(nc=OuterRef("pk"), status=Action.Status.PLANNED).order_by()
            .values("nc").annotate(n=Count("pk")).values("n")
        ), 0))
        .order_by("-year", "-number")
    )


@role_required()
def nc_list(request):
    agency = request.user.agency
    filterset = NonconformityFilter(request.GET or None, queryset=_register_queryset(request.user), agency=agency)
    queryset = filterset.qs
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audits/capa/nc_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "search": search.parse(request.GET.get("q")),
            "today": timezone.localdate(),
            "can_export": True,
        },
    )


EXPORT_COLUMNS = [
    ("reference", gettext_lazy("Số phiếu")),
    ("kind", gettext_lazy("Loại")),
    ("source", gettext_lazy("Nguồn")),
    ("department", gettext_lazy("Phòng / bộ phận")),
    ("document", gettext_lazy("Tài liệu / quá trình")),
    ("clause", gettext_lazy("Điều khoản")),
    ("severity", gettext_lazy("Mức độ")),
    ("description", gettext_lazy("Mô tả")),
    ("detected_on", gettext_lazy("Ngày phát hiện")),
    ("responsible", gettext_lazy("Người chịu trách nhiệm")),
    ("status", gettext_lazy("Trạng thái")),
    ("open_actions", gettext_lazy("Hành động đang mở")),
    ("overdue", gettext_lazy("Có hành động quá hạn")),
    ("closed_at", gettext_lazy("Ngày đóng")),
]


def _export_rows(queryset):
    for nc in queryset.iterator(chunk_size=500):
        yield [
            nc.reference,
            nc.get_kind_display(),
            nc.get_source_display(),
            nc.department.name if nc.department_id else "",
            " · ".join(x for x in (str(nc.document) if nc.document_id else "", nc.process_ref) if x),
            nc.clause,
            nc.get_severity_display(),
            nc.description,
            nc.detected_on,
            nc.responsible.display_name if nc.responsible_id else "",
            nc.get_status_display(),
            nc.open_actions,
            _("Có") if nc.has_overdue else "",
            timezone.localtime(nc.closed_at).date() if nc.closed_at else None,
        ]


@role_required()
def nc_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filterset = NonconformityFilter(
        request.GET or None, queryset=_register_queryset(request.user), agency=request.user.agency
    )
    rows = _export_rows(filterset.qs)
    headers = [label for _name, label in EXPORT_COLUMNS]
    name = f"so-theo-doi-khong-phu-hop-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        return exports.csv_response(f"{name}.csv", headers, rows)
    return exports.xlsx_response(
        f"{name}.xlsx", headers, rows, sheet_title=_("Sự không phù hợp"),
        title_lines=[request.user.agency.name,
                     _("Sổ theo dõi sự không phù hợp").upper() + " – " + timezone.localdate().strftime("%d/%m/%Y")],
    )
