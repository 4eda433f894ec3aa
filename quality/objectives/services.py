"""Quality objectives: the named state changes and the results other subjects read (MR-1).

    objective_save(*, agency, user, objective=None, reason="", **fields)  # the plan of 6.2.2 among the fields
    measurement_record(*, objective, user, period_start, value, note)      # by hand
    compute_measurement(*, objective, period_start, user=None, today=None)  # from the records
    objective_open_nc(*, measurement, user, severity)                       # a missed target → an NC
    period_results(agency, start, end) -> list[dict]                        # for the review and dashboards

Each change runs in one transaction and keeps history (who, when, why); bad input raises a field-keyed
ValidationError in Vietnamese and saves nothing.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Q
from django.utils.translation import gettext as _

from audits.capa import services as capa
from audits.capa.models import Nonconformity
from qms.core.history import require_reason, save_tracked
from quality.objectives import indicators
from quality.objectives.models import Measurement, Objective
from quality.objectives.plan import PLAN, plan_errors

EDITABLE = ("code", "title", "department", "indicator", "unit", "target", "direction", "frequency", "method",
            "answer_days", "year", *PLAN)


def parse_number(raw):
    """A number as people type it: "95,5" (Vietnamese decimal comma) or "95.5"; spaces ignored.

    Thousands separators are not guessed: "1.000,5" is refused rather than read wrongly."""
    if isinstance(raw, (int, float, Decimal)):
        return Decimal(str(raw))
    text = (raw or "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        raise ValidationError(_("Cần nhập giá trị."))
    if text.count(",") + text.count(".") > 1:
        raise ValidationError(_("Giá trị phải là một số, ví dụ 95,5."))
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Giá trị phải là một số, ví dụ 95,5.")) from None
    if not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise ValidationError(_("Giá trị phải là một số, ví dụ 95,5."))
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def objective_save(*, agency, user, objective=None, reason="", **fields):
    """Create an objective, or change one (a change needs a reason, kept in its history)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"objective_save() got unexpected fields {sorted(unknown)}")
    creating = objective is None
    if creating:
        objective = Objective(agency=agency, created_by=user)
    else:
        objective = Objective.objects.select_for_update().get(pk=objective.pk, agency=agency)
        reason = require_reason(reason)
    old_frequency = objective.frequency
    for name, value in fields.items():
        setattr(objective, name, value)
    errors = {}
    if objective.department_id and objective.department.agency_id != agency.pk:
        errors["department"] = _("Phòng này không thuộc cơ quan.")
    if objective.target is None:
        errors["target"] = _("Cần nhập chỉ tiêu.")
    # Measurements are stored per period: changing the period length would orphan them.
    if not creating and old_frequency != objective.frequency and objective.measurements.exists():
        errors["frequency"] = _("Không đổi được tần suất khi đã có kết quả đo.")
    errors.update(plan_errors(objective, agency))
    if errors:
        raise ValidationError(errors)
    objective.full_clean(exclude=["agency", "created_by"])
    _check_unique(objective)
    save_tracked(objective, user=user, reason=reason or _("Lập mục tiêu chất lượng"))
    return objective


def _check_unique(objective):
    clash = Objective.objects.filter(agency_id=objective.agency_id, year=objective.year).exclude(pk=objective.pk)
    errors = {}
    if clash.filter(title=objective.title).exists():
        errors["title"] = _("Cơ quan đã có mục tiêu này trong năm.")
    if objective.code and clash.filter(code=objective.code).exists():
        errors["code"] = _("Mã mục tiêu đã dùng trong năm.")
    if errors:
        raise ValidationError(errors)


def _period(objective, period_start):
    if period_start.year != objective.year:
        raise ValidationError({"period_start": _("Kỳ đo phải nằm trong năm của mục tiêu (%(year)s).") % {"year": objective.year}})
    start, end = objective.period_containing(period_start)
    if start != period_start:
        raise ValidationError({"period_start": _("Kỳ đo không hợp lệ.")})
    return start, end


def _store(objective, start, end, *, value, computed, note, user, reason):
    measurement = Measurement.objects.select_for_update().filter(objective=objective, period_start=start).first()
    if measurement is None:
        measurement = Measurement(objective=objective, agency_id=objective.agency_id, period_start=start)
    measurement.period_end = end
    measurement.value = value
    measurement.computed = computed
    measurement.note = note
    measurement.recorded_by = user
    save_tracked(measurement, user=user, reason=reason)
    return measurement


@transaction.atomic
def measurement_record(*, objective, user, period_start, value, note):
    """Enter (or correct) a period's value by hand: a number and a note saying where it comes from."""
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    errors = {}
    try:
        number = parse_number(value)
    except ValidationError as error:
        errors["value"] = error.messages
    note = (note or "").strip()
    if not note:
        errors["note"] = _("Cần ghi nguồn số liệu hoặc lý do.")
    if objective.is_computed:
        errors.setdefault("value", []).append(_("Mục tiêu này được tính tự động từ hồ sơ; dùng nút Tính ngay."))
    try:
        start, end = _period(objective, period_start)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return _store(objective, start, end, value=number, computed=False, note=note, user=user, reason=note)


@transaction.atomic
def compute_measurement(*, objective, period_start, user=None, today=None, replace=True):
    """Compute a period's value from the records and store it; with ``replace=False`` (the daily job) an
    existing measurement is left as it is."""
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    if not objective.is_computed:
        raise ValidationError({"method": _("Mục tiêu này nhập tay, không tính tự động được.")})
    start, end = _period(objective, period_start)
    if not replace and Measurement.objects.filter(objective=objective, period_start=start).exists():
        return None
    value, ok, total = indicators.COMPUTE[objective.method](
        objective.agency, start, end, today=today, answer_days=objective.answer_days
    )
    note = _("Tính từ hồ sơ: %(ok)s/%(total)s") % {"ok": ok, "total": total} if total else _("Không có hồ sơ để tính trong kỳ.")
    return _store(objective, start, end, value=value, computed=True, note=note, user=user,
                  reason=_("Tính tự động"))


def compute_last_finished_periods(*, today):
    """Daily job: record each computed objective's last finished period once (the unique constraint on
    (objective, period_start) keeps a second run, or two schedulers, from recording it twice)."""
    yesterday = today - datetime.timedelta(days=1)
    done = 0
    for objective in Objective.objects.computed().filter(year=yesterday.year).select_related("agency"):
        finished = [start for start, end in objective.periods() if end < today]
        if not finished:
            continue
        try:
            if compute_measurement(objective=objective, period_start=finished[-1], today=today, replace=False):
                done += 1
        except IntegrityError:
            pass  # another run recorded it first
    return done


@transaction.atomic
def objective_open_nc(*, measurement, user, severity, description=""):
    """Open a nonconformity for a missed target, in one step, and link it to the measurement."""
    measurement = Measurement.objects.select_for_update().select_related("objective").get(pk=measurement.pk)
    objective = measurement.objective
    if measurement.nc_id:
        raise ValidationError(_("Đã mở sự không phù hợp cho kết quả này."))
    if measurement.met is not False:
        raise ValidationError(_("Chỉ mở sự không phù hợp khi kết quả không đạt chỉ tiêu."))
    description = (description or "").strip() or _(
        "Mục tiêu chất lượng \"%(title)s\" không đạt kỳ %(start)s–%(end)s: đạt %(value)s %(unit)s, chỉ tiêu %(target)s %(unit)s."
    ) % {
        "title": objective.title, "start": measurement.period_start.strftime("%d/%m/%Y"),
        "end": measurement.period_end.strftime("%d/%m/%Y"), "value": measurement.value, "unit": objective.unit,
        "target": objective.target,
    }
    nc = capa.nc_open(
        agency=objective.agency, source=Nonconformity.Source.QUALITY_OBJECTIVE, user=user,
        description=description, department=objective.department, clause="5.4.1", severity=severity,
        source_ref=f"{objective.code or objective.title}"[:200],
    )
    measurement.nc = nc
    save_tracked(measurement, user=user, reason=_("Mở sự không phù hợp %(ref)s") % {"ref": nc.reference},
                 update_fields=["nc"])
    return nc


def period_results(agency, start, end):
    """Each objective of ``agency`` measured in periods within [start, end], with its mean actual value.

    One query: the objectives whose year overlaps [start, end], each with the average of its measurements
    whose period lies inside the range (None when none). ``met`` compares that average with the target.
    """
    inside = Q(measurements__period_start__gte=start, measurements__period_end__lte=end)
    objectives = (
        Objective.objects.filter(agency=agency, year__gte=start.year, year__lte=end.year)
        .select_related("department")
        .annotate(actual=Avg("measurements__value", filter=inside))
        .order_by("year", "code", "title", "pk")
    )
    results = []
    for objective in objectives:
        actual = None if objective.actual is None else float(objective.actual)
        results.append({
            "objective": objective,
            "target": objective.target,
            "direction": objective.direction,
            "actual": actual,
            "met": None if actual is None else objective.meets(Decimal(str(actual))),
            "unit": objective.unit,
        })
    return results

