"""The one-stop figures page (issue 16 item 8).

Who: every member of the agency (coordinator, head, department heads, staff, clerks): figures are counts with no
personal data, and each links to the register, which every member reads (initials only for non-handlers). The
provincial oversight: 403, as for the files themselves; it reads an agency's on-time rate through that agency's
quality objectives and management review, which this page feeds. A procedure or department of another agency in
the query string is not a choice of the form: the selector says so and no figures are shown.
"""

from django.shortcuts import render
from django.utils import timezone

from cases.figures import cells, charts
from cases.figures.forms import FiguresForm
from cases.figures.services import figures
from cases.files.permissions import MEMBERS
from qms.core.access import role_required


@role_required(*MEMBERS)
def figures_page(request):
    agency = request.user.agency
    form = FiguresForm(request.GET if "period" in request.GET else None, agency=agency, today=timezone.localdate())
    if form.is_bound and not form.is_valid():
        return render(request, "cases/figures/figures.html", {"form": form, "figures": None})
    start, end, document, department = form.selection()
    result = figures(agency, start, end, document=document, department=department)
    cells.attach(result)
    return render(request, "cases/figures/figures.html", {
        "form": form, "figures": result, "charts": charts.figures_charts(result), "document": document,
        "department": department,
    })
