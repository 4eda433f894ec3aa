"""One step-time warning and one number format (issue 13 #14): the Word import's preview, the editor after
saving and the revision page say the same sentence; days read "12" and "12,5" ("12.5" in English), never "12,0"."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from processes.documents.content import round_days, step_days_total
from processes.templatetags.revisions import format_days
from tests.processes.documents.helpers import make_document, make_draft
from tests.processes.documents.word_files import procedure

WARNING = "Lưu ý: tổng thời gian các bước (12 ngày) khác thời gian xử lý theo quy định (5 ngày làm việc)."


def warning_of(page):
    """The text of the page's one visible warning."""
    found = re.findall(r'<p class="message message-warning" data-testid="time-warning"([^>]*)>(.*?)</p>', page, re.S)
    shown = [text for attrs, text in found if " hidden" not in attrs]
    assert len(shown) == 1, found
    return shown[0]


@pytest.mark.parametrize(("value", "vi", "en"), [
    (12, "12", "12"), (12.0, "12", "12"), (12.5, "12,5", "12.5"), (0.5, "0,5", "0.5"), (1.25, "1,25", "1.25"),
    (1 / 3, "0,33", "0.33"), (0.125, "0,13", "0.13"), (14.999, "15", "15"), (None, "", ""),
])
def test_days_are_written_as_people_write_them(value, vi, en):
    with translation.override("vi"):
        assert format_days(value) == vi
    with translation.override("en"):
        assert format_days(value) == en


def test_rounding_is_half_up_like_the_editor_script():
    # Math.round(n * 100) / 100 in static/js/processes.js: "1 giờ" (0.125 day) is 0,13 while typing and after.
    assert round_days(0.125) == 0.13 and round_days(0.375) == 0.38  # 1 and 3 hours
    assert step_days_total([{"time": "1 giờ"}]) == 0.13
    assert step_days_total([{"time": "0,5 ngày"}, {"time": "10 ngày"}, {"time": "1,5 ngày"}]) == 12


@pytest.mark.django_db
def test_the_editor_after_saving_shows_the_previews_warning(world, client):
    document = make_document(world)
    draft = make_draft(world, document)
    client.force_login(world.coordinator)
    preview = client.post(reverse("processes:revision_import", kwargs={"pk": document.pk}),
                          {"file": SimpleUploadedFile("QT-05.docx", procedure("bold"))}).content.decode()
    assert warning_of(preview) == WARNING

    # The drafter saves the same times by hand: 0,5 + 10 + 1,5 = 12 days against 5.
    response = client.post(reverse("processes:revision_edit", kwargs={"pk": draft.pk}), {
        "title": document.title, "purpose": "Mục đích", "processing_time_days": "5",
        "steps__step": ["B1", "B2", "B3"], "steps__responsibility": ["Một cửa", "Phòng QLĐT", "Lãnh đạo"],
        "steps__description": ["Tiếp nhận", "Thẩm định", "Ký"], "steps__time": ["0,5 ngày", "10 ngày", "1,5 ngày"],
        "steps__forms": ["", "", ""],
    }, follow=True)
    assert response.redirect_chain[-1][0] == reverse("processes:revision_edit", kwargs={"pk": draft.pk})
    editor = response.content.decode()
    assert warning_of(editor) == WARNING
    assert "Tổng thời gian các bước: 12 ngày." in editor
    assert "12,0" not in editor

    revision_page = client.get(reverse("processes:revision_detail", kwargs={"pk": draft.pk})).content.decode()
    assert warning_of(revision_page) == WARNING and "12,0" not in revision_page


@pytest.mark.django_db
def test_the_editor_without_a_mismatch_keeps_the_warning_hidden_for_its_script(world, client):
    draft = make_draft(world, make_document(world), processing_time_days=15)  # helpers' steps: 0,5 + 10 + 4,5
    client.force_login(world.coordinator)
    editor = client.get(reverse("processes:revision_edit", kwargs={"pk": draft.pk})).content.decode()
    assert re.search(r'data-testid="time-warning" data-time-warning data-decimal="," data-warning-text="[^"]*\{a\}'
                     r'[^"]*" hidden></p>', editor)
    assert "Lưu ý: tổng thời gian" not in editor.split('data-warning-text="')[0]
