"""Form 06, the register: A4 landscape PDF and XLSX under the register page's filters; full applicants only for
the desk and the coordinator (and then logged), initials for other members."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.files.models import PersonalDataAccess
from tests.cases.slips.helpers import keep, make_clerk, pdf_table_rows, pdf_text, procedure, receive, returned

pytestmark = pytest.mark.django_db
A4_LANDSCAPE = (841.89, 595.28)


def test_register_pdf_and_xlsx_follow_the_filters(world, login):
    revision = procedure(world)
    other = procedure(world, code="QT-KHAC")
    first = receive(world, revision=revision, applicant_name="Đặng Thị Hường", applicant_phone="0987654321")
    done = returned(world, revision=revision, applicant_name="Trịnh Văn Đức")
    receive(world, revision=other, applicant_name="Ngô Bảo Châu")
    client = login(make_clerk(world))
    response = client.get(reverse("cases:register_pdf"), {"document": revision.document.pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    keep("form06.pdf", response.content)
    text, sizes = pdf_text(response.content)
    flat = " ".join(text.split())
    assert sizes[0] == pytest.approx(A4_LANDSCAPE, abs=1)
    assert "SỔ THEO DÕI HỒ SƠ" in flat and "Thủ tục: QT-GPXD" in flat
    rows = pdf_table_rows(response.content)
    assert rows[0][:2] == ["STT", "Mã hồ sơ"]
    by_code = {row[1]: row for row in rows[1:]}
    assert set(by_code) == {first.code, done.code}  # the other procedure's file is filtered out
    assert by_code[first.code][4] == "Đặng Thị Hường" and "0987654321" in by_code[first.code][5]
    assert by_code[done.code][11] == "Đã trả kết quả"
    logged = set(PersonalDataAccess.objects.filter(what="register_pdf").values_list("case_id", flat=True))
    assert logged == {first.pk, done.pk}

    xlsx = client.get(reverse("cases:register_xlsx"), {"status": "returned"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Mã hồ sơ" and [r[1] for r in rows[1:]] == [done.code]
    assert rows[1][4] == "Trịnh Văn Đức" and rows[1][8].year == done.received_at.year  # a real date
    assert PersonalDataAccess.objects.filter(what="register_xlsx", case=done).count() == 1


def test_members_without_access_get_initials_and_no_log(world, login):
    case = receive(world, applicant_name="Đặng Thị Hường")
    client = login(world.auditor)
    sheet = load_workbook(io.BytesIO(client.get(reverse("cases:register_xlsx")).content)).active
    row = list(sheet.iter_rows(values_only=True))[1]
    assert row[1] == case.code and row[4] == "Đ.T.H." and not row[5]
    content = client.get(reverse("cases:register_pdf")).content
    text, _ = pdf_text(content)
    assert "Hường" not in text and pdf_table_rows(content)[1][1:5] == [case.code, "Cấp giấy phép xây dựng", "1", "Đ.T.H."]
    assert not PersonalDataAccess.objects.exists()
    # The register page offers both exports with its filters.
    page = client.get(reverse("cases:case_list"), {"status": "received"}).content.decode()
    assert f'{reverse("cases:register_pdf")}?status=received' in page


def test_a_too_long_register_pdf_asks_to_narrow_the_filter(world, login, monkeypatch):
    from cases.slips import views

    revision = procedure(world)
    receive(world, revision=revision)
    receive(world, revision=revision)
    monkeypatch.setattr(views, "PDF_LIMIT", 1)
    response = login(make_clerk(world)).get(reverse("cases:register_pdf"), {"late": "no"}, follow=True)
    assert "Thu hẹp bộ lọc" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith("?late=no")
