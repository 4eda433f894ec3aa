"""Benchmark registry of the citizens' front door (bench/README.md): the front page and an agency's public
page, anonymous, at province scale. Listed in bench/common.py's APP_MODULES after the copies."""

from django.urls import reverse

from bench.mix import Req
from bench.pages import Page
from processes.documents.bench import LIST

PAGES = [
    # "/" : every supervised agency with its count of published procedures (one aggregate query).
    Page("public_home", "list", anonymous=True, path=lambda ctx: reverse("public:home"),
         note="all agencies + their published procedure counts", **LIST),
    # One agency's published procedures, first page of 50, and a search typed without diacritics.
    Page("public_agency", "list", anonymous=True, path=lambda ctx: reverse("public:agency", args=[ctx.agency.code]),
         note="one agency's published current issues, page 1", **LIST),
    Page("public_agency_search", "search", anonymous=True, goal_ratio=5.0, max_queries=12,
         path=lambda ctx: reverse("public:agency", args=[ctx.agency.code]) + "?q=linh+vuc",
         note="accent-insensitive search over the agency's published documents"),
]

MIX = [
    Req("public_agency", 2, lambda ctx: reverse("public:agency", args=[ctx.agency.code]), anonymous=True,
        group="list"),
]
