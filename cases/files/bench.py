"""Benchmark pages of one-stop files (bench/README.md): the register (form 06), filtered and searched."""

from django.urls import reverse

from bench.mix import Req
from bench.pages import LIST, Page

PAGES = [
    Page("case_register", "list", path=lambda ctx: reverse("cases:case_list"), **LIST),
    Page("case_register_late", "list", path=lambda ctx: reverse("cases:case_list") + "?late=yes&status=in_progress",
         **LIST),
    Page("case_search", "search", path=lambda ctx: reverse("cases:case_list") + "?q=nguyen", **LIST),
]

MIX = [Req("case_register", 1, lambda ctx: reverse("cases:case_list"), group="list")]
