"""Benchmark pages of the management review (bench/README.md): the list, a held review's page, its minutes."""

from django.urls import reverse

from bench.mix import Req
from bench.pages import LIST, Page


def _setup(ctx):
    from quality.review.models import ManagementReview

    if "review_pk" in ctx.cache:
        return
    review = ManagementReview.objects.filter(agency=ctx.agency).exclude(status="draft").order_by("-held_on").first()
    ctx.cache["review_pk"] = review.pk if review else None


def _detail(ctx):
    return reverse("quality:review_detail", kwargs={"pk": ctx.cache["review_pk"]})


PAGES = [
    Page("review_list", "list", path=lambda ctx: reverse("quality:review_list"), **LIST),
    # A held review draws its inputs from the frozen snapshot: no aggregate over the agency's records.
    Page("review_detail", "detail", setup=_setup, goal_ratio=3.0, max_queries=20, path=_detail),
    Page("review_minutes_pdf", "render", setup=_setup, goal_p95_ms=3000, max_queries=20,
         path=lambda ctx: reverse("quality:review_minutes_pdf", kwargs={"pk": ctx.cache["review_pk"]})),
]

MIX = [
    Req("review_list", 1, lambda ctx: reverse("quality:review_list"), group="list"),
    Req("review_detail", 1, _detail, setup=_setup),
]
