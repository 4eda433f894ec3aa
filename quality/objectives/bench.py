"""Benchmark registry of quality objectives (bench/README.md): the year's list and one objective's chart page."""

from django.urls import reverse

from bench.mix import Req
from bench.pages import LIST, Page


def _setup(ctx):
    from qms.core.scale.generate import ANCHOR
    from quality.objectives.models import Objective

    if "objective_pk" in ctx.cache:
        return
    objective = Objective.objects.for_agency(ctx.agency).order_by("id").first()
    ctx.cache["objective_pk"] = objective.pk if objective else 0
    ctx.cache["objective_year"] = ANCHOR.year


def _list(ctx):
    from qms.core.scale.generate import ANCHOR

    return reverse("quality:objective_list") + f"?nam={ANCHOR.year}"


PAGES = [
    Page("objective_list", "list", path=_list, **LIST),
    Page("objective_detail", "detail", setup=_setup, goal_ratio=3.0, max_queries=20,
         path=lambda ctx: reverse("quality:objective_detail", kwargs={"pk": ctx.cache["objective_pk"]})),
]

MIX = [
    Req("objective_list", 1, _list, group="list"),
]
