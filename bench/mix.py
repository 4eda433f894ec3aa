"""Request mixes for bench.load. Apps append theirs in a subject's ``bench.py`` as ``MIX = [Req(...)]``.

``path`` and ``data`` receive a ctx prepared once in the parent process (ctx.user, ctx.agency,
ctx.cache filled by ``setup``). ``group`` puts an entry in a throughput phase: "list" entries are
also run on their own and compared with the trivial page (goal: ≥ 40% of its throughput).
"""

from dataclasses import dataclass
from typing import Callable

from django.urls import reverse


@dataclass
class Req:
    name: str
    weight: int
    path: Callable  # ctx → "/..."
    method: str = "GET"
    data: Callable = None  # ctx → dict (form-encoded POST); the CSRF token is added
    anonymous: bool = False
    expect: tuple = (200,)
    group: str = "page"  # trivial | list | search | download | submit | page
    setup: Callable = None


TRIVIAL = Req("trivial", 1, lambda ctx: reverse("password_change_done"), group="trivial")

MIX = [
    TRIVIAL,
    Req("my_work", 6, lambda ctx: reverse("core:my_work"), group="list"),
    Req(
        "history_department",
        3,
        lambda ctx: reverse("core:history", kwargs={"model": "core.department", "pk": ctx.cache["department_pk"]}),
        setup=lambda ctx: ctx.cache.setdefault("department_pk", ctx.agency.departments.order_by("id").first().pk),
    ),
    Req("login_page", 1, lambda ctx: reverse("login"), anonymous=True),
    Req("notifications_read", 1, lambda ctx: reverse("core:notifications_read"), method="POST", data=lambda ctx: {}, expect=(302,), group="submit"),
]
