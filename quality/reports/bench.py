"""Benchmark pages of the yearly report (bench/README.md): the agency's reports, the current year's report page,
its XLSX and PDF, and the oversight body's list of the reports it received. A report's page reads its frozen
figures (a JSON snapshot): nothing is counted over the agency's records."""

from django.urls import reverse

from bench.mix import Req
from bench.pages import LIST, Page
from quality.dashboards.bench import oversight


def _setup(ctx):
    from quality.reports.models import YearlyReport

    if "report_pk" in ctx.cache:
        return
    report = YearlyReport.objects.for_agency(ctx.agency).order_by("-year").first()
    ctx.cache["report_pk"] = report.pk if report else 0


def _url(name):
    return lambda ctx: reverse(name, kwargs={"pk": ctx.cache["report_pk"]})


PAGES = [
    Page("report_list", "list", path=lambda ctx: reverse("quality:report_list"), **LIST),
    Page("report_detail", "detail", setup=_setup, path=_url("quality:report_detail"), goal_ratio=3.0,
         max_queries=12),
    Page("report_xlsx", "download", setup=_setup, path=_url("quality:report_xlsx"), goal_ratio=3.0, max_queries=12),
    Page("report_pdf", "render", setup=_setup, path=_url("quality:report_pdf"), goal_p95_ms=3000, max_queries=12),
    Page("report_received", "list", user=oversight, path=lambda ctx: reverse("quality:report_received"), **LIST),
]

MIX = [
    Req("report_detail", 1, _url("quality:report_detail"), setup=_setup),
]
