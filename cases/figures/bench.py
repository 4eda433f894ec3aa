"""Benchmark pages of one-stop files at province scale (bench/README.md): the monthly figures (this year, a custom
two-year period, one procedure), and My work for a desk clerk and for a member of the department with most files
waiting. The register's pages are in cases/files/bench.py."""

from django.urls import reverse

from bench.pages import Page

# quality.md's goal for figures pages: a fixed number of queries whatever the data, median ≤ 5× the trivial page.
FIGURES = dict(goal_ratio=5.0, max_queries=14)
MY_WORK = dict(goal_ratio=3.0, max_queries=17)  # the core My work page: every subject adds its sections


def clerk(ctx):
    from qms.core.models import Role, User

    return User.objects.with_role(Role.CLERK).filter(agency=ctx.agency, is_active=True).order_by("id").first()


def department_member(ctx):
    """A member (not the head) of the department whose queue holds most active steps."""
    from django.db.models import Count

    from cases.files.models import CaseStep
    from qms.core.models import User

    busiest = (CaseStep.objects.filter(agency=ctx.agency, state=CaseStep.State.ACTIVE, department__isnull=False)
               .values("department").annotate(n=Count("pk")).order_by("-n").first())
    members = User.objects.filter(agency=ctx.agency, is_active=True)
    if busiest:
        members = members.filter(department_id=busiest["department"])
    return members.order_by("-id").first()


def _procedure(ctx):
    from cases.files.models import Case

    if "figures_document" not in ctx.cache:
        first = Case.objects.filter(agency=ctx.agency).order_by("-received_at").values("document").first()
        ctx.cache["figures_document"] = first["document"] if first else ""
    return ctx.cache["figures_document"]


def _figures(query=""):
    return lambda ctx: reverse("cases:figures") + query


PAGES = [
    Page("case_figures", "page", path=_figures(), **FIGURES),
    Page("case_figures_two_years", "page", path=_figures("?period=custom&start=2024-11-01&end=2026-10-31"),
         note="24 months of an agency's files (~50,000 at scale 1.0)", **FIGURES),
    Page("case_figures_procedure", "page",
         path=lambda ctx: _figures(f"?period=custom&start=2025-11-01&end=2026-10-31&document={_procedure(ctx)}")(ctx),
         **FIGURES),
    Page("case_my_work_clerk", "page", user=clerk, path=lambda ctx: reverse("core:my_work"), **MY_WORK),
    Page("case_my_work_department", "page", user=department_member, path=lambda ctx: reverse("core:my_work"),
         **MY_WORK),
]
