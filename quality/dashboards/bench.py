"""Benchmark pages of the dashboards (bench/README.md): the agency's dashboard as its coordinator and as its head,
and the provincial overview, its XLSX and one agency's drill-down as the oversight officer (seed_scale's
``so-khcn-0000``; seed_demo's ``tdc.giamsat``), every supervised agency of the province in its rows."""

from django.urls import reverse

from bench.pages import Page


def head(ctx):
    from qms.core.models import Role, User

    return User.objects.with_role(Role.HEAD).filter(agency=ctx.agency, is_active=True).order_by("id").first()


def oversight(ctx):
    from qms.core.models import Role, User

    return User.objects.with_role(Role.OVERSIGHT).filter(is_active=True).order_by("id").first()


# quality.md's goal for dashboards and the provincial overview at full scale: the same queries whatever the data
# (pinned by tests/scale/test_quality_query_counts.py), aggregates in SQL, median ≤ 5× the trivial page.
DASHBOARD = dict(goal_ratio=5.0, max_queries=13)
OVERVIEW = dict(goal_ratio=5.0, max_queries=12)

PAGES = [
    Page("quality_dashboard", "page", path=lambda ctx: reverse("quality:dashboard"), **DASHBOARD),
    Page("quality_dashboard_custom", "page",
         path=lambda ctx: reverse("quality:dashboard") + "?period=custom&start=01/01/2025&end=31/12/2026",
         **DASHBOARD),
    Page("quality_dashboard_head", "page", user=head, path=lambda ctx: reverse("quality:dashboard"), **DASHBOARD),
    Page("province_overview", "page", user=oversight, path=lambda ctx: reverse("core:province_overview"),
         note="every supervised agency's row: one query per figure, grouped by agency", **OVERVIEW),
    Page("province_overview_xlsx", "download", user=oversight,
         path=lambda ctx: reverse("core:province_overview_xlsx"), **OVERVIEW),
    Page("province_agency_figures", "page", user=oversight,
         path=lambda ctx: reverse("quality:agency_figures", kwargs={"agency_id": ctx.agency.pk}),
         note="one supervised agency's drill-down: its overview row and the year's dashboard counts",
         goal_ratio=5.0, max_queries=21),
]
