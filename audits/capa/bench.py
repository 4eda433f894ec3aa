"""Benchmark registry of nonconformities (bench/README.md): the NC register, actions, details, load mix."""

from django.urls import reverse
from django.utils import timezone

from bench.mix import Req
from bench.pages import LIST, Page


def _setup(ctx):
    from audits.capa.models import Action, Nonconformity

    if "nc_pk" in ctx.cache:
        return
    nc = Nonconformity.objects.for_agency(ctx.agency).filter(status="closed").order_by("id").first() \
        or Nonconformity.objects.for_agency(ctx.agency).order_by("id").first()
    ctx.cache["nc_pk"] = nc.pk if nc else None
    action = Action.objects.for_agency(ctx.agency).order_by("id").first()
    ctx.cache["action_pk"] = action.pk if action else None


def _nc_data(ctx):
    return {
        "kind": "nonconformity", "source": "staff_report", "severity": "minor",
        "description": "Hồ sơ trả kết quả trễ hạn 2 ngày, chưa có phiếu xin lỗi công dân (tải thử).",
        "detected_on": timezone.localdate().strftime("%d/%m/%Y"), "clause": "7.5",
    }


PAGES = [
    Page("nc_register", "list", path=lambda ctx: reverse("audits:nc_list"), **LIST),
    Page("nc_register_open", "list", path=lambda ctx: reverse("audits:nc_list") + "?status=open", **LIST),
    Page("actions", "list", path=lambda ctx: reverse("audits:action_list"), **LIST),
    # Accent-less searches (qms.core.search) of words in many rows: the count and the page both filter.
    Page("nc_search", "search", path=lambda ctx: reverse("audits:nc_list") + "?q=ho+so", **LIST),
    Page("actions_search", "search", path=lambda ctx: reverse("audits:action_list") + "?q=quy+trinh", **LIST),
    Page("nc_detail", "detail", setup=_setup, goal_ratio=3.0, max_queries=20,
         path=lambda ctx: reverse("audits:nc_detail", kwargs={"pk": ctx.cache["nc_pk"]})),
    Page("action_detail", "detail", setup=_setup, goal_ratio=3.0, max_queries=20,
         path=lambda ctx: reverse("audits:action_detail", kwargs={"pk": ctx.cache["action_pk"]})),
]

MIX = [
    Req("nc_register", 5, lambda ctx: reverse("audits:nc_list"), group="list"),
    Req("actions", 3, lambda ctx: reverse("audits:action_list"), group="list"),
    Req("nc_detail", 3, lambda ctx: reverse("audits:nc_detail", kwargs={"pk": ctx.cache["nc_pk"]}), setup=_setup),
    Req("nc_submit", 1, lambda ctx: reverse("audits:nc_create"), method="POST", data=_nc_data, expect=(302,),
        group="submit"),
    Req("nc_export_csv", 2, lambda ctx: reverse("audits:nc_export", kwargs={"fmt": "csv"}), group="download"),
]
