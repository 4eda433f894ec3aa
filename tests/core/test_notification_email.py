"""The e-mail a notification sends (issue 14, item 7): a plain-text and an HTML part, in each recipient's
language, saying what is asked, of whom, by when and about which record, with one absolute link on SITE_URL
and a footer saying why this person got it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import translation

from audits.capa import jobs as capa_jobs
from processes.documents import services
from qms.core import mail as notification_mail
from qms.core.notify import notify
from tests.audits.capa.helpers import nc_at
from tests.core.test_notification_messages import has_vietnamese_letters
from tests.processes.documents.helpers import make_document, make_draft

SITE = "http://qms.test:8123"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def parts(message):
    (html, mimetype), = message.alternatives
    assert mimetype == "text/html"
    return message.body, html


def test_a_review_request_mails_each_reviewer_in_their_own_language(world, django_capture_on_commit_callbacks):
    world.auditor.language = "en"
    world.auditor.save()
    revision = make_draft(world, make_document(world, code="QT-07", title="Tiếp nhận hồ sơ một cửa"))
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        services.revision_submit(revision=revision, user=world.coordinator, reviewers=[world.reviewer, world.auditor],
                                 approver=world.head)
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipient) == {(world.reviewer.email,), (world.auditor.email,)}  # one each, nobody sees the other
    link = f"{SITE}/tai-lieu/ban-hanh/{revision.pk}/"

    vi = by_recipient[(world.reviewer.email,)]
    assert vi.subject == "[QMS] Xem xét tài liệu QT-07 – Lần ban hành 01: Tiếp nhận hồ sơ một cửa"
    text, html = parts(vi)
    for part in (text, html):
        assert "Trần Văn Xem Xét" in part  # of whom
        assert "Việc cần anh/chị làm:" in part  # what is asked
        assert "QT-07" in part and "Tiếp nhận hồ sơ một cửa" in part and "01" in part  # about which
        assert link in part
        assert ("với vai trò Người xem xét (trưởng phòng) / Cán bộ, công chức của UBND Quận Thử Nghiệm"
                in part)  # why
    assert html.count(f'href="{link}"') == 1  # one button-link

    en = by_recipient[(world.auditor.email,)]
    assert en.subject == "[QMS] Review document QT-07 – issue 01: Tiếp nhận hồ sơ một cửa"
    text, html = parts(en)
    for part in (text, html):
        assert "Dear Vũ Thị Đánh Giá," in part and "Asked of you:" in part and link in part
        assert "You receive this because the task above is assigned to you, as Internal auditor" in part
        # Nothing Vietnamese but the proper names (the person, the document, the agency).
        rest = part
        for name in ("Vũ Thị Đánh Giá", "Tiếp nhận hồ sơ một cửa", "UBND Quận Thử Nghiệm"):
            rest = rest.replace(name, "")
        assert not has_vietnamese_letters(rest), rest


def test_the_html_part_loads_nothing_from_outside(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.staff], "documents.acknowledge", "/tai-lieu/ban-hanh/3/", task=None,
               params={"code": "QT-01", "title": "Tiếp dân", "issue": "02"})
    _text, html = parts(mail.outbox[0])
    assert "<style" not in html and "<link" not in html and "src=" not in html  # inline CSS, no assets
    assert set(re.findall(r'href="([^"]+)"', html)) == {f"{SITE}/tai-lieu/ban-hanh/3/"}


def test_an_action_reminder_says_by_when_and_that_it_is_information_or_a_task(
        world, django_capture_on_commit_callbacks):
    nc = nc_at(world, "actions_planned", owners=("author",))
    action = nc.actions.get()
    world.author.language = "en"
    world.author.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        capa_jobs.remind_actions(today=action.due_date - timedelta(days=1))
    (message,) = [m for m in mail.outbox if world.author.email in m.to]
    text, html = parts(message)
    due = action.due_date.strftime("%d/%m/%Y")
    assert nc.reference in message.subject
    assert f"Due: {due}" in text and due in html
    assert f"Code: {nc.reference}" in text
    assert f"{SITE}{action.get_absolute_url()}" in text

    # Information (an NC closed) is said to be for information, with a button to view it.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.staff], "capa.closed", nc.get_absolute_url(), task=None, params={"code": nc.reference})
    text, _html = parts(mail.outbox[0])
    assert "Để anh/chị biết:" in text and "Xem chi tiết" in text
    assert "Anh/chị nhận thư này để biết, với vai trò Cán bộ, công chức của UBND Quận Thử Nghiệm." in text


def test_the_email_is_written_in_the_language_the_recipient_has_when_it_is_sent(
        world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        notify([world.staff], "feedback.new", "/phan-anh/1/", task=None, params={"code": "PA-2026-0001"})
    world.staff.language = "en"  # switched before the transaction committed
    world.staff.save()
    for callback in callbacks:
        callback()
    assert mail.outbox[0].subject == "[QMS] New citizen feedback PA-2026-0001"


def test_a_mail_server_that_refuses_leaves_the_notification_in_place(world, monkeypatch,
                                                                    django_capture_on_commit_callbacks):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(notification_mail, "get_connection", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.staff], "feedback.new", "/phan-anh/1/", task=None, params={"code": "PA-2026-0002"})
    assert mail.outbox == []
    assert world.staff.notifications.filter(key="feedback.new", read_at__isnull=True).exists()


def test_people_without_an_address_get_the_notification_only(world, django_capture_on_commit_callbacks):
    world.staff.email = ""
    world.staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        made = notify([world.staff], "feedback.new", "/phan-anh/1/", task=None, params={"code": "PA-1"})
    assert len(made) == 1 and mail.outbox == []
