"""Benchmark pages of the register of risks and opportunities (bench/README.md): the register and one entry with
its actions, as the coordinator of an agency on ISO 9001:2015 (bench.pages.coordinator_on_2015)."""

from django.urls import reverse

from bench.pages import LIST, Page, coordinator_on_2015


def _setup(ctx):
    from django.db.models import Count

    from quality.risks.models import Risk

    if "risk_pk" in ctx.cache:
        return
    agency = coordinator_on_2015(ctx).agency
    # The entry with the most actions: the detail page's worst case.
    risk = Risk.objects.filter(agency=agency).annotate(n=Count("actions")).order_by("-n", "pk").first()
    ctx.cache["risk_pk"] = risk.pk if risk else 0


PAGES = [
    Page("risk_list", "list", user=coordinator_on_2015, path=lambda ctx: reverse("quality:risk_list"), **LIST),
    Page("risk_detail", "detail", user=coordinator_on_2015, setup=_setup, goal_ratio=3.0, max_queries=10,
         path=lambda ctx: reverse("quality:risk_detail", kwargs={"pk": ctx.cache["risk_pk"]})),
]
