"""Panels later one-stop subjects add to a file's page (cases/late: the apology slip, the late file's NC, a
dissatisfied rating turned into feedback or an NC), so that cases.files imports none of them. Each subject
registers from cases/apps.py ready()."""

# callables panel(request, case, context) -> dict with "template" (included at the foot of the file's page,
# with the page's context and ``panel``), or None when it has nothing to show this user.
detail_panels = []


def register_detail_panel(panel):
    if panel not in detail_panels:
        detail_panels.append(panel)
    return panel


def panels_for(request, case, context):
    return [p for p in (panel(request, case, context) for panel in detail_panels) if p]
