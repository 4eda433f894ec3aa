"""The figures' table cells built in Python (cases/figures/cells.py) are the template pieces' cells, character for
character: linked counts (each link escaped), the on-time share, the working days, "—" where a figure has no value,
numbers localized in Vietnamese and English; a row no register filter selects has no links."""

import datetime
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from cases.figures import cells
from cases.figures.services import Row

# The cells as figures.html's template pieces (_row.html, and _row_plain.html for the unlinked row) wrote them
# before they were built in Python: the reference.
LINKED = """{% with links=row.links %}<td class="num"><a href="{{ links.received }}">{{ row.received }}</a></td><td class="num"><a href="{{ links.done }}">{{ row.done }}</a></td><td class="num"><a href="{{ links.early }}">{{ row.early }}</a></td><td class="num"><a href="{{ links.on_time }}">{{ row.on_time }}</a></td><td class="num"><a href="{{ links.late }}">{{ row.late }}</a></td><td class="num">{% if row.on_time_percent is None %}—{% else %}{{ row.on_time_percent }} %{% endif %}</td><td class="num"><a href="{{ links.open }}">{{ row.open }}</a></td><td class="num"><a href="{{ links.overdue }}">{{ row.overdue }}</a></td>{% if days %}<td class="num">{{ row.days_taken|default_if_none:"—" }}</td><td class="num">{{ row.days_stated|default_if_none:"—" }}</td>{% endif %}{% endwith %}"""  # noqa: E501
PLAIN = """<td class="num">{{ row.received }}</td><td class="num">{{ row.done }}</td><td class="num">{{ row.early }}</td><td class="num">{{ row.on_time }}</td><td class="num">{{ row.late }}</td><td class="num">{% if row.on_time_percent is None %}—{% else %}{{ row.on_time_percent }} %{% endif %}</td><td class="num">{{ row.open }}</td><td class="num">{{ row.overdue }}</td>{% if days %}<td class="num">{{ row.days_taken|default_if_none:"—" }}</td><td class="num">{{ row.days_stated|default_if_none:"—" }}</td>{% endif %}"""  # noqa: E501

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)


def _rows():
    empty = Row(label="", start=START, end=END)  # no file: no share, no days
    busy = Row(label="QT-01 <Cấp phép>", start=START, end=END, params={"document": 7, "department": 3},
               received=12345, open=40, overdue=3, early=1000, on_time=8000, late=1000,
               days_taken_sum=Decimal("20467.50"), days_taken_files=10234, days_stated_sum=71638,
               days_stated_files=10234)
    others = Row(label="Các thủ tục khác", start=START, end=END, linked=False, received=5, early=1, late=2,
                 days_taken_sum=Decimal("7.25"), days_taken_files=3, days_stated_sum=9, days_stated_files=3)
    return [empty, busy, others]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("days", [True, False])
def test_the_cells_are_the_template_pieces_cells(language, days):
    with translation.override(language):
        for row in _rows():
            reference = engines["django"].from_string(LINKED if row.linked else PLAIN)
            expected = reference.render({"row": row, "days": days})
            assert cells.cells(row, days) == expected


def test_what_the_cells_show():
    empty, busy, others = _rows()
    with translation.override("vi"):
        assert cells.cells(empty, True).count("—") == 3  # the share and both averages
        html = cells.cells(busy, True)
        assert "&amp;received_from=2026-01-01&amp;received_to=2026-03-31" in html and "outcome=late" in html
        assert ">90,0 %<" in html and ">2,00<" in html and ">7,00<" in html  # 9,000 of 10,000 on time; days
        assert "<a " not in cells.cells(others, True) and ">33,3 %<" in cells.cells(others, True)
    with translation.override("en"):
        assert ">90.0 %<" in cells.cells(busy, False) and "days" not in cells.cells(busy, False)


def test_each_link_is_the_rows_register_url():
    """links() encodes the row's filters once for its seven links: each is still exactly url()'s."""
    expected = {"received": ("received", {}), "open": ("received", {"open": "yes"}),
                "overdue": ("received", {"open": "overdue"}), "done": ("result", {}),
                "early": ("result", {"outcome": "early"}), "on_time": ("result", {"outcome": "on_time"}),
                "late": ("result", {"outcome": "late"})}
    for row in _rows()[:2]:  # without filters of its own, and with a procedure and a department
        links = row.links()
        assert links == {name: row.url(side, **extra) for name, (side, extra) in expected.items()}
    assert _rows()[2].links() == {}
