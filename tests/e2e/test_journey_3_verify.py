"""Journey 3 (verify a printed copy): someone holding a copy of a superseded issue opens the link printed on
it, without logging in, and learns that it is no longer current, which issue is and since when; a
recalled controlled copy says it was recalled."""

import io

import pikepdf
from playwright.sync_api import expect

from processes.copies import services as services_pdf
from processes.copies.models import Copy
from processes.documents.models import DistributionEntry, Revision
from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit


def _printed_link(pdf_bytes):
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        links = {str(a.A.URI) for p in pdf.pages for a in p.obj.get("/Annots", []) if "/A" in a and "/URI" in a.A}
    assert len(links) == 1
    return links.pop()


def test_holder_of_superseded_copy_learns_it_is_no_longer_current_and_recalled(world, page, client, screenshot):
    document = make_document(world, code="QT-05", title="Cấp giấy phép xây dựng")
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.staff)
    old = effective_revision(world, document)
    controlled = Copy.objects.get(revision=old, holder=world.staff)
    client.force_login(world.author)
    response = client.get(f"/tai-lieu/ban-hanh/{old.pk}/ban-khong-kiem-soat.pdf")
    uncontrolled_link = _printed_link(b"".join(response.streaming_content))
    client.force_login(world.staff)
    response = client.get(f"/tai-lieu/ban-kiem-soat/{controlled.pk}.pdf")
    controlled_link = _printed_link(b"".join(response.streaming_content))

    new = make_draft(world, document)
    submit(world, new, summary="Rút ngắn thời gian thẩm định")
    approve(world, new)
    new.refresh_from_db()
    assert new.status == Revision.Status.EFFECTIVE
    services_pdf.confirm_recall(copy=controlled, user=world.coordinator)

    # An anonymous phone scans the QR code of the printed uncontrolled copy of issue 01.
    page.goto(uncontrolled_link)
    expect(page.get_by_test_id("verify-document")).to_contain_text("QT-05 – Cấp giấy phép xây dựng")
    expect(page.get_by_test_id("verify-issue")).to_have_text("01")
    expect(page.get_by_test_id("verify-status")).to_contain_text("KHÔNG CÒN HIỆU LỰC")
    expect(page.get_by_test_id("verify-current")).to_have_text(
        f"Lần ban hành hiện hành: 02, có hiệu lực từ ngày {new.effective_date:%d/%m/%Y}.")
    expect(page.get_by_test_id("verify-recalled")).to_have_count(0)
    screenshot("journey3-superseded")

    # The recalled controlled copy: typed by hand from its footer, in lower case with spaces.
    code = controlled_link.rstrip("/").rsplit("/", 1)[1]
    typed = f"{code[:4]} {code[4:8]} {code[8:]}".lower()
    page.get_by_label("Nhập mã xác minh").fill(typed)
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page).to_have_url(controlled_link)
    expect(page.get_by_test_id("verify-status")).to_contain_text("KHÔNG CÒN HIỆU LỰC")
    expect(page.get_by_test_id("verify-recalled")).to_contain_text("ĐÃ ĐƯỢC THU HỒI")
    screenshot("journey3-recalled")

    # A made-up code: a clear "not found".
    page.get_by_label("Nhập mã xác minh").fill("ABCD-EFGH-JK")
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_test_id("verify-not-found")).to_contain_text("Không tìm thấy")
