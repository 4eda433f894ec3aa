"""What later one-stop subjects hook into, so that cases.files imports none of them: panels on a file's page
(cases/late: the apology slip, the late file's NC, a dissatisfied rating turned into feedback or an NC) and counters
told what the services changed (cases/figures: its summary tables). Each subject registers from cases/apps.py
ready()."""

# callables panel(request, case, context) -> dict with "template" (included at the foot of the file's page,
# with the page's context and ``panel``), or None when it has nothing to show this user.
detail_panels = []


def register_detail_panel(panel):
    if panel not in detail_panels:
        detail_panels.append(panel)
    return panel


def panels_for(request, case, context):
    return [p for p in (panel(request, case, context) for panel in detail_panels) if p]


# Callables counter(case, change) run by the services that change what the monthly figures count, inside their
# transaction, after the change is saved: cases/figures keeps its summary tables with them, so cases.files imports
# nothing of it. ``change`` says what changed: a file was received (at the desk, asked for supplements or refused
# there; its steps already built), its result became ready (outcome, working days taken, every step done), or the
# applicant rated it. Nothing else a service does changes a counted field (tests/cases/figures/test_tallies.py runs
# every service and compares the tables with the plain aggregates).
RECEIVED, RESULT, RATED = "received", "result", "rated"
counters = []


def register_counter(counter):
    if counter not in counters:
        counters.append(counter)
    return counter


def counted(case, change):
    for counter in counters:
        counter(case, change)
