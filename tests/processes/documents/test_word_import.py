"""The Word import pages (DOC-4, issue 13 item 6): upload → a preview of what goes where, nothing saved →
confirm → the draft is written. The parse result travels between the two as a signed token."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from processes.documents.models import Revision
from qms.core.models import Role
from tests.factories import make_user
from tests.processes.documents.helpers import make_document, make_draft
from tests.processes.documents.word_files import STEPS, Word, procedure

S = Revision.Status
WARNING = ("Lưu ý: tổng thời gian các bước (12 ngày) khác thời gian xử lý theo quy định (5 ngày làm việc).")


def upload(client, document, content, name="QT-05 cap phep.docx"):
    return client.post(reverse("processes:revision_import", kwargs={"pk": document.pk}),
                       {"file": SimpleUploadedFile(name, content)})


def confirm(client, document, token, follow=False):
    return client.post(reverse("processes:revision_import_confirm", kwargs={"pk": document.pk}), {"token": token},
                       follow=follow)


def refused(response, words):
    """A refused confirmation goes back to the upload page, saying why."""
    assert response.redirect_chain[-1][0].endswith("/nhap-word/")
    return words in response.content.decode()


def history_rows():
    return Revision.history.count()


def test_the_upload_shows_what_goes_where_and_saves_nothing(world, client):
    document = make_document(world)
    client.force_login(world.coordinator)

    response = upload(client, document, procedure("bold", extra=True))

    assert response.status_code == 200
    page = response.content.decode()
    assert not document.revisions.exists() and history_rows() == 0
    preview = response.context["preview"]
    assert preview.result.data["processing_time_days"] == 5
    # Each field with the heading it came from, the step rows, and what was left out.
    assert "5.4. Thời gian xử lý" in page and "1. MỤC ĐÍCH" in page
    assert "Thẩm định hồ sơ, dự thảo giấy phép" in page and "01 ngày làm việc" in page
    assert "8. PHỤ LỤC" in page and "Sơ đồ vị trí bộ phận một cửa." in page
    assert WARNING in page
    assert "8 giờ làm việc" in page  # how hours were counted is said
    assert "QT-05 cap phep.docx" in page


@pytest.mark.s3
def test_confirming_the_preview_writes_a_new_draft_and_opens_the_editor(world, client):
    document = make_document(world)
    client.force_login(world.coordinator)
    token = upload(client, document, procedure("bold", extra=True)).context["token"]

    response = confirm(client, document, token)

    draft = document.revisions.get(status=S.DRAFT)
    assert response.status_code == 302 and response.url == reverse("processes:revision_edit", kwargs={"pk": draft.pk})
    assert draft.purpose == "Quy định trình tự cấp giấy phép xây dựng nhà ở riêng lẻ."
    assert draft.processing_time_days == 5 and draft.fee == "75.000 đồng/giấy phép."
    assert [s["description"] for s in draft.steps] == [s[2] for s in STEPS]
    assert [f["code"] for f in draft.forms] == ["BM-05-01", "BM-05-02"]
    assert draft.records[0]["retention"] == "Lâu dài"
    assert "PHỤ LỤC" not in draft.procedure_html
    editor = client.get(response.url).content.decode()
    assert "Quy định trình tự cấp giấy phép xây dựng nhà ở riêng lẻ." in editor and WARNING in editor


def test_sections_missing_from_the_file_keep_the_open_drafts_text(world, client):
    document = make_document(world)
    draft = make_draft(world, document)  # purpose "Quy định trình tự cấp giấy phép xây dựng.", 15 days
    client.force_login(world.coordinator)

    response = upload(client, document, procedure("bold", skip=("1", "5.4")))

    assert "Mục đích" in " ".join(str(label) for label in response.context["preview"].kept)
    confirm(client, document, response.context["token"])
    draft.refresh_from_db()
    assert draft.purpose == "Quy định trình tự cấp giấy phép xây dựng."
    assert draft.processing_time_days == 15 and len(draft.steps) == 4


def test_the_preview_checks_the_times_against_the_drafts_processing_time_when_the_file_has_none(world, client):
    document = make_document(world)
    make_draft(world, document)  # 15 working days
    client.force_login(world.coordinator)

    page = upload(client, document, procedure("bold", skip=("5.4",))).content.decode()

    assert "Lưu ý: tổng thời gian các bước (12 ngày) khác thời gian xử lý theo quy định (15 ngày làm việc)." in page


def test_a_tampered_preview_is_refused_in_vietnamese_and_writes_nothing(world, client):
    document = make_document(world)
    client.force_login(world.coordinator)
    token = upload(client, document, procedure("bold")).context["token"]

    response = confirm(client, document, token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1], follow=True)

    assert refused(response, "Không đọc được bản xem trước. Hãy tải tệp lên lại.")
    assert not document.revisions.exists() and history_rows() == 0


def test_an_expired_preview_is_refused(world, client, monkeypatch):
    document = make_document(world)
    client.force_login(world.coordinator)
    token = upload(client, document, procedure("bold")).context["token"]
    later = time.time() + 2 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    response = confirm(client, document, token, follow=True)

    assert refused(response, "Bản xem trước đã hết hạn")
    assert not document.revisions.exists()


def test_a_preview_only_confirms_for_its_own_document_and_person(world, client):
    document = make_document(world)
    other = make_document(world, code="QT-06", title="Cấp phép kinh doanh")
    client.force_login(world.coordinator)
    token = upload(client, document, procedure("bold")).context["token"]

    assert refused(confirm(client, other, token, follow=True), "không thuộc tài liệu này hoặc không phải của bạn")
    client.force_login(world.mgmt_rep)
    assert refused(confirm(client, document, token, follow=True), "không thuộc tài liệu này hoặc không phải của bạn")
    assert not Revision.objects.exists()


def test_staff_may_neither_preview_nor_confirm(world, client):
    document = make_document(world)
    client.force_login(world.coordinator)
    token = upload(client, document, procedure("bold")).context["token"]
    client.force_login(world.staff)

    # Nothing of this document is in force, so its page is 404 to staff and so is every page beside it.
    assert upload(client, document, procedure("bold")).status_code == 404
    assert confirm(client, document, token).status_code == 404
    assert not Revision.objects.exists()


def test_someone_elses_open_draft_is_refused_at_the_preview(world, client):
    document = make_document(world)
    other_author = make_user(world.agency, [Role.AUTHOR], username="tac-gia-2")
    make_draft(world, document, author=other_author)
    client.force_login(world.author)

    response = upload(client, document, procedure("bold"))

    assert response.status_code == 200 and "token" not in response.context
    assert "của người khác" in response.content.decode()


def test_an_unreadable_file_is_refused_at_the_upload(world, client):
    document = make_document(world)
    client.force_login(world.coordinator)

    response = upload(client, document, b"PK\x03\x04 not really a zip")

    assert "không phải tài liệu Word .docx" in response.content.decode()
    assert not document.revisions.exists()


def test_the_preview_speaks_english_to_an_english_user(world, client):
    document = make_document(world)
    world.coordinator.language = "en"
    world.coordinator.save()
    client.force_login(world.coordinator)

    page = upload(client, document, procedure("bold", extra=True)).content.decode()

    assert "What goes where" in page and "Confirm and write into the draft" in page
    assert "Fits no section (will not be imported)" in page and "8 working hours = 1 day" in page
    assert ("Note: the steps add up to 12 days, which differs from the legal processing time (5 working days)."
            in page)


def test_markup_typed_in_the_word_file_is_shown_as_text_in_the_preview(world, client):
    document = make_document(world)
    client.force_login(world.coordinator)
    word = Word()
    word.heading("5. NỘI DUNG QUY TRÌNH").para('<script>alert("a")</script>')
    word.heading("8. PHỤ LỤC").para('<img src=x onerror=alert("b")>')

    page = upload(client, document, word.bytes()).content.decode()

    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page and "&lt;img src=x onerror" in page
