"""Benchmark page of the agency's context (bench/README.md): issues and interested parties, as the coordinator of
an agency on ISO 9001:2015, whose context is recorded (bench.pages.coordinator_on_2015)."""

from django.urls import reverse

from bench.pages import Page, coordinator_on_2015

# Every issue and party of the agency on one page (a few dozen at full scale): the same queries whatever their
# number (pinned in tests/scale/test_list_query_counts.py).
PAGES = [
    Page("context_page", "list", user=coordinator_on_2015, path=lambda ctx: reverse("quality:context"),
         goal_ratio=3.0, max_queries=8),
]
