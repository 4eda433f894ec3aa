"""Benchmark registry of the audits app (bench/README.md): NC register, actions, feedback, internal audits, load mix."""

from django.urls import reverse
from django.utils import timezone

from bench.mix import Req
from bench.pages import Page

LIST = dict(goal_ratio=3.0, max_queries=12)


def _setup(ctx):
    from audits.capa.models import Action, Nonconformity
    from audits.feedback.models import Feedback

    if "nc_pk" in ctx.cache:
        return
    nc = Nonconformity.objects.for_agency(ctx.agency).filter(status="closed").order_by("id").first() \
        or Nonconformity.objects.for_agency(ctx.agency).order_by("id").first()
    ctx.cache["nc_pk"] = nc.pk if nc else None
    action = Action.objects.for_agency(ctx.agency).order_by("id").first()
    ctx.cache["action_pk"] = action.pk if action else None
    feedback = Feedback.objects.for_agency(ctx.agency).order_by("id").first()
    ctx.cache["feedback_pk"] = feedback.pk if feedback else None
    ctx.cache["feedback_code"] = feedback.tracking_code if feedback else "PA-XXXXX-XXXXX"


def _audit_setup(ctx):
    """A reported audit (its page also lists the NCs blocking the close) and the latest programme."""
    from django.db.models import Count

    from audits.internal.models import Audit, AuditProgramme

    if "audit_pk" in ctx.cache:
        return
    audits = Audit.objects.for_agency(ctx.agency).annotate(n=Count("findings"))
    audit = (audits.filter(status="reported", n__gte=5).order_by("id").first()
             or audits.filter(n__gte=1).order_by("id").first() or audits.order_by("id").first())
    ctx.cache["audit_pk"] = audit.pk if audit else None
    programme = AuditProgramme.objects.filter(agency=ctx.agency).order_by("-year").first()
    ctx.cache["programme_pk"] = programme.pk if programme else None
    ctx.cache["programme_year"] = programme.year if programme else ""


def _audit(name):
    return lambda ctx: reverse(f"audits:{name}", kwargs={"pk": ctx.cache["audit_pk"]})


def _programme(name):
    return lambda ctx: reverse(f"audits:{name}", kwargs={"pk": ctx.cache["programme_pk"]})


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
    Page("feedback_inbox", "list", path=lambda ctx: reverse("audits:feedback_list"), **LIST),
    Page("nc_detail", "detail", setup=_setup, goal_ratio=3.0, max_queries=20,
         path=lambda ctx: reverse("audits:nc_detail", kwargs={"pk": ctx.cache["nc_pk"]})),
    Page("action_detail", "detail", setup=_setup, goal_ratio=3.0, max_queries=20,
         path=lambda ctx: reverse("audits:action_detail", kwargs={"pk": ctx.cache["action_pk"]})),
    Page("feedback_detail", "detail", setup=_setup, goal_ratio=3.0, max_queries=20,
         path=lambda ctx: reverse("audits:feedback_detail", kwargs={"pk": ctx.cache["feedback_pk"]})),
    Page("feedback_status_public", "page", setup=_setup, anonymous=True, goal_ratio=3.0,
         path=lambda ctx: reverse("audits:feedback_status", kwargs={"code": ctx.cache["feedback_code"]})),
    # Internal audits (8.2.2). Findings have no list of their own: they are listed on the audit page.
    Page("audit_list", "list", path=lambda ctx: reverse("audits:audit_list"), note="every year, unpaginated", **LIST),
    Page("audit_list_year", "list", setup=_audit_setup, note="the latest programme's year",
         path=lambda ctx: reverse("audits:audit_list") + f"?year={ctx.cache['programme_year']}", **LIST),
    Page("audit_programmes", "list", path=lambda ctx: reverse("audits:programme_list"), **LIST),
    Page("audit_programme", "list", setup=_audit_setup, path=_programme("programme_detail"),
         note="the latest programme with its audits", **LIST),
    Page("audit_coverage", "page", setup=_audit_setup, path=_programme("programme_coverage"), goal_ratio=3.0,
         note="departments × months, clauses, processes: a fixed number of queries, not a list page"),
    Page("checklist_templates", "list", path=lambda ctx: reverse("audits:checklist_template_list"), **LIST),
    Page("audit_detail", "detail", setup=_audit_setup, path=_audit("audit_detail"), goal_ratio=3.0, max_queries=20,
         note="a reported audit: findings, NCs blocking the close, history"),
    Page("audit_checklist", "detail", setup=_audit_setup, path=_audit("checklist"), goal_ratio=3.0, max_queries=20),
]

MIX = [
    Req("nc_register", 5, lambda ctx: reverse("audits:nc_list"), group="list"),
    Req("actions", 3, lambda ctx: reverse("audits:action_list"), group="list"),
    Req("feedback_inbox", 2, lambda ctx: reverse("audits:feedback_list"), group="list"),
    Req("nc_detail", 3, lambda ctx: reverse("audits:nc_detail", kwargs={"pk": ctx.cache["nc_pk"]}), setup=_setup),
    Req("audit_list", 2, lambda ctx: reverse("audits:audit_list"), group="list"),
    Req("audit_detail", 2, _audit("audit_detail"), setup=_audit_setup),
    Req("nc_submit", 1, lambda ctx: reverse("audits:nc_create"), method="POST", data=_nc_data, expect=(302,),
        group="submit"),
    Req("nc_export_csv", 2, lambda ctx: reverse("audits:nc_export", kwargs={"fmt": "csv"}), group="download"),
]
