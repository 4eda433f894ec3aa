"""Benchmark pages of the dashboards (bench/README.md): the agency's dashboard, and the provincial overview's
figures at province scale (timed as a call: the benchmark user is a coordinator, not the oversight officer)."""

from django.urls import reverse

from bench.pages import Page


def _overview(ctx):
    from qms.core.overview import province_overview

    province_overview()


def _drilldown(ctx):
    from django.utils import timezone

    from quality.dashboards.drilldown import agency_figures

    agency_figures(ctx.agency, timezone.localdate())


PAGES = [
    Page("quality_dashboard", "page", path=lambda ctx: reverse("quality:dashboard"), goal_ratio=3.0, max_queries=13),
    Page("quality_dashboard_custom", "page",
         path=lambda ctx: reverse("quality:dashboard") + "?period=custom&start=01/01/2025&end=31/12/2026",
         goal_ratio=3.0, max_queries=13),
    Page("province_overview_figures", "render", call=_overview, goal_p95_ms=500,
         note="every supervised agency's overview row: one query per figure, grouped by agency"),
    Page("province_agency_drilldown_figures", "render", call=_drilldown, goal_p95_ms=500,
         note="one supervised agency's drill-down figures: its overview row and the year's dashboard counts"),
]
