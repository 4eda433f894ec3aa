"""The shared chart module: inline SVG that is safe under the CSP and readable in grey print."""

import re

from django.template.loader import render_to_string
from django.utils import translation

from qms.core.charts import bar_chart, line_chart


def _charts():
    series = {"Thực hiện": [91.5, None, 97.0], "Năm trước": [88.0, 90.25, 92.0]}
    labels = ["T01", "T02", "T03"]
    return [
        line_chart("Tỷ lệ <NC> đóng đúng hạn", labels, series, unit="%", target=95),
        bar_chart("Tỷ lệ <NC> đóng đúng hạn", labels, series, unit="%", target=95),
    ]


def test_it_has_no_script_no_style_and_no_external_reference():
    for chart in _charts():
        svg = chart.svg.lower()
        assert "<script" not in svg
        assert "<style" not in svg and "style=" not in svg  # the CSP forbids inline styles
        assert "href" not in svg  # patterns are referenced by url(#id) only
        assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in svg and "javascript:" not in svg
        assert not re.search(r"\son\w+=", svg)  # no event handler attributes


def test_it_contains_the_escaped_title_and_each_value_in_vietnamese_notation():
    with translation.override("vi"):
        for chart in _charts():
            assert "Tỷ lệ &lt;NC&gt; đóng đúng hạn" in chart.svg
            assert "<NC>" not in chart.svg
            for text in ("91,5", "97", "88", "90,25", "92", "Mục tiêu: 95%"):
                assert text in chart.svg, (chart.kind, text)


def test_series_differ_in_dash_and_marker_for_grey_print():
    line = _charts()[0]
    paths = re.findall(r'<path d="(M[^"]*)" fill="none" stroke="(#[0-9a-f]+)" stroke-width="2.5"( stroke-dasharray="[^"]+")?', line.svg)
    assert len(paths) == 2
    assert paths[0][0].count("M") == 2  # the first series is broken at its missing value: two pieces
    assert paths[0][1] != paths[1][1]
    assert paths[0][2] == "" and paths[1][2] != ""  # solid against dashed
    assert "<circle" in line.svg and "<rect x=" in line.svg  # circles for the first, squares for the second
    bar = _charts()[1]
    fills = set(re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="url\(#(\w+-p\d)\)"', bar.svg))
    assert len(fills) == 2  # each series has its own hatch pattern


def test_a_missing_value_draws_nothing_and_shows_a_dash_in_the_table():
    chart = _charts()[0]
    with translation.override("vi"):
        assert chart.rows[1] == ("T02", ["—", "90,25"])


def test_the_partial_renders_a_figure_with_caption_svg_and_data_table():
    with translation.override("vi"):
        chart = _charts()[0]
        html = render_to_string("partials/chart.html", {"chart": chart})
    assert "<figure" in html and "<figcaption>" in html and "<svg" in html
    assert html.count("<tr>") == 4  # header + three periods
    assert "91,5" in html and "Tỷ lệ &lt;NC&gt; đóng đúng hạn" in html


def test_two_charts_on_one_page_do_not_share_pattern_ids():
    a = bar_chart("A", ["x"], {"s": [1]})
    b = bar_chart("B", ["x"], {"s": [1]})
    ids_a = set(re.findall(r'id="([^"]+)"', a.svg))
    ids_b = set(re.findall(r'id="([^"]+)"', b.svg))
    assert ids_a and not ids_a & ids_b


def test_empty_and_flat_data_still_draw():
    assert "<svg" in line_chart("Trống", [], {}).svg
    assert "<svg" in bar_chart("Phẳng", ["a", "b"], {"s": [0, 0]}, target=0).svg


def test_in_english_the_target_line_says_target():
    with translation.override("en"):
        chart = line_chart("x", ["a"], {"s": [1.5]}, unit="%", target=2)
        assert "Target: 2%" in chart.svg and "1.5" in chart.svg
