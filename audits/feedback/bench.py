"""Benchmark registry of citizens' feedback (bench/README.md): the inbox, one item, the public status page."""

from django.urls import reverse

from bench.mix import Req
from bench.pages import LIST, Page


def _setup(ctx):
    from audits.feedback.models import Feedback

    if "feedback_pk" in ctx.cache:
        return
    feedback = Feedback.objects.for_agency(ctx.agency).order_by("id").first()
    ctx.cache["feedback_pk"] = feedback.pk if feedback else None
    ctx.cache["feedback_code"] = feedback.tracking_code if feedback else "PA-XXXXX-XXXXX"


PAGES = [
    Page("feedback_inbox", "list", path=lambda ctx: reverse("audits:feedback_list"), **LIST),
    Page("feedback_search", "search", path=lambda ctx: reverse("audits:feedback_list") + "?trang-thai=all&q=ho+so",
         note="every status, accent-less", **LIST),
    Page("feedback_detail", "detail", setup=_setup, goal_ratio=3.0, max_queries=20,
         path=lambda ctx: reverse("audits:feedback_detail", kwargs={"pk": ctx.cache["feedback_pk"]})),
    Page("feedback_status_public", "page", setup=_setup, anonymous=True, goal_ratio=3.0,
         path=lambda ctx: reverse("audits:feedback_status", kwargs={"code": ctx.cache["feedback_code"]})),
]

MIX = [
    Req("feedback_inbox", 2, lambda ctx: reverse("audits:feedback_list"), group="list"),
]
