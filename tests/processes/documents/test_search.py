"""Accent-insensitive search and filters (DOC-12); run on SQLite and on PostgreSQL."""

import pytest
from django.urls import reverse

from processes.documents.filters import search
from processes.documents.models import Document
from qms.core.text import fold
from tests.processes.documents.helpers import effective_revision, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(world):
    docs = {
        "gpxd": make_document(world, code="QT-05", title="Cấp giấy phép xây dựng"),
        "cchc": make_document(world, code="QT-10", title="Kế hoạch cải cách hành chính"),
        "duong": make_document(world, code="QT-11", title="Cấp phép đào đường, hè phố"),
        "dongda": make_document(world, code="QT-12", title="Tiếp công dân tại quận Đống Đa"),
        "an": make_document(world, code="QT-13", title="Quy định về án phí"),
        "an2": make_document(world, code="QT-14", title="Bảo đảm an ninh trật tự"),
        "content": make_document(world, code="QT-15", title="Tiếp nhận hồ sơ"),
    }
    for doc in docs.values():
        effective_revision(world, doc, purpose="Áp dụng cho thủ tục đăng ký hộ kinh doanh" if doc.code == "QT-15" else "Mục đích chung")
    return docs


def codes(query, world):
    return [d.code for d in search(Document.objects.filter(agency=world.agency), query)]


def test_fold_drops_marks_and_d_stroke():
    assert fold("Đống Đa") == "dong da"
    assert fold("CẢI CÁCH  hành chính") == "cai cach hanh chinh"


def test_search_without_diacritics_finds_building_permit(world, library):
    assert codes("cap giay phep xay dung", world)[0] == "QT-05"


@pytest.mark.parametrize("query, code", [("cai cach", "QT-10"), ("duong", "QT-11"), ("dong da", "QT-12"),
                                         ("Đống Đa", "QT-12"), ("ĐỐNG ĐA", "QT-12")])
def test_search_cases(world, library, query, code):
    assert code in codes(query, world)


def test_exact_diacritics_rank_first(world, library):
    # "án" (court fee) and "an" (security) both fold to "an"; the exact spelling ranks first.
    assert codes("án", world)[0] == "QT-13"
    assert codes("an ninh", world)[0] == "QT-14"


def test_search_matches_effective_content(world, library):
    assert codes("ho kinh doanh", world) == ["QT-15"]


def test_search_input_is_nfc_normalised(world, library):
    decomposed = "Đo\u0302\u0301ng Đa"  # NFD "Đống Đa"
    assert "QT-12" in codes(decomposed, world)


def test_search_never_shows_other_agency(world, library, client):
    foreign = make_document(world, code="QT-05", title="Cấp giấy phép xây dựng", agency=world.other_agency)
    client.force_login(world.coordinator)
    response = client.get(reverse("processes:register"), {"q": "cap giay phep"})
    found = [d.pk for d in response.context["page"].object_list]
    assert library["gpxd"].pk in found and foreign.pk not in found
    client.force_login(world.outsider)
    response = client.get(reverse("processes:register"), {"q": "cap giay phep"})
    assert [d.pk for d in response.context["page"].object_list] == [foreign.pk]


def test_register_search_via_page(world, library, client):
    client.force_login(world.staff)
    response = client.get(reverse("processes:register"), {"q": "cap giay phep xay dung"})
    assert "<mark>Cấp giấy phép xây dựng</mark>" in response.content.decode()
    assert [d.code for d in response.context["page"].object_list][0] == "QT-05"


def test_filters_by_type_and_clause(world, client):
    make_document(world, code="QT-01", title="Kiểm soát tài liệu", clauses="4.2.3, 8.2.2")
    make_document(world, code="QT-20", title="Kiểm soát hồ sơ", clauses="4.2.4")
    make_document(world, code="BM-01", title="Phiếu", doc_type=Document.Type.FORM, clauses="4.2.3")
    client.force_login(world.coordinator)
    response = client.get(reverse("processes:register"), {"clause": "4.2.3", "doc_type": "procedure"})
    assert [d.code for d in response.context["page"].object_list] == ["QT-01"]


def test_department_filter_choices_are_scoped(world, client):
    client.force_login(world.coordinator)
    response = client.get(reverse("processes:register"))
    departments = list(response.context["filter"].form.fields["department"].queryset)
    assert departments and all(d.agency_id == world.agency.pk for d in departments)


def test_percent_and_underscore_in_a_query_are_plain_characters(world, library):
    """The match is a substring test, not a LIKE pattern: "_" and "%" match only themselves."""
    make_document(world, code="BM_01", title="Biểu mẫu giảm 50% phí")
    make_document(world, code="BMX01", title="Biểu mẫu khác")

    assert codes("bm_01", world) == ["BM_01"]  # as a LIKE pattern "_" would also match BMX01
    assert codes("50%", world) == ["BM_01"]
    assert codes("%", world) == codes("", world)  # no word in it: the same as an empty search, not a pattern


# --- ranking, codes, where it matched (issue 13, item 5) ------------------------------------------------------


@pytest.fixture
def permits(world):
    """The procedure, its application form and a guide that only mentions the procedure in its body."""
    docs = {
        "form": make_document(world, code="BM-05-02", title="Đơn đề nghị cấp giấy phép xây dựng",
                              doc_type=Document.Type.FORM),
        "other_form": make_document(world, code="BM-05-01", title="Phiếu kiểm soát quá trình giải quyết hồ sơ",
                                    doc_type=Document.Type.FORM),
        "procedure": make_document(world, code="QT-05", title="Cấp giấy phép xây dựng"),
        "longer_code": make_document(world, code="QT-050", title="Quản lý con dấu"),
        "guide": make_document(world, code="HD-01", title="Hướng dẫn tiếp nhận hồ sơ"),
    }
    effective_revision(world, docs["guide"], purpose="Hướng dẫn tiếp nhận hồ sơ cấp giấy phép xây dựng tại bộ phận một cửa.")
    return docs


@pytest.mark.parametrize("query", ["cap giay phep xay dung", "cấp giấy phép xây dựng", "CAP GIAY PHEP XAY DUNG"])
def test_the_document_titled_as_typed_ranks_above_longer_titles_and_body_mentions(world, permits, query):
    assert codes(query, world) == ["QT-05", "BM-05-02", "HD-01"]


@pytest.mark.parametrize("typed", ["qt05", "QT05", "qt 05", "qt-05", "Qt.05", "QT - 05"])
def test_a_code_typed_without_its_punctuation_finds_the_document_first(world, permits, typed):
    found = codes(typed, world)

    assert found[0] == "QT-05"
    assert "QT-050" in found  # its code begins the same way, after the exact one


def test_the_beginning_of_a_code_finds_its_documents_in_code_order(world, permits):
    assert codes("bm05", world)[:2] == ["BM-05-01", "BM-05-02"]


def _matches(client, query):
    response = client.get(reverse("processes:register"), {"q": query})
    return {d.code: d.match for d in response.context["page"].object_list}, response.content.decode()


def test_each_result_says_where_it_matched_with_the_words_highlighted(world, permits, client):
    client.force_login(world.coordinator)

    matches, html = _matches(client, "giay phep")

    assert [str(w) for w in matches["QT-05"].where] == ["Tên tài liệu"]
    assert [str(w) for w in matches["HD-01"].where] == ["1. Mục đích"]
    assert "cấp <mark>giấy phép</mark> xây dựng" in matches["HD-01"].snippet
    assert "Cấp <mark>giấy phép</mark> xây dựng" in html
    assert "1. Mục đích" in html and "cấp <mark>giấy phép</mark> xây dựng tại" in html


def test_a_code_match_is_shown_on_the_code(world, permits, client):
    client.force_login(world.coordinator)

    matches, html = _matches(client, "qt05")

    assert [str(w) for w in matches["QT-05"].where] == ["Mã hiệu"]
    assert "<mark>QT-05</mark>" in html


def test_a_body_match_is_shown_from_the_text_of_its_section(world, client):
    doc = make_document(world, code="QT-30", title="Tiếp nhận hồ sơ")
    effective_revision(world, doc, purpose="Mục đích chung",
                       procedure_html="<p>Kiểm tra hồ sơ &amp; <strong>giấy phép</strong> đã cấp.</p>")
    client.force_login(world.staff)

    matches, html = _matches(client, "giay phep")

    assert [str(w) for w in matches["QT-30"].where] == ["5. Nội dung quy trình"]
    assert "hồ sơ &amp; <mark>giấy phép</mark> đã cấp." in html  # the entity read once, escaped once
    assert "&amp;amp;" not in html and "<strong>" not in html


def test_results_never_carry_markup_from_titles_or_queries(world, client):
    make_document(world, code="BM-66", title='<img src=x onerror="alert(1)"> giấy phép')
    client.force_login(world.coordinator)

    _, html = _matches(client, 'giay phep <script>alert(2)</script>')
    _, html_plain = _matches(client, "giay phep")

    assert "<img src=x" not in html_plain and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html_plain
    assert "<script>alert(2)" not in html
