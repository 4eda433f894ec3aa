"""Pages of quality objectives: the year's list with status flags, an objective's chart and data, and the
forms that enter, compute and follow up its measurements (MR-1)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from audits.capa.views.common import apply_errors
from qms.core.access import MANAGERS, get_scoped_or_404, is_manager, require_agency, role_required, scoped
from qms.core.charts import line_chart
from qms.core.history import history_entries
from qms.core.models import Role
from quality.objectives import services as svc
from quality.objectives.forms import ComputeForm, MeasurementForm, ObjectiveForm, OpenNcForm, PlanForm
from quality.objectives.models import Measurement, Objective
from quality.objectives.plan import PLAN, plan_clause, plan_required, year_end

# Everyone working in the agency reads its objectives; the provincial oversight body sees figures only.
READERS = tuple(role for role in Role.values if role != Role.OVERSIGHT)


def _year(request):
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def get_objective(request, pk):
    return get_scoped_or_404(Objective.objects.select_related("agency", "department", "plan_owner"), request.user,
                             pk=pk)


@role_required(*READERS)
def objective_list(request):
    year = _year(request)
    # Two queries whatever the number of objectives: the objectives, then all their measurements.
    objectives = list(
        scoped(Objective.objects.all(), request.user)
        .filter(year=year)
        .select_related("department", "plan_owner")
        .prefetch_related(Prefetch("measurements", queryset=Measurement.objects.order_by("period_start")))
    )
    rows = []
    for objective in objectives:
        measured = list(objective.measurements.all())
        latest = measured[-1] if measured else None
        rows.append({
            "objective": objective,
            "latest": latest,
            "met": objective.meets(latest.value) if latest else None,
            "missed": sum(1 for m in measured if objective.meets(m.value) is False),
            "count": len(measured),
        })
    agency = request.user.agency
    return render(request, "quality/objectives/objective_list.html", {
        "year": year, "rows": rows, "can_write": is_manager(request.user),
        "years": [year - 1, year, year + 1], "plan_required": plan_required(agency, year),
        "plan_clause": plan_clause(agency, year), "plan_made": year_end(year), "agency": agency,
    })


@role_required(*READERS)
def objective_detail(request, pk):
    objective = get_objective(request, pk)
    measurements = {m.period_start: m for m in objective.measurements.select_related("recorded_by", "nc")}
    periods = objective.periods()
    rows = [
        {"start": start, "end": end, "measurement": measurements.get(start),
         "met": objective.meets(measurements[start].value) if start in measurements else None}
        for start, end in periods
    ]
    labels = [_period_label(objective, start) for start, _end in periods]
    chart = line_chart(
        objective.indicator or objective.title, labels,
        {_("Thực hiện"): [row["measurement"].value if row["measurement"] else None for row in rows]},
        unit=objective.unit, target=objective.target, category=_period_heading(objective),
    )
    can_write = is_manager(request.user)
    today = timezone.localdate()
    default_period = objective.period_containing(today)[0] if today.year == objective.year else periods[0][0]
    return render(request, "quality/objectives/objective_detail.html", {
        "objective": objective, "rows": rows, "chart": chart, "can_write": can_write,
        "measure_form": MeasurementForm(objective=objective, initial={"period_start": default_period.isoformat()})
        if can_write and not objective.is_computed else None,
        "compute_form": ComputeForm(objective=objective, initial={"period_start": default_period.isoformat()})
        if can_write and objective.is_computed else None,
        "nc_form": OpenNcForm() if can_write else None,
        "history": history_entries(objective, limit=50) if can_write else None,
        "plan_required": plan_required(objective.agency, objective.year),
        "plan_clause": plan_clause(objective.agency, objective.year), "plan_made": year_end(objective.year),
    })


def _period_heading(objective):
    """What the chart's periods are, as its data table's first column says."""
    return {Objective.Frequency.MONTHLY: _("Tháng"), Objective.Frequency.QUARTERLY: _("Quý")}.get(
        objective.frequency, pgettext("chart category", "Kỳ"))


def _period_label(objective, start):
    if objective.frequency == Objective.Frequency.MONTHLY:
        return f"{start:%m/%Y}"
    if objective.frequency == Objective.Frequency.QUARTERLY:
        return _("Quý %(n)s") % {"n": (start.month - 1) // 3 + 1}
    if objective.frequency == Objective.Frequency.HALF_YEARLY:
        return _("6 tháng đầu") if start.month == 1 else _("6 tháng cuối")
    return str(start.year)


def _plan_year(request, form, objective):
    """The year the plan section is shown for: the one typed (a re-shown form), else the objective's or the list's."""
    try:
        return int(form.data.get("year")) if form.is_bound else (objective.year if objective else _year(request))
    except (TypeError, ValueError):
        return objective.year if objective else _year(request)


def _objective_form(request, agency, objective=None):
    """Save the objective and its plan (6.2.2) in one step; None when saved, else the page with the messages."""
    form = ObjectiveForm(request.POST or None, instance=objective, agency=agency,
                         initial=None if objective else {"year": _year(request)})
    year = _plan_year(request, form, objective)
    initial = {name: getattr(objective, name) for name in PLAN} if objective else None
    plan_form = PlanForm(request.POST or None, agency=agency, required=plan_required(agency, year), initial=initial)
    if request.method == "POST" and form.is_valid() & plan_form.is_valid():
        fields = {name: form.cleaned_data[name] for name in svc.EDITABLE if name not in PLAN}
        fields.update({name: plan_form.cleaned_data[name] for name in PLAN})
        try:
            saved = svc.objective_save(agency=agency, user=request.user, objective=objective,
                                       reason=form.cleaned_data.get("reason", ""), **fields)
        except ValidationError as error:
            for name, messages_ in error.message_dict.items():
                target = plan_form if name in PLAN or name == "plan" else form
                for message in messages_:
                    target.add_error(name if name in target.fields else None, message)
        else:
            return saved, None
    if objective is not None:
        # A ModelForm validated into the instance: show the stored one, not the half-applied one.
        objective.refresh_from_db()
    return None, render(request, "quality/objectives/objective_form.html", {
        "form": form, "plan_form": plan_form, "objective": objective, "plan_required": plan_form.required,
        "plan_clause": plan_clause(agency, year), "agency": agency, "plan_made": year_end(year),
    })


@role_required(*MANAGERS, action=_("lập mục tiêu chất lượng"))
def objective_create(request):
    saved, page = _objective_form(request, require_agency(request.user))
    if saved is None:
        return page
    messages.success(request, _("Đã lập mục tiêu chất lượng."))
    return redirect(saved)


@role_required(*MANAGERS, action=_("sửa mục tiêu chất lượng"))
def objective_edit(request, pk):
    objective = get_objective(request, pk)
    saved, page = _objective_form(request, objective.agency, objective)
    if saved is None:
        return page
    messages.success(request, _("Đã lưu mục tiêu chất lượng."))
    return redirect(saved)


@require_POST
@role_required(*MANAGERS, action=_("nhập kết quả đo"))
def measurement_record(request, pk):
    objective = get_objective(request, pk)
    form = MeasurementForm(request.POST, objective=objective)
    if form.is_valid():
        try:
            svc.measurement_record(objective=objective, user=request.user,
                                   period_start=form.cleaned_data["period_start"],
                                   value=form.cleaned_data["value"], note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã ghi kết quả đo."))
            return redirect(objective)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(objective)


@require_POST
@role_required(*MANAGERS, action=_("tính kết quả đo"))
def measurement_compute(request, pk):
    objective = get_objective(request, pk)
    form = ComputeForm(request.POST, objective=objective)
    try:
        if not form.is_valid():
            raise ValidationError(_("Kỳ đo không hợp lệ."))
        svc.compute_measurement(objective=objective, period_start=form.cleaned_data["period_start"], user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã tính kết quả từ hồ sơ."))
    return redirect(objective)


@require_POST
@role_required(*MANAGERS, action=_("mở sự không phù hợp"))
def measurement_open_nc(request, pk):
    measurement = get_scoped_or_404(Measurement.objects.select_related("objective"), request.user, pk=pk)
    form = OpenNcForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["severity"][0])
        nc = svc.objective_open_nc(measurement=measurement, user=request.user, severity=form.cleaned_data["severity"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(measurement.objective)
    messages.success(request, _("Đã mở sự không phù hợp %(ref)s.") % {"ref": nc.reference})
    return redirect(nc.get_absolute_url())


