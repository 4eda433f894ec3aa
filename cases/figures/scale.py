"""seed_scale's step after the one-stop files (cases/files/scale.py, 1300): the files are written in bulk, not
through the services that keep the figures' summary tables, so the agency's tables are rebuilt from the plain
aggregates once its files are in (cases/figures/tallies.py)."""

from cases.figures import tallies


def rebuild(seeder, ctx):
    months, steps = tallies.rebuild(ctx["agency"].pk)
    seeder.counts["cases.MonthTally"] = seeder.counts.get("cases.MonthTally", 0) + months
    seeder.counts["cases.StepTally"] = seeder.counts.get("cases.StepTally", 0) + steps


STEPS = [(1310, rebuild)]  # for qms.core.subjects.register_scale (the orders: qms/core/scale/generate.py)
