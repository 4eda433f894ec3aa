"""One supervised agency's figures for the provincial oversight body (MR-4 drill-down): its overview row and its
dashboard's counts for the current year — numbers only. No record of the agency is shown or linked (no NC titles,
no names of people, no links into its lists): the oversight body reviews how the system works, not its files.

The figures come from the same functions as the overview (qms.core.overview.agency_status) and the agency's own
dashboard (quality.dashboards.services.agency_dashboard), so the three pages never disagree; a fixed number of
queries whatever the agency's size (tests/quality/dashboards/test_drilldown.py).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from qms.core import access
from qms.core.models import Agency, Role
from qms.core.overview import agency_status
from quality.dashboards.forms import YEAR, period_dates
from quality.dashboards.services import agency_dashboard


def supervised_agency_for(user, agency_id):
    """The supervised agency an oversight officer asks about. Anyone else: 403 when it is their own agency (the
    page exists, their role does not open it), 404 for another agency's id (never confirm what is there). The
    oversight body itself is not supervised: 404."""
    if not access.has_role(user, Role.OVERSIGHT):
        own = access.agency_of(user)
        if own is not None and own.pk == agency_id:
            raise access.RoleRequired((Role.OVERSIGHT,))
        raise Http404
    return get_object_or_404(Agency.objects.supervised(), pk=agency_id)


def agency_figures(agency, today):
    """(overview row, dashboard of the current year up to its end) of ``agency``."""
    start, end = period_dates(YEAR, today)
    return agency_status(agency, today), agency_dashboard(agency, start, end, today)


