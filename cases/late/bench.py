"""Benchmark pages of late files (bench/README.md): the coordinator's list of late files, all and those without
an NC yet."""

from django.urls import reverse

from bench.pages import LIST, Page

PAGES = [
    Page("late_files", "list", path=lambda ctx: reverse("cases:late_list"), **LIST),
    Page("late_files_without_nc", "list", path=lambda ctx: reverse("cases:late_list") + "?nc=0", **LIST),
]
