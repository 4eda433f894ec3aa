"""The yearly report (MR-4): figures frozen when made, text edited by the managers, sent and locked; the
oversight body reads sent reports only; XLSX and PDF read back."""

import datetime
import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from quality.reports import services
from quality.reports.models import YearlyReport
from tests.quality.dashboards.builders import action, audit, feedback, nc, programme

pytestmark = pytest.mark.django_db


def rows_of(report):
    return {(s["title"], r[0]): r[1] for s in report.figures["sections"] for r in s["rows"]}


def records(world, year):
    a = world.agency
    first = nc(a, 1, datetime.date(year, 1, 1), source="internal_audit", clause="8.2.2")  # first day: inside
    nc(a, 2, datetime.date(year, 12, 31))  # last day: inside
    nc(a, 3, datetime.date(year - 1, 12, 31))  # the day before: outside (still open)
    action(first, world.staff, datetime.date(year, 2, 1))
    prog = programme(a, year)
    audit(a, prog, 1, "reported", lead=world.auditor, end_date=datetime.date(year, 3, 10))
    audit(a, prog, 2, "planned")


def test_report_freezes_the_years_figures(world):
    year = timezone.localdate().year - 1
    records(world, year)
    report = services.create_report(agency=world.agency, year=year, user=world.coordinator)
    figures = rows_of(report)
    assert figures[("Sự không phù hợp", "Phát hiện trong năm")] == 2
    assert figures[("Sự không phù hợp", "Sự không phù hợp đang mở")] == 3
    assert figures[("Chương trình đánh giá nội bộ", "Cuộc đánh giá theo chương trình")] == 2
    assert figures[("Chương trình đánh giá nội bộ", "Đã thực hiện (đã có báo cáo)")] == 1
    assert figures[("Tình trạng hệ thống", "Đánh giá nội bộ gần nhất")] == f"{year}-03-10"
    assert report.figures["as_of"] == f"{year}-12-31"
    # Later records do not change what was made; refreshing a draft does.
    nc(world.agency, 4, datetime.date(year, 6, 1))
    report.refresh_from_db()
    assert rows_of(report)[("Sự không phù hợp", "Phát hiện trong năm")] == 2
    report = services.refresh_figures(report=report, user=world.coordinator)
    assert rows_of(report)[("Sự không phù hợp", "Phát hiện trong năm")] == 3


def test_labels_are_vietnamese_whatever_the_authors_language(world):
    from django.utils import translation

    with translation.override("en"):
        report = services.create_report(agency=world.agency, year=timezone.localdate().year, user=world.coordinator)
    assert report.figures["sections"][0]["title"] == "Tình trạng hệ thống"


def test_sending_locks_the_report_and_keeps_history(world):
    year = timezone.localdate().year
    report = services.create_report(agency=world.agency, year=year, user=world.coordinator)
    with pytest.raises(ValidationError):
        services.send_report(report=report, user=world.head)  # no results written yet
    services.update_text(report=report, user=world.coordinator, results="Duy trì và cải tiến HTQLCL",
                         difficulties="Thiếu cán bộ", proposals="Tập huấn", reason="Bổ sung nội dung")
    report = services.send_report(report=report, user=world.head, reason="Gửi theo công văn 12/SKHCN")
    assert (report.status, report.sent_by) == (YearlyReport.Status.SENT, world.head)
    for change in (lambda: services.update_text(report=report, user=world.coordinator, results="x",
                                                difficulties="", proposals=""),
                   lambda: services.refresh_figures(report=report, user=world.coordinator),
                   lambda: services.send_report(report=report, user=world.head)):
        with pytest.raises(ValidationError):
            change()
    report.refresh_from_db()
    assert report.results == "Duy trì và cải tiến HTQLCL"
    reasons = list(report.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[1:] == ["Bổ sung nội dung", "Gửi theo công văn 12/SKHCN"]


def test_bad_year_and_second_report_are_refused_with_a_message(world, login):
    client = login(world.coordinator)
    year = timezone.localdate().year
    for bad in ["abc", str(year + 1), "1999", ""]:
        response = client.post(reverse("quality:report_create"), {"year": bad})
        assert response.status_code == 400 and "errorlist" in response.content.decode(), bad
    assert client.post(reverse("quality:report_create"), {"year": year}).status_code == 302
    response = client.post(reverse("quality:report_create"), {"year": year})
    assert response.status_code == 400 and f"Cơ quan đã có báo cáo năm {year}." in response.content.decode()
    assert YearlyReport.objects.count() == 1


def test_sent_edit_page_redirects_with_a_message(world, login):
    report = services.create_report(agency=world.agency, year=timezone.localdate().year, user=world.coordinator)
    services.update_text(report=report, user=world.coordinator, results="Đạt", difficulties="", proposals="")
    services.send_report(report=report, user=world.coordinator)
    client = login(world.coordinator)
    response = client.post(reverse("quality:report_edit", kwargs={"pk": report.pk}),
                           {"results": "Đổi", "difficulties": "", "proposals": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.results == "Đạt"


def test_oversight_reads_sent_reports_only(world, client):
    year = timezone.localdate().year
    draft = services.create_report(agency=world.agency, year=year, user=world.coordinator)
    sent = services.create_report(agency=world.agency, year=year - 1, user=world.coordinator)
    services.update_text(report=sent, user=world.coordinator, results="Đạt", difficulties="", proposals="")
    services.send_report(report=sent, user=world.coordinator)
    client.force_login(world.people["oversight"])
    assert client.get(reverse("quality:report_detail", kwargs={"pk": draft.pk})).status_code == 404
    page = client.get(reverse("quality:report_received")).content.decode()
    assert reverse("quality:report_detail", kwargs={"pk": sent.pk}) in page
    assert reverse("quality:report_detail", kwargs={"pk": draft.pk}) not in page
    body = client.get(reverse("quality:report_detail", kwargs={"pk": sent.pk})).content.decode()
    assert "Lịch sử thay đổi" not in body  # who edited what is the agency's record, not a figure


def test_xlsx_reads_back_with_figures_dates_and_texts(world, login):
    year = timezone.localdate().year - 1
    records(world, year)
    report = services.create_report(agency=world.agency, year=year, user=world.coordinator)
    services.update_text(report=report, user=world.coordinator, results="Duy trì HTQLCL hiệu lực",
                         difficulties="", proposals="")
    response = login(world.coordinator).get(reverse("quality:report_xlsx", kwargs={"pk": report.pk}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    cells = {(r[0], r[1]): r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells[("Tình trạng hệ thống", "Đánh giá nội bộ gần nhất")] == datetime.datetime(year, 3, 10)
    assert cells[("Sự không phù hợp", "Phát hiện trong năm")] == 2
    assert cells[("Nội dung báo cáo", "Kết quả áp dụng HTQLCL")] == "Duy trì HTQLCL hiệu lực"


def test_pdf_reads_back_with_figures_and_vietnamese(world, login, tmp_path):
    year = timezone.localdate().year - 1
    records(world, year)
    feedback(world.agency, datetime.datetime(year, 5, 5, 9, tzinfo=datetime.timezone.utc),
             answered_after=datetime.timedelta(days=2))
    report = services.create_report(agency=world.agency, year=year, user=world.coordinator)
    services.update_text(report=report, user=world.coordinator, results="Đã số hóa hồ sơ tại Bộ phận một cửa",
                         difficulties="Thiếu kinh phí đào tạo", proposals="Đề nghị Sở tổ chức tập huấn")
    response = login(world.coordinator).get(reverse("quality:report_pdf", kwargs={"pk": report.pk}),
                                            HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert world.agency.name.upper() in flat
    assert "BÁO CÁO TÌNH HÌNH ÁP DỤNG HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG" in flat
    assert "Kính gửi: Sở Khoa học và Công nghệ" in flat
    assert "Phát hiện trong năm 2" in flat
    assert "Đánh giá nội bộ gần nhất 10/03/" + str(year) in flat
    assert "Trả lời đúng hạn 1" in flat
    for typed in ["Đã số hóa hồ sơ tại Bộ phận một cửa", "Thiếu kinh phí đào tạo", "Đề nghị Sở tổ chức tập huấn"]:
        assert typed in flat
