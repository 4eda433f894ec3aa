"""Answering the checklist (AUD-3) without losing what was typed (issue 13, item 2).

Each question used to be its own form: saving one reloaded the page and dropped what had been typed
into the others. Now the checklist is one form: "Lưu câu hỏi N" saves that question (in place with
htmx; without script the page comes back with every other typed answer kept), "Lưu tất cả" saves
every changed question in one post, all or nothing. What a colleague saved meanwhile is never
overwritten by values this page only displayed.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.internal import services as svc
from audits.internal.models import ChecklistItem
from tests.audits.internal.helpers import audit, auditor

pytestmark = pytest.mark.django_db
FIELDS = ("clause", "question", "answer", "evidence")


def _checklist(world, n=3, **kwargs):
    a = audit(world, status="in_progress", **kwargs)
    items = [svc.checklist_add_item(audit=a, user=world.auditor, clause="4.2.3", question=f"Câu hỏi số {i + 1}?")
             for i in range(n)]
    return a, items


def _as_rendered(items):
    """What the page sends back untouched: each field's value and the value it was drawn with."""
    data = {}
    for item in items:
        item.refresh_from_db()
        for name in FIELDS:
            data[f"i{item.pk}-{name}"] = data[f"initial-i{item.pk}-{name}"] = getattr(item, name)
    return data


def _typed(data, item, **values):
    for name, value in values.items():
        data[f"i{item.pk}-{name}"] = value
    return data


def _save(client, a, data, target="all", **extra):
    return client.post(reverse("audits:checklist_save", kwargs={"pk": a.pk}), {**data, "save": str(target)}, **extra)


def _section(body, item):
    match = re.search(rf'<section[^>]*id="item-{item.pk}".*?</section>', body, re.S)
    assert match, f"question {item.order} is on the page"
    return match.group(0)


def test_page_is_one_form_with_a_save_per_question_a_save_all_and_the_leave_warning(world, login):
    a, items = _checklist(world)
    body = login(world.auditor).get(reverse("audits:checklist", kwargs={"pk": a.pk})).content.decode()
    save_url = reverse("audits:checklist_save", kwargs={"pk": a.pk})
    forms = re.findall(r'<form[^>]*data-checklist[^>]*>', body)
    assert len(forms) == 1 and f'action="{save_url}"' in forms[0]
    assert 'data-unsaved-warning="Có câu trả lời chưa lưu' in forms[0]
    for item in items:
        button = re.search(rf'<button[^>]*value="{item.pk}"[^>]*>', _section(body, item)).group(0)
        assert f'hx-post="{save_url}"' in button and f'hx-target="#item-{item.pk}"' in button
    assert re.search(r'<button[^>]*name="save" value="all"', body)
    assert '<script src="/static/js/checklist.js" defer></script>' in body


def test_warning_text_follows_the_users_language(world, login):
    a, _items = _checklist(world)
    world.auditor.language = "en"
    world.auditor.save()
    body = login(world.auditor).get(reverse("audits:checklist", kwargs={"pk": a.pk})).content.decode()
    assert 'data-unsaved-warning="Some answers are not saved yet' in body


def test_saving_one_question_without_script_keeps_what_was_typed_in_the_others(world, login):
    a, (q1, q2, q3) = _checklist(world)
    data = _typed(_as_rendered([q1, q2, q3]), q1, answer="conform", evidence="Quầy 1 dùng QT-05 lần 02.")
    _typed(data, q2, answer="nonconform", evidence="Quầy 3 dùng bản in QT-05 lần 01.")
    response = _save(login(world.auditor), a, data, target=q1.pk)
    assert response.status_code == 200
    q1.refresh_from_db(), q2.refresh_from_db()
    assert q1.answer == "conform" and q2.answer == ""  # only the one asked for is saved
    body = response.content.decode()
    assert "Đã lưu câu hỏi 1." in body
    second = _section(body, q2)
    assert "Quầy 3 dùng bản in QT-05 lần 01." in second  # still there, marked unsaved
    assert re.search(r'value="nonconform"[^>]*checked', second) and "data-unsaved" in second
    assert "data-unsaved" not in _section(body, q1) and "data-unsaved" not in _section(body, q3)


def test_saving_one_question_with_nothing_else_typed_goes_back_to_it(world, login):
    a, (q1, q2, q3) = _checklist(world)
    data = _typed(_as_rendered([q1, q2, q3]), q2, answer="observation", evidence="Bảng niêm yết khuất.")
    response = _save(login(world.auditor), a, data, target=q2.pk)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/cau-hoi/#item-{q2.pk}")
    q2.refresh_from_db()
    assert (q2.answer, q2.evidence, q2.answered_by) == ("observation", "Bảng niêm yết khuất.", world.auditor)


def test_twelve_questions_are_answered_in_one_post(world, login):
    a, items = _checklist(world, n=12)
    untouched = items[11]
    history_before = untouched.history.count()
    data = _as_rendered(items)
    for n, item in enumerate(items[:11], start=1):
        _typed(data, item, answer="conform", evidence=f"Đã xem hồ sơ số {n}.")
    response = _save(login(world.auditor), a, data)
    assert response.status_code == 302
    answered = dict(ChecklistItem.objects.filter(audit=a).values_list("pk", "evidence"))
    assert all(answered[item.pk] == f"Đã xem hồ sơ số {n}." for n, item in enumerate(items[:11], start=1))
    # A question nobody touched is not written again (no history row, no answer date).
    assert untouched.history.count() == history_before and answered[untouched.pk] == ""
    follow = login(world.auditor).get(response["Location"])
    assert "Đã trả lời 11/12" in follow.content.decode()


def test_one_bad_question_saves_nothing_and_its_error_stands_beside_it(world, login):
    a, (q1, q2, q3) = _checklist(world)
    data = _typed(_as_rendered([q1, q2, q3]), q1, answer="conform", evidence="Đúng lần ban hành.")
    _typed(data, q2, question="   ", evidence="Ghi chép của câu 2.")
    _typed(data, q3, answer="not_applicable")
    response = _save(login(world.auditor), a, data)
    assert response.status_code == 200
    assert not ChecklistItem.objects.filter(audit=a).exclude(answer="").exists()  # all or nothing
    body = response.content.decode()
    second = _section(body, q2)
    assert "errorlist" in second and "Ghi chép của câu 2." in second
    assert "Đúng lần ban hành." in _section(body, q1) and "errorlist" not in _section(body, q1)
    assert re.search(r'value="not_applicable"[^>]*checked', _section(body, q3))
    # The page says nothing was saved and lists the error at the top, linking to the field.
    assert "Chưa lưu câu hỏi nào" in body
    summary = re.search(r'<div class="error-summary".*?</div>', body, re.S).group(0)
    assert f'href="#id_i{q2.pk}-question"' in summary and "Câu hỏi 2" in summary


def test_htmx_save_answers_with_that_question_and_the_progress_only(world, login):
    a, (q1, q2, q3) = _checklist(world)
    data = _typed(_as_rendered([q1, q2, q3]), q1, answer="conform", evidence="Quầy 1 đúng.")
    _typed(data, q2, evidence="Đang gõ dở, chưa lưu.")
    response = _save(login(world.auditor), a, data, target=q1.pk, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and body.lstrip().startswith(f'<section class="card checklist-item" id="item-{q1.pk}"')
    assert "Đã trả lời 1/3" in body and 'hx-swap-oob="true"' in body
    assert "Đã lưu câu hỏi 1." in body
    assert f'id="item-{q2.pk}"' not in body  # the others stay as they are in the browser
    q1.refresh_from_db(), q2.refresh_from_db()
    assert q1.answer == "conform" and q2.evidence == ""


def test_htmx_save_with_an_error_returns_the_question_with_its_error_and_typed_text(world, login):
    a, (q1, q2, q3) = _checklist(world)
    data = _typed(_as_rendered([q1, q2, q3]), q1, question="", evidence="Ghi chép giữ lại.")
    response = _save(login(world.auditor), a, data, target=q1.pk, HTTP_HX_REQUEST="true")
    section = _section(response.content.decode(), q1)
    assert "errorlist" in section and "Ghi chép giữ lại." in section and "data-unsaved" in section
    q1.refresh_from_db()
    assert q1.question == "Câu hỏi số 1?" and q1.evidence == ""


def test_save_all_leaves_what_a_colleague_saved_meanwhile(world, login):
    colleague = auditor(world)  # Văn phòng: independent of the desk
    a, (q1, q2, q3) = _checklist(world, team=[colleague])
    data = _as_rendered([q1, q2, q3])  # the lead opens the page
    svc.checklist_answer(item=q2, user=colleague, answer="nonconform", evidence="Thiếu sổ theo dõi.")
    _typed(data, q1, answer="conform", evidence="Đúng.")
    response = _save(login(world.auditor), a, data)
    assert response.status_code == 302
    q1.refresh_from_db(), q2.refresh_from_db()
    assert q1.answer == "conform"
    assert (q2.answer, q2.evidence, q2.answered_by) == ("nonconform", "Thiếu sổ theo dõi.", colleague)


def test_a_question_both_changed_is_refused_until_reviewed_then_saved(world, login):
    colleague = auditor(world)
    a, (q1, q2, q3) = _checklist(world, team=[colleague])
    data = _as_rendered([q1, q2, q3])
    svc.checklist_answer(item=q2, user=colleague, answer="nonconform", evidence="Thiếu sổ theo dõi.")
    _typed(data, q2, answer="conform", evidence="Sổ có đủ.")
    client = login(world.auditor)
    response = _save(client, a, data)
    assert response.status_code == 200
    q2.refresh_from_db()
    assert q2.answer == "nonconform"
    second = _section(response.content.decode(), q2)
    assert "vừa được lưu" in second and "Sổ có đủ." in second
    # The page now carries what is saved as what was seen: saving again (after reading) goes through.
    seen = re.search(rf'name="initial-i{q2.pk}-answer" value="([^"]*)"', second).group(1)
    assert seen == "nonconform"
    data[f"initial-i{q2.pk}-answer"], data[f"initial-i{q2.pk}-evidence"] = "nonconform", "Thiếu sổ theo dõi."
    assert _save(client, a, data).status_code == 302
    q2.refresh_from_db()
    assert (q2.answer, q2.evidence) == ("conform", "Sổ có đủ.")


def test_only_the_audit_team_and_managers_save(world, login):
    a, items = _checklist(world)
    data = _typed(_as_rendered(items), items[0], answer="conform")
    assert _save(login(world.staff), a, data).status_code == 403
    assert _save(login(world.reviewer), a, data).status_code == 403
    assert _save(login(world.outsider), a, data).status_code == 404
    assert not ChecklistItem.objects.exclude(answer="").exists()


def test_after_the_report_saving_is_refused_with_the_reason(world, login):
    a, items = _checklist(world)
    data = _typed(_as_rendered(items), items[0], answer="conform")
    svc.audit_issue_report(audit=a, user=world.auditor, summary="Tóm tắt", conclusion="Kết luận", confirm_unanswered=True)
    response = _save(login(world.auditor), a, data, follow=True)
    assert "không sửa được sau khi đã phát hành báo cáo" in response.content.decode()
    assert not ChecklistItem.objects.exclude(answer="").exists()


def test_unknown_question_is_refused_with_a_message(world, login):
    a, items = _checklist(world)
    other, other_items = _checklist(world, title="Cuộc khác", month=4)
    data = _typed(_as_rendered(items), items[0], answer="conform")
    response = _save(login(world.auditor), a, data, target=other_items[0].pk, follow=True)
    assert "Không tìm thấy câu hỏi này trong danh mục." in response.content.decode()
    assert not ChecklistItem.objects.exclude(answer="").exists()


def _page_queries(client, a):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("audits:checklist", kwargs={"pk": a.pk})).status_code == 200
    return len(ctx.captured_queries)


def test_checklist_page_query_count_does_not_grow_with_questions(world, login):
    a, _items = _checklist(world, n=3)
    client = login(world.auditor)
    small = _page_queries(client, a)
    for i in range(9):
        svc.checklist_add_item(audit=a, user=world.auditor, question=f"Thêm {i}?")
    assert _page_queries(client, a) == small
