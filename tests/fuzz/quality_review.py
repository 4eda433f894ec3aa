"""Management review forms under hostile input: never a 500, and a refused meeting or decision saves nothing."""

from tests.fuzz import Target
from tests.fuzz.strategies import junk, nasty_date, nasty_number, nasty_text


def _build(world):
    from tests.quality.review.helpers import add_decision, draft_review, held_review

    if "review_held" in world.objects:
        return
    world.objects["review_draft"] = draft_review(world)
    world.objects["review_held"] = held = held_review(world, held_on=__import__("datetime").date(2026, 7, 20))
    world.objects["decision"] = add_decision(world, held)


def pk(name):
    def kwargs(world):
        _build(world)
        return {"pk": world.objects[name].pk}

    return kwargs


def _counts(world):
    from quality.review.models import Decision, ManagementReview

    return ManagementReview.objects.count(), Decision.objects.count()


def _nothing_half_saved(world, data, response, before):
    # A refused form answers 200 and saves nothing; an accepted one redirects and adds exactly one row.
    after = _counts(world)
    if response.status_code == 200:
        assert after == before, f"a refused form saved rows: {before} → {after}"


TARGETS = [
    Target("quality:review_create",
           fields={"held_on": nasty_date(), "period_start": nasty_date(), "period_end": nasty_date(),
                   "chair": nasty_number(), "participants": nasty_number(), "guests": nasty_text()},
           before=_counts, check=_nothing_half_saved),
    Target("quality:review_edit", build=_build, kwargs=pk("review_draft"),
           fields={"held_on": nasty_date(), "period_start": nasty_date(), "period_end": nasty_date(),
                   "chair": nasty_number(), "participants": nasty_number(), "guests": nasty_text()}),
    Target("quality:review_note", build=_build, kwargs=pk("review_held"),
           fields={"section": nasty_text(), "text": nasty_text()}),
    Target("quality:decision_add", build=_build, kwargs=pk("review_held"),
           fields={"kind": nasty_text(), "description": nasty_text(), "owner": nasty_number(),
                   "due_date": nasty_date()}, before=_counts, check=_nothing_half_saved),
    Target("quality:decision_complete", persona="reviewer", build=_build, kwargs=pk("decision"),
           fields={"note": nasty_text(), "completed_on": nasty_date()}),
    Target("quality:review_approve", persona="head", build=_build, kwargs=pk("review_held"), max_examples=5,
           fields={"password": nasty_text(max_size=50)}),
    Target("quality:review_hold", build=_build, kwargs=pk("review_draft"), max_examples=3, fields={"junk": junk()}),
]
