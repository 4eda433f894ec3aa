"""Benchmark pages of one-stop files (bench/README.md): the register (form 06), filtered and searched."""

from django.urls import reverse

from bench.mix import Req
from bench.pages import LIST, Page

# quality.md's goal for the one-stop register at full scale (with the dashboards and the figures): median ≤ 5× the
# trivial page; the list pages' fixed ceiling of queries.
REGISTER = {**LIST, "goal_ratio": 5.0}

PAGES = [
    Page("case_register", "list", path=lambda ctx: reverse("cases:case_list"), **REGISTER),
    Page("case_register_late", "list", path=lambda ctx: reverse("cases:case_list") + "?late=yes&status=in_progress",
         **REGISTER),
    Page("case_search", "search", path=lambda ctx: reverse("cases:case_list") + "?q=nguyen", **REGISTER),
]

MIX = [Req("case_register", 1, lambda ctx: reverse("cases:case_list"), group="list")]
