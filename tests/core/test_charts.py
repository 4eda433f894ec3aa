"""The shared chart module: inline SVG that is safe under the CSP and readable in grey print."""

import re

from django.template.loader import render_to_string
from django.utils import translation

from qms.core.charts import OUTLINE, STYLES, bar_chart, line_chart


def _charts():
    series = {"Thực hiện": [91.5, None, 97.0], "Năm trước": [88.0, 90.25, 92.0]}
    labels = ["T01", "T02", "T03"]
    return [
        line_chart("Tỷ lệ <NC> đóng đúng hạn", labels, series, unit="%", target=95),
        bar_chart("Tỷ lệ <NC> đóng đúng hạn", labels, series, unit="%", target=95, category="Tháng"),
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
    fills = set(re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="([^"]+)"', bar.svg))
    assert len(fills) == 2  # the first series plain, the second its own hatch pattern
    assert any(f.startswith("#") for f in fills) and any(f.startswith("url(#") for f in fills)


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
    a = bar_chart("A", ["x"], {"s": [1]}, category="c")
    b = bar_chart("B", ["x"], {"s": [1]}, category="c")
    ids_a = set(re.findall(r'id="([^"]+)"', a.svg))
    ids_b = set(re.findall(r'id="([^"]+)"', b.svg))
    assert ids_a and not ids_a & ids_b


def test_empty_and_flat_data_still_draw():
    assert "<svg" in line_chart("Trống", [], {}).svg
    assert "<svg" in bar_chart("Phẳng", ["a", "b"], {"s": [0, 0]}, target=0, category="c").svg


def test_in_english_the_target_line_says_target():
    with translation.override("en"):
        chart = line_chart("x", ["a"], {"s": [1.5]}, unit="%", target=2)
        assert "Target: 2%" in chart.svg and "1.5" in chart.svg


def _luma(colour):
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_series_colours_print_as_distinct_greys_from_dark_to_light():
    # Grey print keeps only the luma: each series at least 30 of 255 lighter than the one before, the lightest
    # still visibly grey on white paper, so no two series print as the same grey (dash and hatch differ too).
    greys = [_luma(colour) for colour, *_rest in STYLES]
    assert all(b - a >= 30 for a, b in zip(greys, greys[1:])), greys
    assert greys[-1] <= 210 and _luma(OUTLINE) < 60
    assert len({dash for _c, dash, *_r in STYLES}) == len(STYLES)
    assert len({marker for _c, _d, marker, _h in STYLES}) == len(STYLES)
    assert len({hatch for *_r, hatch in STYLES}) == len(STYLES)


def test_the_data_table_names_its_first_column_by_what_the_labels_are():
    with translation.override("vi"):
        bar = bar_chart("Sự không phù hợp theo nguồn", ["Đánh giá nội bộ", "Phản ánh"], {"Số phiếu": [3, 1]},
                        category="Nguồn")
        line = line_chart("Tỷ lệ", ["Quý 1"], {"Thực hiện": [90]})
        bar_html = render_to_string("partials/chart.html", {"chart": bar})
        line_html = render_to_string("partials/chart.html", {"chart": line})
    assert '<th scope="col">Nguồn</th>' in bar_html and "Kỳ" not in bar_html
    assert '<th scope="col">Kỳ</th>' in line_html  # a line chart's labels are periods unless it says otherwise
    with translation.override("en"):
        assert '<th scope="col">Period</th>' in render_to_string(
            "partials/chart.html", {"chart": line_chart("Rate", ["Q1"], {"Actual": [90]})})


def test_long_category_labels_wrap_under_their_bar_and_keep_the_whole_label_as_a_tooltip():
    from qms.core.charts import label_lines

    assert label_lines("Phản ánh, kiến nghị của người dân", 15) == ["Phản ánh, kiến", "nghị của người…"]
    assert label_lines("Đánh giá nội bộ", 15) == ["Đánh giá nội bộ"]
    assert all(len(line) <= 9 for line in label_lines("Chưa ghi điều khoản", 9))
    labels = ["Đánh giá nội bộ", "Đánh giá bên ngoài", "Phản ánh, kiến nghị của người dân", "Theo dõi quá trình",
              "Xem xét của lãnh đạo", "Cán bộ phát hiện"]
    svg = bar_chart("Nguồn", labels, {"Số phiếu": [5, 1, 1, 1, 1, 1]}, category="Nguồn").svg
    assert "<title>Phản ánh, kiến nghị của người dân</title>" in svg
    shown = re.findall(r'<tspan x="[^"]+" dy="\d+">([^<]*)</tspan>', svg)
    slot_chars = int((640 - 56 - 16) / 6 / 6.2)
    assert shown and all(len(text) <= slot_chars for text in shown)


def _target_label(svg):
    found = re.search(r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)"[^>]*class="chart-target"', svg)
    return float(found[1]), float(found[2]), found[3]


def _target_line_y(svg):
    return float(re.search(r'<line x1="\d+" x2="\d+" y1="([\d.]+)" y2="[\d.]+" stroke="[^"]+" stroke-width="2" '
                           r'stroke-dasharray="12 4"', svg)[1])


def _values_written(svg):
    return [(float(x), float(y)) for x, y in re.findall(r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle" '
                                                        r'fill="#111" font-size="10">', svg)]


def test_the_target_label_never_sits_on_a_value_written_on_the_plot():
    """The last month measured just above its target used to have its value printed through the target's label
    (top right): the label moves where no value is written, and stays top right when that corner is free."""
    crowded = line_chart("Đúng hạn", ["T10", "T11", "T12"], {"Thực hiện": [90.0, 91.0, 98.4]}, unit="%", target=98)
    x, y, anchor = _target_label(crowded.svg)
    width = len("Mục tiêu: 98%") * 7.1
    left = x - width if anchor == "end" else x
    values = _values_written(crowded.svg)
    assert len(values) == 3
    assert not [(vx, vy) for vx, vy in values if left - 4 <= vx <= left + width + 4 and y - 14 <= vy <= y + 4]
    assert (anchor, y < _target_line_y(crowded.svg)) != ("end", True)  # not in its usual corner

    free = line_chart("Đúng hạn", ["T10", "T11", "T12"], {"Thực hiện": [70.0, 71.0, 72.0]}, unit="%", target=98)
    x, y, anchor = _target_label(free.svg)
    assert anchor == "end" and y < _target_line_y(free.svg)  # above the line at the right end
    assert 'paint-order="stroke"' in free.svg  # a halo over grid and series lines
