"""seed_scale's step after the one-stop files (cases/files/scale.py, 1300): the files are written in bulk, not
through the services that keep the figures' summary tables, so the agency's tables are rebuilt from the plain
aggregates once its files are in (cases/figures/tallies.py)."""

from cases.figures import tallies
from cases.files.models import Case, CaseStep


def rebuild(seeder, ctx):
    # Statistics for the files just loaded first: without them SQLite runs the per-department aggregates as nested
    # scans, and the rebuild grows with the square of the files (12.8 s instead of 0.8 s at 2,000).
    seeder.analyze(Case, CaseStep)
    months, steps = tallies.rebuild(ctx["agency"].pk)
    seeder.counts["cases.MonthTally"] = seeder.counts.get("cases.MonthTally", 0) + months
    seeder.counts["cases.StepTally"] = seeder.counts.get("cases.StepTally", 0) + steps


STEPS = [(1310, rebuild)]  # for qms.core.subjects.register_scale (the orders: qms/core/scale/generate.py)
