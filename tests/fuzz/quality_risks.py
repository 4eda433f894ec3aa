"""The risk register's forms (issue 18) under hostile input: a message or a save, never a 500."""

import datetime

from hypothesis import strategies as st

from tests.fuzz import Target
from tests.fuzz.strategies import nasty_date, nasty_number, nasty_text


def _counts(world):
    from quality.risks.models import Risk, RiskAction

    return Risk.history.count() + RiskAction.history.count()


def _one_row_or_none(world, data, response, before):
    after = _counts(world)
    assert after == before + (1 if response.status_code == 302 else 0), (before, after, response.status_code)


def _risk(world):
    from django.utils import timezone

    from quality.risks import services

    if "fuzz_risk" not in world.objects:
        later = timezone.localdate() + datetime.timedelta(days=30)
        world.objects["fuzz_risk"] = services.risk_add(agency=world.agency, user=world.coordinator, kind="risk",
                                                       description="Thử", likelihood=1, impact=1, next_review_on=later)
        world.objects["fuzz_risk_action"] = services.action_add(
            risk=world.objects["fuzz_risk"], user=world.coordinator, description="Thử", owner=world.coordinator,
            due_date=later)
    return {"pk": world.objects["fuzz_risk"].pk}


def _action(world):
    _risk(world)
    return {"pk": world.objects["fuzz_risk_action"].pk}


LEVEL = st.one_of(nasty_number(), st.sampled_from(["1", "3", "5"]))

TARGETS = [
    Target("quality:risk_list", fields={"kind": st.one_of(nasty_text(), st.sampled_from(["risk", "opportunity"])),
                                        "description": nasty_text(), "process": nasty_text(), "likelihood": LEVEL,
                                        "impact": LEVEL, "next_review_on": nasty_date()},
           before=_counts, check=_one_row_or_none),
    Target("quality:risk_review", build=_risk, kwargs=_risk,
           fields={"likelihood": LEVEL, "impact": LEVEL, "next_review_on": nasty_date(), "reason": nasty_text()},
           before=_counts, check=_one_row_or_none),
    Target("quality:risk_action_add", build=_risk, kwargs=_risk,
           fields={"description": nasty_text(), "owner": nasty_number(), "due_date": nasty_date()},
           before=_counts, check=_one_row_or_none),
    Target("quality:risk_action_evaluate", build=_action, kwargs=_action,
           fields={"effective": st.one_of(nasty_text(), st.sampled_from(["yes", "no"])), "note": nasty_text()},
           before=_counts, check=_one_row_or_none),
]

TARGETS += [
    Target("quality:risk_action_done", build=_action, kwargs=_action, fields={"note": nasty_text()},
           before=_counts, check=lambda w, d, r, b: None),  # the first post finishes it; later ones are refused
]
