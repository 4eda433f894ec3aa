"""The figures' table cells (a month, the period, a procedure, a department) built in Python rather than by a
template piece included once per row: about forty rows of ten linked numbers, each include, variable and filter
resolved by the template engine, were most of the page's time outside SQL (as the register's rows were,
cases/files/register.py). The markup is the template piece's, character for character
(tests/cases/figures/test_cells.py renders both): numbers localized as the template writes them, every value and
link escaped, "—" for what has no value."""

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

DASH = "—"
COUNTS = ("received", "done", "early", "on_time", "late")  # then the on-time share, then the open files
OPEN = ("open", "overdue")


def _number(value):
    return conditional_escape(localize(value))


def cells(row, days):
    """The ``<td>`` cells of ``row`` (cases.figures.services.Row): each count a link to its files in the register
    (none for a row no register filter selects), the on-time share, and with ``days`` the working days taken and
    stated."""
    links = row.links()

    def count(name):
        value = _number(getattr(row, name))
        if not links:
            return f'<td class="num">{value}</td>'
        return f'<td class="num"><a href="{conditional_escape(links[name])}">{value}</a></td>'

    share = row.on_time_percent
    out = [count(name) for name in COUNTS]
    out.append(f'<td class="num">{DASH if share is None else f"{_number(share)} %"}</td>')
    out += [count(name) for name in OPEN]
    if days:
        out += [f'<td class="num">{DASH if value is None else _number(value)}</td>'
                for value in (row.days_taken, row.days_stated)]
    return mark_safe("".join(out))  # nosec B703 B308 - every value escaped above


def attach(figures):
    """Each table row's cells as ``row.cells``, for figures.html: months, the period and procedures with the
    working days, departments without."""
    for row in (*figures.months, figures.total, *figures.procedures):
        row.cells = cells(row, days=True)
    for row in figures.departments:
        row.cells = cells(row, days=False)
    if figures.other_procedures is not None:
        figures.other_procedures.cells = cells(figures.other_procedures, days=True)
