"""The context forms (issue 18) under hostile input: a message or a save, never a 500, nothing half-saved."""

from hypothesis import strategies as st

from tests.fuzz import Target
from tests.fuzz.strategies import nasty_text


def _counts(world):
    from quality.context.models import ContextIssue, InterestedParty

    return ContextIssue.history.count() + InterestedParty.history.count()


def _one_row_or_none(world, data, response, before):
    after = _counts(world)
    assert after == before + (1 if response.status_code == 302 else 0), (before, after, response.status_code)


def _issue(world):
    from quality.context import services

    if "fuzz_issue" not in world.objects:
        world.objects["fuzz_issue"] = services.issue_save(agency=world.agency, user=world.coordinator,
                                                          kind="internal", description="Thiếu công chức một cửa")
    return {"pk": world.objects["fuzz_issue"].pk}


def _party(world):
    from quality.context import services

    if "fuzz_party" not in world.objects:
        world.objects["fuzz_party"] = services.party_save(agency=world.agency, user=world.coordinator,
                                                          name="Doanh nghiệp", requirements="Thủ tục đơn giản")
    return {"pk": world.objects["fuzz_party"].pk}


KIND = st.one_of(nasty_text(), st.sampled_from(["internal", "external"]))
FLAG = st.sampled_from(["", "on", "x"])

TARGETS = [
    Target("quality:context_issue_add", fields={"kind": KIND, "description": nasty_text(), "effect": nasty_text(),
                                                "is_active": FLAG, "reason": nasty_text()},
           before=_counts, check=_one_row_or_none),
    Target("quality:context_party_add", fields={"name": nasty_text(), "requirements": nasty_text(),
                                                "monitoring": nasty_text(), "is_active": FLAG, "reason": nasty_text()},
           before=_counts, check=_one_row_or_none),
    Target("quality:context_issue_edit", build=_issue, kwargs=_issue,
           fields={"kind": KIND, "description": nasty_text(), "effect": nasty_text(), "reason": nasty_text()},
           before=_counts, check=_one_row_or_none),
    Target("quality:context_party_edit", build=_party, kwargs=_party,
           fields={"name": nasty_text(), "requirements": nasty_text(), "reason": nasty_text()},
           before=_counts, check=_one_row_or_none),
]
