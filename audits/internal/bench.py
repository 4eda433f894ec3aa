"""Benchmark registry of internal audits (bench/README.md): lists, coverage, details, load mix."""

from django.urls import reverse

from bench.mix import Req
from bench.pages import LIST, Page


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


# Findings have no list of their own: they are listed on the audit page.
PAGES = [
    Page("audit_list", "list", path=lambda ctx: reverse("audits:audit_list"), note="every year, unpaginated", **LIST),
    Page("audit_list_year", "list", setup=_audit_setup, note="the latest programme's year",
         path=lambda ctx: reverse("audits:audit_list") + f"?year={ctx.cache['programme_year']}", **LIST),
    Page("audit_search", "search", path=lambda ctx: reverse("audits:audit_list") + "?q=mot+cua", note="accent-less",
         **LIST),
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
    Req("audit_list", 2, lambda ctx: reverse("audits:audit_list"), group="list"),
    Req("audit_detail", 2, _audit("audit_detail"), setup=_audit_setup),
]
