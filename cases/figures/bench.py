"""Benchmark pages of one-stop files at province scale (bench/README.md): the monthly figures (this year, a custom
two-year period, one procedure, one department, four weeks cut mid-month), and My work for a desk clerk and for a
member of the department with most files waiting. The register's pages are in cases/files/bench.py."""

from django.urls import reverse

from bench.pages import Page

# quality.md's goal for figures pages: a fixed number of queries whatever the data, median ≤ 5× the trivial page.
# 13 for whole months (the summary tables), 14 with a procedure chosen or a period cut mid-month (the plain
# aggregates): pinned in tests/scale/test_case_figures_query_counts.py.
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


def _department(ctx):
    from cases.files.models import CaseStep

    if "figures_department" not in ctx.cache:
        first = (CaseStep.objects.filter(agency=ctx.agency, department__isnull=False).order_by("-id")
                 .values("department").first())
        ctx.cache["figures_department"] = first["department"] if first else ""
    return ctx.cache["figures_department"]


def _figures(query=""):
    return lambda ctx: reverse("cases:figures") + query


PAGES = [
    Page("case_figures", "page", path=_figures(), **FIGURES),
    Page("case_figures_two_years", "page", path=_figures("?period=custom&start=2024-11-01&end=2026-10-31"),
         note="24 months of an agency's files (~50,000 at scale 1.0)", **FIGURES),
    Page("case_figures_procedure", "page",
         path=lambda ctx: _figures(f"?period=custom&start=2025-11-01&end=2026-10-31&document={_procedure(ctx)}")(ctx),
         **FIGURES),
    Page("case_figures_department", "page",
         path=lambda ctx: _figures(f"?period=year&department={_department(ctx)}")(ctx), **FIGURES),
    Page("case_figures_cut", "page", path=_figures("?period=custom&start=2026-10-06&end=2026-10-31"),
         note="a period cut mid-month: the plain aggregates, not the summary tables", **FIGURES),
    Page("case_my_work_clerk", "page", user=clerk, path=lambda ctx: reverse("core:my_work"), **MY_WORK),
    Page("case_my_work_department", "page", user=department_member, path=lambda ctx: reverse("core:my_work"),
         **MY_WORK),
]
