"""Charts drawn on the server as inline SVG: no JavaScript, no external reference, no <style>.

Why hand-drawn and not pygal: the site's CSP (qms/settings.py) is ``style-src 'self'`` without
'unsafe-inline', so an inline SVG may not carry a <style> element or style="" attributes, and pygal's
output is styled by exactly those (plus scripts for its tooltips). Putting pygal's file in
``<img src="data:…">`` would pass the CSP (img-src allows data:) but hides the text from screen readers,
from the browser's find and from tests. So the markup here uses presentation attributes only
(fill, stroke, stroke-dasharray, font-size), is inlined in the page and in WeasyPrint PDFs alike, and
every text in it is escaped. Sizing on the page comes from ``.chart svg`` in static/css/app.css.

Grey print: each series differs in lightness *and* in a second channel: lines by dash pattern and
marker shape, bars by hatching. The target is a thick dashed dark line with its value written beside it.
Pattern ids carry a per-chart prefix, so several charts on one page do not borrow each other's patterns.

Public interface (agreed in issue 15): ``bar_chart(...)`` and ``line_chart(...)`` return a ``Chart``
with ``.svg``, ``.title``, ``.labels``, ``.series``, ``.unit``, ``.target`` and ``.category``, the heading of the
data table's first column: what the labels are ("Nguồn", "Điều khoản"…; a line chart's default is "Kỳ", its labels
being periods); ``templates/partials/chart.html`` renders it as a <figure> with its data table.
"""

import hashlib
import math
from dataclasses import dataclass, field
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 78  # room for the value axis, two lines of labels and the legend
CHAR_WIDTH = 6.2  # about the mean advance of an 11-px sans-serif letter: how many fit under a bar

# (colour, dash for lines, marker, hatch for bars). In grey print a colour becomes its luma (0.299 R + 0.587 G +
# 0.114 B): the five fall in steps of about 40 from dark to light (≈ 48, 80, 123, 160, 198; pinned by
# tests/core/test_charts.py), and dash, marker and hatch differ too, so two series never print alike.
STYLES = [
    ("#1a3355", "", "circle", ""),
    ("#8a3f0f", "7 4", "square", "diag"),
    ("#5a9a30", "2 3", "triangle", "cross"),
    ("#a0a0a0", "10 3 2 3", "diamond", "horiz"),
    ("#d1b9ef", "4 2", "circle-open", "vert"),
]
OUTLINE = "#222222"  # bars and markers are outlined dark, so the lightest series still stands out on white paper
TARGET_COLOUR = "#000000"


def fmt(value, unit=""):
    """A number as the active language writes it ("95,5" in Vietnamese), at most two decimals."""
    if value is None:
        return "—"
    value = float(value)
    decimals = 0 if value == int(value) else (1 if round(value, 1) == round(value, 2) else 2)
    text = number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True)
    return f"{text}{unit if unit in ('%', '') else ' ' + unit}"


@dataclass(frozen=True)
class Chart:
    kind: str
    title: str
    labels: list
    series: dict
    unit: str = ""
    target: float | None = None
    category: str = ""  # what the labels are: the heading of the data table's first column
    svg: str = field(default="", compare=False)

    @property
    def rows(self):
        """The data table: one row per label, the label then each series' formatted value."""
        return [
            (label, [fmt(values[i] if i < len(values) else None) for values in self.series.values()])
            for i, label in enumerate(self.labels)
        ]

    @property
    def target_text(self):
        return fmt(self.target, self.unit) if self.target is not None else ""


def bar_chart(title, labels, series, *, category, unit="", target=None):
    """Bars by category: ``category`` names what the labels are (e.g. "Nguồn" for NCs by source)."""
    return _build("bar", title, labels, series, unit, target, category)


def line_chart(title, labels, series, *, unit="", target=None, category=None):
    """Values over time: the labels are periods ("Kỳ") unless ``category`` says otherwise (e.g. "Tháng")."""
    return _build("line", title, labels, series, unit, target,
                  pgettext("chart category", "Kỳ") if category is None else category)


def _build(kind, title, labels, series, unit, target, category):
    labels = [str(label) for label in labels]
    series = {str(name): [None if v is None else float(v) for v in values] for name, values in series.items()}
    target = None if target is None else float(target)
    chart = Chart(kind, str(title), labels, series, unit, target, str(category))
    # Safe: _svg() escapes every text it writes (titles, labels, values) and writes nothing else from input.
    return Chart(kind, chart.title, labels, series, unit, target, chart.category,
                 svg=mark_safe(_svg(chart)))  # nosec B703 B308


def _scale(values):
    """A value axis from 0 (or the lowest negative) to a round top, with 4–6 ticks."""
    low = min([0.0, *values])
    high = max([0.0, *values])
    if high == low:
        high = low + 1
    raw_step = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    ticks = [low + i * step for i in range(round((high - low) / step) + 1)]
    return low, high, ticks


def _svg(chart):
    uid = "c" + hashlib.sha1(repr((chart.kind, chart.title, chart.labels, chart.series)).encode(),
                             usedforsecurity=False).hexdigest()[:8]  # an id, not a secret
    values = [v for vs in chart.series.values() for v in vs if v is not None]
    if chart.target is not None:
        values.append(chart.target)
    low, high, ticks = _scale(values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(chart.labels), 1)
    slot = plot_w / n

    def y(v):
        return TOP + plot_h - (v - low) / (high - low) * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{uid}-t" font-family="sans-serif" font-size="11" class="chart-svg">',
        f'<title id="{uid}-t">{escape(chart.title)}</title>',
        "<defs>",
    ]
    for i, (colour, _dash, _shape, hatch) in enumerate(STYLES):
        out.append(_pattern(f"{uid}-p{i}", colour, hatch))
    out.append("</defs>")
    # Grid and value axis.
    for t in ticks:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#d0d0d0" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(t) + 4:.1f}" text-anchor="end" fill="#333">{escape(fmt(t))}</text>')
    out.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#333" stroke-width="1"/>')
    if chart.unit:
        out.append(f'<text x="4" y="{TOP + 4}" fill="#333">{escape(chart.unit)}</text>')
    width = max(3, int(slot / CHAR_WIDTH))
    for i, label in enumerate(chart.labels):
        # A long category ("Phản ánh, kiến nghị của người dân") is wrapped on two lines and shortened to its slot,
        # never written over its neighbours; the whole label is in the tooltip and the data table.
        x = LEFT + slot * (i + 0.5)
        lines = "".join(f'<tspan x="{x:.1f}" dy="{0 if n == 0 else 13}">{escape(line)}</tspan>'
                        for n, line in enumerate(label_lines(label, width)))
        out.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" fill="#333">'
                   f"<title>{escape(label)}</title>{lines}</text>")
    names = list(chart.series)
    marks = []  # (x, y) of every value written on the plot, so the target's label is put where none is
    if chart.kind == "bar":
        bar_w = slot * 0.8 / max(len(names), 1)
        for s, name in enumerate(names):
            for i, v in enumerate(chart.series[name][: len(chart.labels)]):
                if v is None:
                    continue
                x = LEFT + slot * i + slot * 0.1 + bar_w * s
                top, bottom = sorted((y(v), y(max(low, 0))))
                out.append(
                    f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar_w:.1f}" height="{max(bottom - top, 0.5):.1f}" '
                    f'fill="{_fill(uid, s)}" stroke="{OUTLINE}" stroke-width="1">'
                    f"<title>{escape(name)} · {escape(chart.labels[i])}: {escape(fmt(v, chart.unit))}</title></rect>"
                )
                out.append(_value_text(x + bar_w / 2, top - 3, v))
                marks.append((x + bar_w / 2, top - 3))
    else:
        for s, name in enumerate(names):
            colour, dash, marker, _hatch = STYLES[s % len(STYLES)]
            points = [
                (LEFT + slot * (i + 0.5), None if v is None else y(v), v) for i, v in enumerate(chart.series[name][: len(chart.labels)])
            ]
            # A missing value breaks the line rather than drawing a false slope across the gap.
            path, pen_down = [], False
            for px, py, v in points:
                if v is None:
                    pen_down = False
                    continue
                path.append(f"{'L' if pen_down else 'M'}{px:.1f} {py:.1f}")
                pen_down = True
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            if path:
                out.append(
                    f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
                )
            for i, (px, py, v) in enumerate(points):
                if v is None:
                    continue
                out.append(_marker(marker, px, py, colour, f"{name} · {chart.labels[i]}: {fmt(v, chart.unit)}"))
                out.append(_value_text(px, py - 8, v))
                marks += [(px, py - 8), (px, py + 4)]  # the value and its marker
    if chart.target is not None:
        ty = y(chart.target)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{TARGET_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="12 4"/>'
        )
        text = f'{pgettext("chart target", "Mục tiêu")}: {fmt(chart.target, chart.unit)}'
        x, ty_text, anchor = _target_label_place(ty, len(text) * CHAR_WIDTH * 1.15, marks)  # bold: wider
        # A white halo keeps the label readable where it crosses a grid line or a series' line.
        out.append(
            f'<text x="{x:.1f}" y="{ty_text:.1f}" text-anchor="{anchor}" fill="{TARGET_COLOUR}" font-weight="bold" '
            f'stroke="#fff" stroke-width="3" paint-order="stroke" class="chart-target">{escape(text)}</text>'
        )
    out.extend(_legend(chart, uid, TOP + plot_h + 44))
    out.append("</svg>")
    return "".join(out)


def _target_label_place(ty, text_w, marks):
    """Where the target's label goes: above the line at the right end unless a value written on the plot is there
    (the last month's measurement often sits just above its target), else below it, else at the left end.
    Returns (x, baseline y, text-anchor)."""
    right, left = WIDTH - RIGHT - 2, LEFT + 4
    for x, base, anchor in ((right, ty - 4, "end"), (right, ty + 13, "end"), (left, ty - 4, "start"),
                            (left, ty + 13, "start")):
        x0, x1 = (x - text_w, x) if anchor == "end" else (x, x + text_w)
        top, bottom = base - 11, base + 2
        if not any(x0 - 12 <= mx <= x1 + 12 and top - 6 <= my <= bottom + 6 for mx, my in marks):
            return x, base, anchor
    return right, ty - 4, "end"


def label_lines(label, width, lines=2):
    """``label`` in at most ``lines`` lines of at most ``width`` characters, cut at spaces where it can; what does
    not fit ends in "…"."""
    out, rest = [], label.split()
    while rest and len(out) < lines:
        line = rest.pop(0)
        while rest and len(line) + 1 + len(rest[0]) <= width:
            line += " " + rest.pop(0)
        if len(line) > width:  # one word longer than the slot
            rest.insert(0, line[width - 1:])
            line = line[:width - 1] + "…"
        out.append(line)
    if rest:
        last = out[-1]
        out[-1] = (last if len(last) < width else last[:width - 1]).rstrip("… ") + "…"
    return out


def _value_text(x, y, v):
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" fill="#111" font-size="10">{escape(fmt(v))}</text>'


def _fill(uid, s):
    """A bar's fill: its colour, plain for the unhatched first series (a pattern of tiles shows faint seams in some
    PDF viewers), else its hatch pattern."""
    colour, _dash, _marker, hatch = STYLES[s % len(STYLES)]
    return colour if not hatch else f"url(#{uid}-p{s % len(STYLES)})"


def _pattern(pid, colour, hatch):
    lines = {
        "": "",
        "diag": '<path d="M0 8 L8 0" stroke="#ffffff" stroke-width="2"/>',
        "cross": '<path d="M0 4 H8 M4 0 V8" stroke="#ffffff" stroke-width="1.5"/>',
        "horiz": '<path d="M0 2 H8 M0 6 H8" stroke="#000000" stroke-width="1"/>',
        "vert": '<path d="M2 0 V8 M6 0 V8" stroke="#000000" stroke-width="1"/>',
    }[hatch]
    return (
        f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{colour}"/>{lines}</pattern>'
    )


def _marker(shape, x, y, colour, tip):
    tip = f"<title>{escape(tip)}</title>"
    edge = f'stroke="{OUTLINE}" stroke-width="0.75"'  # a dark edge: a light marker stays visible on white
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}" {edge}>{tip}</rect>'
    if shape == "triangle":
        return f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y + 4:.1f} L{x - 5:.1f} {y + 4:.1f} Z" fill="{colour}" {edge}>{tip}</path>'
    if shape == "diamond":
        return f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y:.1f} L{x:.1f} {y + 5:.1f} L{x - 5:.1f} {y:.1f} Z" fill="{colour}" {edge}>{tip}</path>'
    if shape == "circle-open":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}" stroke="{OUTLINE}" stroke-width="1.5">{tip}</circle>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}" {edge}>{tip}</circle>'


def _legend(chart, uid, top):
    out, x = [], LEFT
    for s, name in enumerate(chart.series):
        colour, dash, marker, _hatch = STYLES[s % len(STYLES)]
        if x > LEFT and x + 40 + 7 * len(name) > WIDTH:  # a long legend wraps onto a second row
            x, top = LEFT, top + 16
        if chart.kind == "bar":
            out.append(f'<rect x="{x}" y="{top}" width="14" height="10" fill="{_fill(uid, s)}" stroke="{OUTLINE}"/>')
        else:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<line x1="{x}" x2="{x + 22}" y1="{top + 5}" y2="{top + 5}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
            out.append(_marker(marker, x + 11, top + 5, colour, name))
        out.append(f'<text x="{x + 28}" y="{top + 9}" fill="#111">{escape(name)}</text>')
        x += 40 + 7 * len(name)
    if chart.target is not None:
        out.append(f'<line x1="{x}" x2="{x + 22}" y1="{top + 5}" y2="{top + 5}" stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="12 4"/>')
        out.append(f'<text x="{x + 28}" y="{top + 9}" fill="#111">{escape(pgettext("chart target", "Mục tiêu"))}</text>')
    return out
