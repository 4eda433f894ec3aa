"""Quality objectives (MR-1, quality/objectives/urls.py) under hostile input: never a 500, and a measurement
is stored only when the value is a number, the note is there and the period is one of the objective's;
then it holds exactly the number sent (decimal comma read the Vietnamese way). The plan of 6.2.2 beside the
objective: on an agency applying 2015, a refused form saves nothing, an accepted one holds the whole plan as sent
(NFC, stripped), by a person of the agency, due within the objective's year."""

import datetime
import os
from decimal import Decimal

from hypothesis import strategies as st

from quality.objectives import services as svc
from quality.objectives.models import Measurement, Objective
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

PLAN_FIELDS = {
    "plan_actions": nasty_text(), "plan_resources": nasty_text(), "plan_evaluation": nasty_text(),
    "plan_owner": st.one_of(nasty_number(), st.sampled_from(["", "staff", "outsider"])),
    "plan_due": st.one_of(nasty_date(), st.sampled_from(["2026-12-31", "2026-02-29", "2027-01-01", ""])),
}
OBJECTIVE_FIELDS.update({name: st.one_of(junk(), st.just("")) for name in PLAN_FIELDS})


def on_2015(world):
    from qms.core import editions

    if world.agency.iso_edition != "2015":
        editions.set_edition(agency=world.agency, edition="2015", since=datetime.date(2026, 1, 1), reason="QĐ",
                             by=world.coordinator)


def plan_payload(world, payload):
    # Persona names stand for their ids: a person of the agency, one of another agency.
    owner = payload.get("plan_owner")
    if owner in ("staff", "outsider"):
        payload = {**payload, "plan_owner": str(world.people[owner].pk)}
    return payload


def objective_rows(world):
    return Objective.history.count()


def plan_whole_or_nothing(world, data, response, before):
    from audits.capa.services import clean_text

    if response.status_code != 302:
        assert Objective.history.count() == before, "a refused objective saved something"
        return
    objective = Objective.objects.order_by("-pk").first()
    assert objective.is_planned and objective.plan_due.year == 2026
    assert objective.plan_owner is None or objective.plan_owner.agency_id == world.agency.pk
    for name in ("plan_actions", "plan_resources", "plan_evaluation"):
        assert getattr(objective, name) == clean_text(data[name]), name


TARGETS = [
    Target("quality:objective_list", method="get", max_examples=FEW, fields={"nam": st.one_of(junk(), nasty_number())}),
    Target("quality:objective_create", name="quality:objective_create (GET year)", method="get", max_examples=FEW, fields={"nam": st.one_of(junk(), nasty_number())}),
    Target("quality:objective_create", max_examples=N, fields=OBJECTIVE_FIELDS,
           fixed=lambda w: {"department": w.departments["desk"].pk}),
    Target("quality:objective_edit", build=build, kwargs=obj("qo_manual"), max_examples=N, fields=OBJECTIVE_FIELDS),
    Target("quality:objective_create", name="quality:objective_create (2015 plan)", build=on_2015, max_examples=N,
           fields=PLAN_FIELDS, payload=plan_payload, before=objective_rows, check=plan_whole_or_nothing,
           fixed=lambda w: {"year": "2026", "title": "Hồ sơ đúng hạn", "indicator": "Tỷ lệ", "unit": "%",
                            "target": "95", "direction": "at_least", "frequency": "quarterly", "method": "manual",
                            "answer_days": "15", "department": w.departments["desk"].pk}),
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


