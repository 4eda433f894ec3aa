"""The correspondence between the clauses of ISO 9001:2008 and ISO 9001:2015, as data.

Written from the 2008 side (every 2008 clause names the 2015 clauses that carry its requirements, after the
correlation table of ISO/TC 176 and the reference map in iso9001-2008.md); the 2015 → 2008 direction is
derived from it. A 2015 clause no 2008 clause leads to is listed in ``NEW_IN_2015``: "no equivalent" is said,
not left to a missing key, and the test checks that each clause of both editions is in exactly one place.
"""

FROM_2008 = {
    "4": ("4",),
    "4.1": ("4.4",),
    "4.2": ("7.5",),
    "4.2.1": ("7.5.1",),
    "4.2.2": ("4.3", "4.4", "7.5.1"),  # no mandatory quality manual in 2015
    "4.2.3": ("7.5.2", "7.5.3"),  # "maintain documented information"
    "4.2.4": ("7.5.2", "7.5.3"),  # "retain documented information"
    "5": ("5",),
    "5.1": ("5.1", "5.1.1"),
    "5.2": ("5.1.2",),
    "5.3": ("5.2", "5.2.1", "5.2.2"),
    "5.4": ("6",),
    "5.4.1": ("6.2",),
    "5.4.2": ("6.3",),
    "5.5": ("5.3",),
    "5.5.1": ("5.3",),
    "5.5.2": ("5.3",),  # no management representative required
    "5.5.3": ("7.4",),
    "5.6": ("9.3",),
    "5.6.1": ("9.3.1",),
    "5.6.2": ("9.3.2",),
    "5.6.3": ("9.3.3",),
    "6": ("7", "7.1"),
    "6.1": ("7.1.1", "7.1.2"),
    "6.2": ("7.2",),
    "6.2.1": ("7.2",),
    "6.2.2": ("7.2", "7.3"),
    "6.3": ("7.1.3",),
    "6.4": ("7.1.4",),
    "7": ("8",),
    "7.1": ("8.1",),
    "7.2": ("8.2",),
    "7.2.1": ("8.2.2",),
    "7.2.2": ("8.2.3", "8.2.4"),
    "7.2.3": ("8.2.1",),
    "7.3": ("8.3",),
    "7.3.1": ("8.3.1", "8.3.2"),
    "7.3.2": ("8.3.3",),
    "7.3.3": ("8.3.4", "8.3.5"),
    "7.3.4": ("8.3.4",),
    "7.3.5": ("8.3.4",),
    "7.3.6": ("8.3.4",),
    "7.3.7": ("8.3.6",),
    "7.4": ("8.4",),
    "7.4.1": ("8.4.1", "8.4.2"),
    "7.4.2": ("8.4.3",),
    "7.4.3": ("8.4.2", "8.6"),
    "7.5": ("8.5",),
    "7.5.1": ("8.5.1", "8.5.5"),
    "7.5.2": ("8.5.1",),
    "7.5.3": ("8.5.2",),
    "7.5.4": ("8.5.3",),
    "7.5.5": ("8.5.4",),
    "7.6": ("7.1.5",),
    "8": ("9",),
    "8.1": ("9.1.1",),
    "8.2": ("9.1",),
    "8.2.1": ("9.1.2",),
    "8.2.2": ("9.2",),  # "own work" sentence replaced by objectivity and impartiality
    "8.2.3": ("9.1.1",),
    "8.2.4": ("8.6",),
    "8.3": ("8.7",),
    "8.4": ("9.1.3",),
    "8.5": ("10",),
    "8.5.1": ("10.1", "10.3"),
    "8.5.2": ("10.2",),  # adds: similar NCs elsewhere, update risks, change the QMS
    "8.5.3": ("6.1",),  # risk-based thinking replaces preventive action
}

# 2015 clauses no 2008 clause corresponds to: the new requirements an agency must start recording.
NEW_IN_2015 = ("4.1", "4.2", "7.1.6", "8.5.6")

# 2008 clauses with no 2015 counterpart (none: every 2008 requirement lives on somewhere in 2015).
DROPPED_IN_2015 = ()


def _from_2015():
    table = {}
    for old, news in FROM_2008.items():
        for new in news:
            table.setdefault(new, [])
            if old not in table[new]:
                table[new].append(old)
    return {new: tuple(olds) for new, olds in table.items()}


FROM_2015 = _from_2015()
