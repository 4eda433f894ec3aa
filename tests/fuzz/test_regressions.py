"""Cases hypothesis found once, kept as plain tests."""

from django.urls import reverse

from audits.internal import services as audit_services
from audits.internal.models import Audit, AuditProgramme, ChecklistItem
from qms.core.models import User
from tests.audits.internal import helpers as audit_helpers


def test_anonymous_login_with_a_300_character_username_is_refused_with_a_message(db, client):
    # Found on PostgreSQL: django-axes stored the name in a varchar(255) and the login answered 500.
    response = client.post(reverse("login"), {"username": "Ệ" * 300, "password": "x"})

    assert response.status_code == 200
    assert "150" in response.content.decode()  # "at most 150 characters", in the user's language
    assert not User.objects.exists()


# --- Internal audits (found by tests/fuzz/audits_programme.py and audits_programme_checks.py) -------------------


def _audit_plan(**extra):
    return {"title": "Đánh giá Bộ phận một cửa", "audit_type": "internal", "planned_month": "3", **extra}


def test_nul_byte_in_an_audit_form_is_refused_in_vietnamese(world, client):
    # Django's own Vietnamese catalog leaves "Null characters are not allowed." untranslated: the refusal
    # came in English until locale/vi supplied it (compiled by bin/setup).
    client.force_login(world.coordinator)

    response = client.post(reverse("audits:programme_create"), {"year": "2026", "title": "Chương\x00trình"})

    assert response.status_code == 200
    assert "Không được chứa ký tự rỗng" in response.content.decode()
    assert not AuditProgramme.objects.exists()


def test_programme_year_outside_2000_2100_is_refused_with_the_bounds_in_vietnamese(world, client):
    # The year reached the table's CHECK constraint, whose message was its internal name, in English:
    # "Constraint “audit_programme_year_sane” is violated."
    client.force_login(world.coordinator)

    response = client.post(reverse("audits:programme_create"), {"year": "1999", "title": "Chương trình 1999"})

    text = response.content.decode()
    assert response.status_code == 200
    assert "Đảm bảo giá trị này lớn hơn hoặc bằng với 2000" in text and "Constraint" not in text
    assert not AuditProgramme.objects.exists()


def test_audit_scope_id_beyond_the_integer_range_is_an_unknown_choice_not_a_500(world, client):
    # Django checks the chosen ids with one pk__in query, which SQLite refused with OverflowError (a 500).
    audit = audit_helpers.audit(world)
    client.force_login(world.coordinator)

    response = client.post(reverse("audits:audit_edit", kwargs={"pk": audit.pk}),
                           _audit_plan(departments=world.departments["desk"].pk, criteria_documents="9" * 30))

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert list(audit.criteria_documents.all()) == []


def test_audit_title_that_outgrows_its_column_under_nfc_is_refused(world, client):
    # U+0958 is one code point typed and two once normalised: the form counted 128 (under 255) and the title
    # stored was 256 characters long, which PostgreSQL refused (a 500); SQLite kept it.
    programme = audit_helpers.programme(world)
    client.force_login(world.coordinator)

    response = client.post(reverse("audits:audit_create", kwargs={"pk": programme.pk}), _audit_plan(title="\u0958" * 128))

    assert response.status_code == 200
    assert "255" in response.content.decode()
    assert not Audit.objects.exists()


def test_checklist_clause_that_outgrows_20_characters_is_refused_with_its_reason_not_cut(world, client):
    # The clause passed the form raw (11 code points), became 21 under NFC and was cut to 20 without a word;
    # and the refusal of an invalid clause said "Cần nhập câu hỏi." (type a question) whatever was wrong.
    audit = audit_helpers.audit(world)
    client.force_login(world.auditor)

    response = client.post(reverse("audits:checklist_item_add", kwargs={"pk": audit.pk}),
                           {"clause": "0" + "\u0958" * 10, "question": "Hồ sơ có được lưu đúng nơi?"}, follow=True)

    text = response.content.decode()
    assert "Điều khoản" in text and "20" in text and "Cần nhập câu hỏi" not in text
    assert not ChecklistItem.objects.exists()


def test_criteria_clauses_too_long_once_tidied_are_refused(world, client):
    # 85 clauses typed "00,01,…" fit the 255-character field (254); stored as "00, 01, …" they are 338,
    # which PostgreSQL refused (a 500).
    programme = audit_helpers.programme(world)
    client.force_login(world.coordinator)
    clauses = ",".join("%02d" % i for i in range(85))

    response = client.post(reverse("audits:audit_create", kwargs={"pk": programme.pk}),
                           _audit_plan(criteria_clauses=clauses))

    assert response.status_code == 200
    assert "Danh sách điều khoản quá dài" in response.content.decode()
    assert not Audit.objects.exists()


def test_audit_reopen_with_a_reason_of_nul_bytes_is_refused_and_the_audit_stays_reported(world, client):
    # The reason was read raw from the POST: "\x00" passed the "reason required" check and was stored empty.
    audit = audit_helpers.audit(world, status="reported")
    client.force_login(world.auditor)

    response = client.post(reverse("audits:audit_reopen", kwargs={"pk": audit.pk}), {"reason": "\x00"}, follow=True)

    assert "Không được chứa ký tự rỗng" in response.content.decode()
    audit.refresh_from_db()
    assert audit.status == Audit.Status.REPORTED and audit.reopen_reason == ""


def test_invalid_checklist_submit_after_the_report_is_issued_says_so_instead_of_a_500(world, client):
    # The invalid-form branches checked the right to edit with the service's helper, whose "report issued"
    # ValidationError went uncaught: a 500 for an empty question, template or answer once the report was out.
    audit = audit_helpers.audit(world, status="in_progress")
    item = audit_services.checklist_add_item(audit=audit, user=world.auditor, question="Hồ sơ có được lưu?")
    audit_services.audit_issue_report(audit=audit, user=world.auditor, summary="Tóm tắt", conclusion="Kết luận",
                                      confirm_unanswered=True)
    client.force_login(world.auditor)
    closed = "Danh mục câu hỏi không sửa được sau khi đã phát hành báo cáo."

    for url, data in [
        (reverse("audits:checklist_item_add", kwargs={"pk": audit.pk}), {"question": ""}),
        (reverse("audits:checklist_apply_template", kwargs={"pk": audit.pk}), {"template": "x"}),
        (reverse("audits:checklist_item_edit", kwargs={"pk": item.pk}), {f"i{item.pk}-question": ""}),
    ]:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, url
        assert closed in response.content.decode(), url
    assert ChecklistItem.objects.filter(audit=audit).count() == 1


def test_document_title_that_outgrows_its_column_under_nfc_is_refused(world, client):
    # The processes forms normalised after validating, like the audit forms did (same fix, shared NfcInput).
    from processes.documents.models import Document

    client.force_login(world.coordinator)
    response = client.post(reverse("processes:document_create"), {
        "code": "QT-99", "title": "\u0958" * 128, "doc_type": "procedure", "review_interval_months": "12",
    })

    assert response.status_code == 200
    assert "255" in response.content.decode()
    assert not Document.objects.filter(code="QT-99").exists()


def test_a_superscript_digit_as_reviewer_id_is_an_unknown_choice_not_a_500(world, client):
    # "²".isdigit() is True but int("²") fails: the range guard used isdigit and crashed before Django's check.
    from tests.processes.documents.helpers import make_document, make_draft

    draft = make_draft(world, make_document(world), author=world.author)
    client.force_login(world.author)

    response = client.post(reverse("processes:revision_submit", kwargs={"pk": draft.pk}),
                           {"reviewers": ["²"], "approver": world.head.pk, "change_summary": "Sửa mục 5"})

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


# --- Document control: Word import (found by tests/fuzz/processes.py, processes:revision_import) ----------------


def _import(world, client, content, name="QT-05.docx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.matrix.processes import build

    build(world)
    client.force_login(world.author)
    url = reverse("processes:revision_import", kwargs={"pk": world.objects["document"].pk})
    return client.post(url, {"file": SimpleUploadedFile(name, content)} if content is not None else {})


def _draft_unchanged(world):
    from processes.documents.models import Revision

    draft = Revision.objects.get(pk=world.objects["draft"].pk)
    return draft.fee == "" and draft.purpose == "Quy định trình tự cấp giấy phép xây dựng."


def test_word_fee_section_longer_than_its_column_is_refused_in_vietnamese(world, client):
    # "5.6 Lệ phí" is a varchar(255): a longer section in the Word file was a 500 on PostgreSQL (and stored
    # over-long on SQLite).
    from tests.fuzz.processes import word_with

    response = _import(world, client, word_with("Mục đích mới", "Phạm vi mới", "A" * 256))

    assert response.status_code == 200
    assert "quá giới hạn 255 ký tự" in response.content.decode()
    assert _draft_unchanged(world)


def test_word_file_that_inflates_to_megabytes_of_text_is_refused_before_it_is_read(world, client):
    # 56 KB of zip inflating to 20 MB of XML kept the server converting for seconds and stored 20 MB of
    # HTML; a real zip bomb (gigabytes) would exhaust the memory.
    from tests.fuzz.processes import _bomb

    response = _import(world, client, _bomb())

    assert response.status_code == 200
    assert "giải nén ra quá lớn" in response.content.decode()
    assert _draft_unchanged(world)


def test_word_import_posted_without_a_file_asks_for_one(world, client):
    # The form was bound only when the POST carried data, so an empty POST (or a file whose name the parser
    # drops) came back as the blank form, without a reason.
    response = _import(world, client, None)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert _draft_unchanged(world)
