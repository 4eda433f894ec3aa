"""Transition figure of the provincial overview (issue 18): each agency's edition and, for an agency on 2015 or
moving to it, how many of the records 2015 asks for it has."""

from quality.transition.progress import REQUIREMENTS, recorded


def fill(rows, today):
    for pk, found in recorded(rows, today).items():
        rows[pk].transition = (sum(found.values()), len(REQUIREMENTS))
