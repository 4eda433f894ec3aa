"""Benchmark page of the transition view (bench/README.md): the 2015 records recorded, the procedures citing 2008
clauses only, the transition checklist; as the coordinator of an agency on ISO 9001:2015 (bench.pages.coordinator_on_2015),
whose procedures were all written under 2008 in the province data set."""

from django.urls import reverse

from bench.pages import Page, coordinator_on_2015

PAGES = [
    Page("transition", "page", user=coordinator_on_2015, path=lambda ctx: reverse("quality:transition"),
         goal_ratio=3.0, max_queries=8),
]
