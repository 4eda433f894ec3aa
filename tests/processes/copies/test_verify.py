"""The public verification page (PDF-3): no login, says whether a copy is current, names the current issue
and its date, says whether the copy was recalled; unknown or made-up codes get a clear 404."""

import pytest

from processes.copies import services as services_pdf
from processes.copies.models import Copy
from qms.pdf import codes
from tests.processes.documents.helpers import approve, make_draft, submit, tomorrow


def _copy(revision, kind=Copy.Kind.UNCONTROLLED):
    return Copy.objects.create(revision=revision, agency=revision.agency, kind=kind, code=codes.new_code(),
                               holder_name="Người Bí Mật")


def test_anonymous_scan_of_a_current_copy_says_it_is_current(world, publish, client):
    revision = publish()
    copy = _copy(revision)
    response = client.get(f"/tai-lieu/xac-minh/{copy.code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "QT-05" in page and "Cấp giấy phép xây dựng" in page
    assert "ĐANG CÒN HIỆU LỰC" in page
    assert f"Có hiệu lực từ ngày {revision.effective_date:%d/%m/%Y}" in page
    assert codes.format_code(copy.code) in page
    # nothing internal: no holder, no content, no agency staff names
    assert "Người Bí Mật" not in page and "Quy định trình tự" not in page and world.head.display_name not in page
    assert response["X-Robots-Tag"] == "noindex"


def test_copy_of_a_superseded_issue_names_the_current_issue_and_its_date_and_recall(world, publish, client,
                                                                                    distributed_document):
    old = publish(document=distributed_document)
    held = Copy.objects.filter(revision=old, holder=world.staff).get()
    loose = _copy(old)
    new = publish(document=distributed_document)
    page = client.get(f"/tai-lieu/xac-minh/{loose.code}/").content.decode()
    assert "KHÔNG CÒN HIỆU LỰC" in page
    assert f"Lần ban hành hiện hành: {new.issue_label}, có hiệu lực từ ngày {new.effective_date:%d/%m/%Y}" in page
    assert "ĐÃ ĐƯỢC THU HỒI" not in page
    services_pdf.confirm_recall(copy=held, user=world.coordinator)
    page = client.get(f"/tai-lieu/xac-minh/{held.code}/").content.decode()
    assert "KHÔNG CÒN HIỆU LỰC" in page and "ĐÃ ĐƯỢC THU HỒI" in page and f"Bản kiểm soát số {held.number_label}" in page


def test_copy_of_an_approved_but_not_yet_effective_issue_says_so(world, publish, client):
    first = publish()
    second = make_draft(world, first.document)
    submit(world, second)
    approve(world, second, effective_date=tomorrow())
    page = client.get(f"/tai-lieu/xac-minh/{_copy(second).code}/").content.decode()
    assert "CHƯA CÓ HIỆU LỰC" in page and f"Lần ban hành hiện hành: {first.issue_label}" in page


@pytest.mark.parametrize("typed", ["K7QM4XPA2R", "AAAAAAAAAA", "0000000000", "x", "../../etc/passwd",
                                   "<script>alert(1)</script>", "’; DROP TABLE", "K" * 39])
def test_unknown_or_made_up_codes_get_a_clear_not_found(db, client, typed):
    response = client.get("/tai-lieu/xac-minh/", {"ma": typed}, follow=True)  # well-formed codes redirect first
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy mã xác minh" in page and "<script>alert" not in page
    if "/" not in typed:
        response = client.get(f"/tai-lieu/xac-minh/{typed}/")
        assert response.status_code == 404 and "Không tìm thấy" in response.content.decode()


def test_typed_code_in_any_case_with_dashes_and_spaces_finds_the_copy(world, publish, client):
    copy = _copy(publish())
    typed = " " + codes.format_code(copy.code).lower().replace("-", " - ") + " "
    response = client.get("/tai-lieu/xac-minh/", {"ma": typed})
    assert response.status_code == 302 and response["Location"] == f"/tai-lieu/xac-minh/{copy.code}/"
    assert client.get("/tai-lieu/xac-minh/").status_code == 200


def test_codes_are_not_sequential(world, publish, login):
    revision = publish()
    client = login(world.staff)
    for _ in range(5):
        assert client.get(f"/tai-lieu/ban-hanh/{revision.pk}/ban-khong-kiem-soat.pdf").status_code == 200
    found = list(Copy.objects.order_by("pk").values_list("code", flat=True))
    assert len(set(found)) == 5 and all(codes.normalize_code(c) == c for c in found)
    # no two consecutive codes share a prefix the way a counter would
    assert len({c[:6] for c in found}) == 5
