"""Notifications are a message key with parameters, read in the reader's language (issue 14, item 3).

Every registered message renders in Vietnamese and in English with the same parameters; a notification made
while someone works in Vietnamese reads in English for a person who chose English, on My work; rows stored
before keys existed ("legacy") keep showing their sentence (the migration itself: tests/test_data_migrations.py);
a call site that forgets a parameter fails there.
"""

import re
import unicodedata

import pytest
from django.utils import translation

from qms.core import messages, subjects
from qms.core.models import Notification
from qms.core.notify import notify

VIETNAMESE = re.compile(r"[đĐ]")  # and any letter carrying a diacritic, tested below


def has_vietnamese_letters(text):
    decomposed = unicodedata.normalize("NFD", text)
    return bool(VIETNAMESE.search(text)) or any(unicodedata.combining(c) for c in decomposed)


def sample(name):
    # Plain values of the kinds call sites store; ASCII so that any diacritic in English comes from the catalog.
    return {"due": "2026-03-09", "n": 3, "copy": 2, "issue": "02"}.get(name, f"X-{name.upper()}")


def test_every_registered_message_renders_in_vietnamese_and_english():
    registered = subjects.registered_messages()
    # Every subject that notifies registered its messages (one from each).
    prefixes = {key.split(".")[0] for key in registered}
    assert prefixes == {"documents", "copies", "capa", "internal", "feedback", "review", "cases"}
    for key, message in registered.items():
        names = message.placeholders()
        params = {name: sample(name) for name in names}
        vi = messages.render(key, params, language="vi")
        en = messages.render(key, params, language="en")
        for text in (vi, en):
            assert text and "%(" not in text, (key, text)
            # Every parameter shows (an English msgstr that dropped one would lose what it is about).
            for name in names - {"due", "copy", "n"}:
                assert params[name] in text, (key, name, text)
        if "due" in names:
            assert "09/03/2026" in vi and "09/03/2026" in en, key  # the ISO date in the reader's format
        with translation.override("en"):
            translated = str(message.text)
        assert set(messages.PLACEHOLDER.findall(translated)) == names, key
        assert en != vi, f"{key} has no English translation"
        assert not has_vietnamese_letters(en), (key, en)


def test_a_notification_reads_in_the_language_of_whoever_reads_it(world, login):
    world.staff.language = "en"
    world.staff.save()
    with translation.override("vi"):  # the coordinator who causes it works in Vietnamese
        (for_staff,) = notify([world.staff], "capa.action_assigned", "/khong-phu-hop/1/", task=None,
                              params={"code": "NC-2026-007", "title": "Sổ tiếp dân ghi thiếu", "due": "2026-05-04"})
        (for_author,) = notify([world.author], "capa.action_assigned", "/khong-phu-hop/1/", task=None,
                               params={"code": "NC-2026-007", "title": "Sổ tiếp dân ghi thiếu", "due": "2026-05-04"})
    assert for_staff.text == "NC-2026-007: an action is assigned to you, due 04/05/2026"  # as the e-mail said
    assert for_author.text == "NC-2026-007: bạn được giao hành động, hạn 04/05/2026"

    page = login(world.staff).get("/viec-cua-toi/").content.decode()
    assert "NC-2026-007: an action is assigned to you, due 04/05/2026" in page
    assert "bạn được giao hành động" not in page
    # The same row reads in Vietnamese once its reader switches back: nothing translated is stored for display.
    world.staff.language = "vi"
    world.staff.save()
    page = login(world.staff).get("/viec-cua-toi/").content.decode()
    assert "NC-2026-007: bạn được giao hành động, hạn 04/05/2026" in page


def test_legacy_rows_and_unrenderable_ones_show_their_stored_sentence(world):
    legacy = Notification.objects.create(user=world.staff, text="Tài liệu QT-01 chờ phê duyệt")
    assert legacy.key == messages.LEGACY
    with translation.override("en"):
        assert legacy.title == "Tài liệu QT-01 chờ phê duyệt"
    # A message whose parameters no longer match (a later change of wording) falls back, never a 500.
    broken = Notification.objects.create(user=world.staff, key="documents.review", params={"code": "QT-01"},
                                         text="Xem xét tài liệu QT-01")
    assert broken.title == "Xem xét tài liệu QT-01"


def test_a_call_site_missing_a_parameter_or_storing_an_object_fails_at_once(world):
    with pytest.raises(KeyError, match="issue"):
        notify([world.staff], "documents.review", "/", params={"code": "QT-01", "title": "T"}, task=None)
    with pytest.raises(TypeError, match="ISO"):
        notify([world.staff], "capa.check_due", "/", params={"code": "NC-1", "due": world.agency}, task=None)
    with pytest.raises(LookupError):
        notify([world.staff], "Một câu đã dịch sẵn", "/", task=None)
    assert not world.staff.notifications.exists()
