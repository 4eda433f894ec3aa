"""The minutes as a PDF in the agency's layout, read back: inputs, participants, decisions, approval block,
Vietnamese intact, and the charts drawn as vector paths."""

import io
import subprocess

import pdfplumber
import pytest
from django.urls import reverse

from quality.review import services as svc
from tests.audits.capa.helpers import open_nc
from tests.factories import PASSWORD
from tests.quality.review.helpers import add_decision, held_review

pytestmark = pytest.mark.django_db


def test_approved_minutes_pdf_reads_back(world, login, tmp_path):
    import datetime

    open_nc(world, detected_on=datetime.date(2026, 3, 3), clause="7.5.1")
    review = held_review(world)
    svc.section_annotate(review=review, user=world.coordinator, section="recommendations",
                         text="Đề xuất số hóa hồ sơ lưu trữ tại Bộ phận một cửa")
    add_decision(world, review, description="Giảm thời gian giải quyết hồ sơ cấp phép xây dựng xuống 12 ngày")
    svc.review_approve(review=review, user=world.head, password=PASSWORD)
    response = login(world.staff).get(reverse("quality:review_minutes_pdf", kwargs={"pk": review.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "minutes.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "BIÊN BẢN HỌP XEM XÉT CỦA LÃNH ĐẠO" in flat
    assert "UBND QUẬN THỬ NGHIỆM" in flat
    for heading in ("Kết quả các cuộc đánh giá", "Phản hồi của người dân, tổ chức",
                    "Tình trạng của các hành động khắc phục và phòng ngừa", "Các khuyến nghị về cải tiến"):
        assert heading in flat
    assert "Đề xuất số hóa hồ sơ lưu trữ tại Bộ phận một cửa" in flat
    assert "Giảm thời gian giải quyết hồ sơ cấp phép xây dựng xuống 12 ngày" in flat
    assert "Trần Văn Xem Xét" in flat and "Vũ Thị Đánh Giá" in flat  # participants
    assert "Đã ký điện tử bởi Phạm Văn Lãnh Đạo" in flat and review.approved_hash[:16] in flat
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0


def test_minutes_pdf_draws_charts_as_vector_paths(world, login):
    import datetime

    pytest.importorskip("qms.core.charts", reason="the chart module arrives with branch q-objectives")
    open_nc(world, detected_on=datetime.date(2026, 3, 3))
    review = held_review(world)
    response = login(world.coordinator).get(reverse("quality:review_minutes_pdf", kwargs={"pk": review.pk}))
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        curves_and_rects = sum(len(p.curves) + len(p.rects) + len(p.lines) for p in pdf.pages)
    assert curves_and_rects > 20


def test_objective_figures_are_written_as_the_readers_language_writes_numbers():
    from django.utils import translation

    from quality.review.present import _num

    with translation.override("vi"):
        assert (_num(90.6667, "%"), _num(95, "%"), _num(None, "%")) == ("90,67 %", "95 %", "—")
    with translation.override("en"):
        assert _num(90.6667, "%") == "90.67 %"
