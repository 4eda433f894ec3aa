"""The corrective action request (phiếu yêu cầu hành động khắc phục) as a PDF record."""

import io
import subprocess

import pdfplumber
from django.urls import reverse

from tests.audits.capa.helpers import open_nc


def test_coordinator_downloads_the_nc_report_pdf_with_vietnamese_intact(login, world, tmp_path):
    nc = open_nc(world, description="Hồ sơ cấp giấy phép xây dựng số 125 trả kết quả muộn 5 ngày so với phiếu hẹn.")
    response = login(world.coordinator).get(reverse("audits:nc_report_pdf", kwargs={"pk": nc.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"phieu-{nc.reference}.pdf" in response["Content-Disposition"]
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
        assert pdf.metadata["Title"].endswith(nc.reference)
        assert pdf.metadata["Author"] == world.agency.name
    flat = " ".join(text.split())
    assert "PHIẾU YÊU CẦU HÀNH ĐỘNG KHẮC PHỤC" in flat
    assert nc.reference in flat
    assert "trả kết quả muộn 5 ngày" in flat
    path = tmp_path / "nc.pdf"
    path.write_bytes(response.content)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0


def test_outsider_cannot_download_another_agencys_nc_report(login, world):
    nc = open_nc(world)
    assert login(world.outsider).get(reverse("audits:nc_report_pdf", kwargs={"pk": nc.pk})).status_code == 404
