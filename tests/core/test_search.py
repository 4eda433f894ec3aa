"""The one search of the product (qms.core.search): how a query is read, and how matches are shown.

Which rows each search box finds is tested box by box in tests/test_search_boxes.py, on both databases.
"""

import pytest

from qms.core import search


def test_a_query_is_folded_into_words():
    query = search.parse("  Giấy   PHÉP xây-dựng ")

    assert query.words == ("giay", "phep", "xay-dung")
    assert query.phrase == "giay phep xay-dung"
    assert query.exact == "giấy phép xây-dựng"
    assert query.compact == "giayphepxaydung"


def test_a_decomposed_query_reads_as_the_composed_one():
    assert search.parse("Đo\u0302\u0301ng Đa") == search.parse("Đống Đa")


def test_a_query_without_words_is_empty_and_a_long_one_is_capped():
    assert not search.parse("  %  - ")
    assert not search.parse(None)
    long = search.parse(" ".join(f"tu{i}" for i in range(100)))
    assert len(long.words) == search.MAX_WORDS


@pytest.mark.parametrize("raw, compact", [("QT-05", "qt05"), ("qt 05", "qt05"), ("BM.05/02", "bm0502"),
                                          ("QĐ-01", "qd01")])
def test_a_code_is_compared_without_punctuation_or_spaces(raw, compact):
    assert search.compact(raw) == compact


def test_highlight_marks_every_word_whatever_its_accents():
    html = search.highlight("Cấp giấy phép đào Đường, hè phố", "giay phep duong")

    assert html == "Cấp <mark>giấy phép</mark> đào <mark>Đường</mark>, hè phố"


def test_highlight_escapes_the_text_and_adds_only_mark():
    html = search.highlight('<img src=x onerror="alert(1)"> giấy & phép</mark>', "giay phep")

    assert html == ('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>giấy</mark> &amp; <mark>phép</mark>'
                    '&lt;/mark&gt;')


def test_a_query_that_looks_like_html_is_only_text():
    html = search.highlight("<script>alert(1)</script>", "<script>")

    assert html == "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"


def test_highlight_without_a_query_is_the_escaped_text():
    assert search.highlight("a < b", "") == "a &lt; b"


def test_a_snippet_is_cut_around_the_first_match():
    text = "Mở đầu. " * 40 + "Hồ sơ đề nghị cấp giấy phép xây dựng gồm đơn và bản vẽ. " + "Kết thúc. " * 40

    html = search.snippet(text, "giay phep", width=80)

    assert html.startswith("…") and html.endswith("…")
    assert "<mark>giấy phép</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= 80 + 2


def test_a_snippet_without_a_match_is_the_start_of_the_text():
    assert search.snippet("Tiếp nhận hồ sơ " * 20, "giay phep", width=40).startswith("Tiếp nhận hồ sơ")
    assert search.snippet("ngắn", "", width=40) == "ngắn"


def test_found_in_tells_whether_a_text_holds_any_of_the_words():
    query = search.parse("duong")

    assert query.found_in("Cấp phép đào đường")
    assert query.found_in("Dương")
    assert not query.found_in("Đống Đa")
