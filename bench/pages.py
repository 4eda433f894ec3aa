"""What bench.run measures. Apps append their own in a subject's ``bench.py`` as ``PAGES = [Page(...)]``.

A Page is either a URL (``path``: ctx → "/..."), fetched with the Django test Client as the
benchmark user (or the page's own ``user``: ctx → User, e.g. the oversight officer), or a plain callable (``call``: ctx → None) for non-HTTP work such as a raw
WeasyPrint render. Its ratio is median / median of ``relative_to`` (default: the trivial page).

ctx is a ``Context`` with ``user``, ``agency`` and ``cache`` (a dict apps may fill once in ``setup``).
"""

from dataclasses import dataclass, field
from typing import Callable

from django.urls import reverse


@dataclass
class Context:
    user: object
    agency: object
    cache: dict = field(default_factory=dict)


@dataclass
class Page:
    name: str
    kind: str  # baseline | list | detail | search | download | render | page
    path: Callable = None  # ctx → path
    call: Callable = None  # ctx → None (timed directly, no HTTP)
    setup: Callable = None  # ctx → None, once before timing (pick objects, warm caches)
    anonymous: bool = False
    user: Callable = None  # ctx → the user to request as (another role than the benchmark user's); default: it
    headers: Callable = None  # ctx → request headers (the API's Authorization: Bearer …)
    relative_to: str = "trivial"
    goal_ratio: float = None  # median ≤ goal_ratio × median(relative_to)
    goal_ratio_min: float = None  # median ≥ … (e.g. "≥ 20× faster" expressed on the other entry)
    goal_p95_ms: float = None
    max_queries: int = None
    expect_status: int = 200
    note: str = ""


def coordinator_on_2015(ctx):
    """The coordinator of the first agency on ISO 9001:2015 (seed_scale moves one agency in three, its first among
    them; seed_demo moves Sở Tư pháp): the user of the 2015 registers' pages. The benchmark user when none is."""
    from qms.core.models import Role, User

    if "coordinator_2015" not in ctx.cache:
        found = (User.objects.with_role(Role.COORDINATOR).filter(is_active=True, agency__iso_edition="2015")
                 .select_related("agency").order_by("id").first())
        ctx.cache["coordinator_2015"] = found or ctx.user
    return ctx.cache["coordinator_2015"]


# quality.md's goal for a list page: median ≤ 3× the trivial page, a fixed number of queries (≤ 12).
LIST = dict(goal_ratio=3.0, max_queries=12)

TRIVIAL = Page(
    "trivial",
    "baseline",
    path=lambda ctx: reverse("password_change_done"),
    note="a logged-in page that only renders the layout",
)

PAGES = [
    TRIVIAL,
    Page("my_work", "page", path=lambda ctx: reverse("core:my_work"), goal_ratio=3.0, max_queries=12),
    Page(
        "history_department",
        "detail",
        path=lambda ctx: reverse(
            "core:history", kwargs={"model": "core.department", "pk": ctx.agency.departments.order_by("id").first().pk}
        ),
        goal_ratio=3.0,
        max_queries=12,
    ),
    Page("login_page", "page", path=lambda ctx: reverse("login"), anonymous=True, goal_ratio=3.0),
]
