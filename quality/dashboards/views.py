"""The agency's quality dashboard (MR-3): figures for its coordinator, head and management representative."""

from django.shortcuts import render
from django.utils import timezone

from audits.feedback.models import Feedback
from qms.core.access import MANAGERS, role_required
from quality.dashboards import charts, drilldown
from quality.dashboards.forms import PeriodForm
from quality.dashboards.services import agency_dashboard


@role_required(*MANAGERS)
def dashboard(request):
    today = timezone.localdate()
    form = PeriodForm(request.GET if "period" in request.GET else None, today=today)
    # A bad period (end before start) says so beside the fields and shows no figures: figures for another
    # period than the one asked would be read as the answer.
    if form.is_bound and not form.is_valid():
        return render(request, "quality/dashboards/dashboard.html", {"form": form, "board": None}, status=200)
    start, end = form.dates()
    board = agency_dashboard(request.user.agency, start, end, today)
    return render(request, "quality/dashboards/dashboard.html", {
        "form": form, "board": board, "charts": charts.dashboard_charts(board), "answer_days": Feedback.ANSWER_DAYS,
        "feedback_figures": [board.feedback_on_time, board.feedback_late, board.feedback_waiting],
    })


def agency_figures(request, agency_id):
    """MR-4 drill-down: a supervised agency's figures for the oversight body, read-only, no records."""
    agency = drilldown.supervised_agency_for(request.user, agency_id)
    today = timezone.localdate()
    row, board = drilldown.agency_figures(agency, today)
    return render(request, "quality/dashboards/agency_figures.html", {
        "agency": agency, "row": row, "board": board, "charts": charts.dashboard_charts(board),
        "answer_days": Feedback.ANSWER_DAYS,
    })
