"""Objectives and measurements: validation messages, nothing half-saved, history, the NC from a missed target,
the daily job and period_results."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audits.capa.models import Nonconformity
from quality.objectives import services as svc
from quality.objectives.models import Measurement, Objective
from tests.quality.objectives.helpers import closed_nc, local

D = datetime.date


def make_objective(world, **fields):
    values = dict(year=2026, code="MT-01", title="Hồ sơ đúng hạn", department=world.departments["desk"],
                  indicator="Tỷ lệ hồ sơ đúng hạn", unit="%", target=Decimal("95"), direction="at_least",
                  frequency="quarterly", method="manual", answer_days=15)
    values.update(fields)
    return svc.objective_save(agency=world.agency, user=world.coordinator, **values)


def test_a_manual_value_accepts_the_vietnamese_decimal_comma_and_keeps_who_and_why(world):
    objective = make_objective(world)
    m = svc.measurement_record(objective=objective, user=world.coordinator, period_start=D(2026, 4, 1),
                               value="95,5", note="Báo cáo quý II")
    assert m.value == Decimal("95.50") and m.period_end == D(2026, 6, 30) and m.met is True
    svc.measurement_record(objective=objective, user=world.head, period_start=D(2026, 4, 1), value="94.0",
                           note="Sửa theo số liệu của một cửa")
    latest = m.history.first()
    assert latest.history_user == world.head and latest.history_change_reason == "Sửa theo số liệu của một cửa"
    assert Measurement.objects.get().value == Decimal("94.00")


@pytest.mark.parametrize("value, note, period, field, message", [
    ("", "n", D(2026, 1, 1), "value", "Cần nhập giá trị."),
    ("chín mươi", "n", D(2026, 1, 1), "value", "Giá trị phải là một số, ví dụ 95,5."),
    ("1.000,5", "n", D(2026, 1, 1), "value", "Giá trị phải là một số, ví dụ 95,5."),
    ("NaN", "n", D(2026, 1, 1), "value", "Giá trị phải là một số, ví dụ 95,5."),
    ("95", "  ", D(2026, 1, 1), "note", "Cần ghi nguồn số liệu hoặc lý do."),
    ("95", "n", D(2027, 1, 1), "period_start", "Kỳ đo phải nằm trong năm của mục tiêu (2026)."),
    ("95", "n", D(2026, 2, 1), "period_start", "Kỳ đo không hợp lệ."),
])
def test_bad_manual_input_gets_a_clear_message_and_saves_nothing(world, value, note, period, field, message):
    objective = make_objective(world)
    with pytest.raises(ValidationError) as error:
        svc.measurement_record(objective=objective, user=world.coordinator, period_start=period, value=value, note=note)
    assert message in error.value.message_dict[field]
    assert not Measurement.objects.exists()
    assert not Measurement.history.exists()


def test_objective_rules_duplicate_title_and_code_in_a_year_and_reason_for_a_change(world):
    objective = make_objective(world)
    with pytest.raises(ValidationError) as error:
        make_objective(world, code="MT-02")
    assert "title" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_objective(world, title="Khác")
    assert "code" in error.value.message_dict
    make_objective(world, year=2027)  # the same objective next year is fine
    with pytest.raises(ValidationError) as error:
        svc.objective_save(agency=world.agency, user=world.coordinator, objective=objective, target=Decimal("90"))
    assert "reason" in error.value.message_dict
    assert Objective.objects.get(pk=objective.pk).target == Decimal("95")
    with pytest.raises(ValidationError):
        make_objective(world, code="MT-09", title="Năm lạ", year=1999)
    assert Objective.objects.count() == 2


def test_a_missed_target_opens_an_nc_in_one_step_with_its_source(world):
    objective = make_objective(world)
    m = svc.measurement_record(objective=objective, user=world.coordinator, period_start=D(2026, 1, 1),
                               value="90", note="Sổ theo dõi")
    nc = svc.objective_open_nc(measurement=m, user=world.coordinator, severity="minor")
    assert nc.source == Nonconformity.Source.QUALITY_OBJECTIVE
    assert nc.department == world.departments["desk"] and "Hồ sơ đúng hạn" in nc.description
    m.refresh_from_db()
    assert m.nc == nc
    with pytest.raises(ValidationError):  # not twice
        svc.objective_open_nc(measurement=m, user=world.coordinator, severity="minor")
    met = svc.measurement_record(objective=objective, user=world.coordinator, period_start=D(2026, 4, 1),
                                 value="99", note="x")
    with pytest.raises(ValidationError):  # not for a met target
        svc.objective_open_nc(measurement=met, user=world.coordinator, severity="minor")
    assert Nonconformity.objects.count() == 1


def test_the_daily_job_records_the_last_finished_period_once(world):
    objective = make_objective(world, method="nc_closed_on_time", frequency="monthly", target=Decimal("80"))
    closed_nc(world, local(2026, 3, 31, 23, 59), due=D(2026, 3, 31))
    assert svc.compute_last_finished_periods(today=D(2026, 4, 1)) == 1
    assert svc.compute_last_finished_periods(today=D(2026, 4, 1)) == 0  # idempotent
    assert svc.compute_last_finished_periods(today=D(2026, 4, 20)) == 0  # still March: April is not finished
    m = Measurement.objects.get()
    assert (m.period_start, m.period_end, m.value, m.computed) == (D(2026, 3, 1), D(2026, 3, 31), Decimal("100.00"), True)
    with pytest.raises(ValidationError):  # a computed objective takes no hand-typed value
        svc.measurement_record(objective=objective, user=world.coordinator, period_start=D(2026, 1, 1), value="1", note="n")


def test_period_results_averages_the_periods_inside_the_range(world):
    a = make_objective(world)
    b = make_objective(world, code="MT-02", title="Hành động quá hạn", direction="at_most", target=Decimal("10"))
    make_objective(world, code="MT-03", title="Chưa đo")
    for start, value in [(D(2026, 1, 1), "90"), (D(2026, 4, 1), "98")]:
        svc.measurement_record(objective=a, user=world.coordinator, period_start=start, value=value, note="n")
    svc.measurement_record(objective=b, user=world.coordinator, period_start=D(2026, 1, 1), value="12", note="n")
    results = {r["objective"].code: r for r in svc.period_results(world.agency, D(2026, 1, 1), D(2026, 6, 30))}
    assert results["MT-01"]["actual"] == 94.0 and results["MT-01"]["met"] is False
    assert results["MT-02"]["actual"] == 12.0 and results["MT-02"]["met"] is False
    assert results["MT-03"]["actual"] is None and results["MT-03"]["met"] is None
    q1 = {r["objective"].code: r for r in svc.period_results(world.agency, D(2026, 1, 1), D(2026, 3, 31))}
    assert q1["MT-01"]["actual"] == 90.0 and q1["MT-01"]["unit"] == "%" and q1["MT-01"]["target"] == Decimal("95")
    assert svc.period_results(world.other_agency, D(2026, 1, 1), D(2026, 12, 31)) == []
