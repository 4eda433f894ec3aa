"""Quality objectives (MR-1, quality/objectives/urls.py) under hostile input: never a 500, and a measurement
is stored only when the value is a number, the note is there and the period is one of the objective's;
then it holds exactly the number sent (decimal comma read the Vietnamese way)."""

import datetime
import os
from decimal import Decimal

from hypothesis import strategies as st

from quality.objectives import services as svc
from quality.objectives.models import Measurement
from tests.fuzz import Target
from tests.fuzz.strategies import junk, long_text, nasty_date, nasty_number, nasty_text

N = max(3, int(os.environ.get("FUZZ_EXAMPLES", "30")) * 2 // 5)
FEW = max(3, N // 4)


def build(world):
    o = world.objects
    if "qo_manual" in o:
        return
    common = dict(agency=world.agency, user=world.coordinator, year=2026, department=world.departments["desk"],
                  indicator="Tỷ lệ", unit="%", target=Decimal("95"), direction="at_least", answer_days=15)
    o["qo_manual"] = svc.objective_save(code="F-1", title="Hồ sơ đúng hạn", frequency="quarterly", method="manual",
                                        **common)
    o["qo_computed"] = svc.objective_save(code="F-2", title="NC đúng hạn", frequency="monthly",
                                          method="nc_closed_on_time", **common)
    o["qo_missed"] = svc.measurement_record(objective=o["qo_manual"], user=world.coordinator,
                                            period_start=datetime.date(2026, 1, 1), value="80", note="Sổ")


def obj(key):
    # Before build() (the resolve check), any pk will do.
    return lambda w: {"pk": w.objects[key].pk if key in w.objects else 1}


def _value_sent(raw):
    try:
        return svc.parse_number(raw)
    except Exception:
        return None


def measurement_rows(world):
    return {m.period_start: (m.value, m.note) for m in Measurement.objects.filter(objective=world.objects["qo_manual"])}


def measurement_stored_as_sent(world, data, response, before):
    after = measurement_rows(world)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    if not changed:
        return
    # Something was stored: it must be the value and note sent, for a period of the objective's year.
    assert len(changed) == 1, changed
    (start, (value, note)), = changed.items()
    assert start.year == 2026 and start.isoformat() == data["period_start"]
    assert value == _value_sent(data["value"]) and note.strip(), (data, value, note)


periods = st.one_of(nasty_date(), junk(), st.sampled_from(["2026-01-01", "2026-04-01", "2026-02-01", "2027-01-01"]))
OBJECTIVE_FIELDS = {
    "year": st.one_of(nasty_number(), st.sampled_from(["2026", "1999", "2101", "32768"])),
    "code": long_text(20), "title": long_text(255), "indicator": long_text(255), "unit": long_text(20),
    "target": st.one_of(nasty_number(), st.sampled_from(["95,5", "1.000,5", "NaN", "-Infinity", "1e99"])),
    "direction": st.one_of(junk(), st.sampled_from(["at_least", "at_most"])),
    "frequency": st.one_of(junk(), st.sampled_from(["monthly", "quarterly"])),
    "method": st.one_of(junk(), st.sampled_from(["manual", "feedback_answered"])),
    "answer_days": st.one_of(nasty_number(), st.just("0")), "reason": nasty_text(),
}

TARGETS = [
    Target("quality:objective_list", method="get", max_examples=FEW, fields={"nam": st.one_of(junk(), nasty_number())}),
    Target("quality:objective_create", name="quality:objective_create (GET year)", method="get", max_examples=FEW, fields={"nam": st.one_of(junk(), nasty_number())}),
    Target("quality:objective_create", max_examples=N, fields=OBJECTIVE_FIELDS,
           fixed=lambda w: {"department": w.departments["desk"].pk}),
    Target("quality:objective_edit", build=build, kwargs=obj("qo_manual"), max_examples=N, fields=OBJECTIVE_FIELDS),
    Target("quality:measurement_record", build=build, kwargs=obj("qo_manual"), max_examples=N,
           fields={"period_start": periods,
                   "value": st.one_of(nasty_number(), st.sampled_from(["95,5", "95.5", "1.000,5", "", "NaN", "9e9"])),
                   "note": nasty_text()},
           before=measurement_rows, check=measurement_stored_as_sent),
    Target("quality:measurement_compute", build=build, kwargs=obj("qo_computed"), max_examples=FEW,
           fields={"period_start": periods}),
    Target("quality:measurement_open_nc", build=build, kwargs=obj("qo_missed"), max_examples=FEW,
           fields={"severity": st.one_of(junk(), st.sampled_from(["minor", "major", ""]))}),
]


