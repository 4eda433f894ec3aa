"""Revision states and their guards (DOC-2, DOC-5, DOC-6)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core import mail
from django.utils import timezone

from processes.documents import services
from processes.documents.models import Acknowledgement, DistributionEntry, Revision, Signature
from qms.core.models import Notification
from tests.factories import PASSWORD
from tests.processes.documents.helpers import STEPS, approve, effective_revision, make_document, make_draft, submit, tomorrow

S = Revision.Status
pytestmark = pytest.mark.django_db


def test_coordinator_new_draft_copies_the_effective_revision(world):
    document = make_document(world)
    first = effective_revision(world, document)
    draft = services.revision_create_draft(document=document, user=world.coordinator)
    assert draft.issue_number == 2 and draft.status == S.DRAFT
    assert draft.steps == first.steps and draft.purpose == first.purpose


def test_second_draft_while_one_is_open_is_refused(world):
    document = make_document(world)
    make_draft(world, document)
    with pytest.raises(ValidationError):
        services.revision_create_draft(document=document, user=world.coordinator)


def test_staff_cannot_start_a_revision(world):
    document = make_document(world)
    with pytest.raises(PermissionDenied):
        services.revision_create_draft(document=document, user=world.staff)


def test_cancelled_draft_gives_back_its_issue_number(world):
    document = make_document(world)
    draft = make_draft(world, document)
    services.revision_cancel(revision=draft, user=world.coordinator)
    again = services.revision_create_draft(document=document, user=world.coordinator)
    assert again.issue_number == 1


def test_submit_requires_change_summary_from_issue_two(world):
    document = make_document(world)
    effective_revision(world, document)
    draft = make_draft(world, document)
    with pytest.raises(ValidationError) as error:
        submit(world, draft, summary="  ")
    assert "change_summary" in error.value.message_dict
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.review_round == 0


def test_submit_requires_reviewer_and_approver(world):
    draft = make_draft(world, make_document(world))
    with pytest.raises(ValidationError) as error:
        services.revision_submit(revision=draft, user=world.coordinator, reviewers=[], approver=None)
    assert {"reviewers", "approver"} <= set(error.value.message_dict)


def test_author_cannot_name_themselves_approver(world):
    draft = make_draft(world, make_document(world), author=world.head)
    with pytest.raises(ValidationError) as error:
        services.revision_submit(revision=draft, user=world.head, reviewers=[world.reviewer], approver=world.head)
    assert "approver" in error.value.message_dict


def test_submit_notifies_reviewers(world):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    assert Notification.objects.filter(user=world.reviewer).exists()
    assert not Notification.objects.filter(user=world.head).exists()


def test_approving_before_reviewers_signed_is_refused(world):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    with pytest.raises(ValidationError):
        services.revision_approve(revision=draft, user=world.head, password=PASSWORD)
    draft.refresh_from_db()
    assert draft.status == S.IN_REVIEW and not draft.signatures.exists()


def test_wrong_password_saves_no_signature(world):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    with pytest.raises(ValidationError) as error:
        services.revision_sign(revision=draft, user=world.reviewer, password="sai-mat-khau", meaning="reviewed")
    assert "password" in error.value.message_dict
    assert not Signature.objects.exists()


def test_unassigned_person_cannot_sign(world):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    with pytest.raises(PermissionDenied):
        services.revision_sign(revision=draft, user=world.mgmt_rep, password=PASSWORD, meaning="reviewed")


def test_review_signature_notifies_approver_and_records_hash(world):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    services.revision_sign(revision=draft, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    signature = Signature.objects.get()
    draft.refresh_from_db()
    assert signature.content_hash == draft.content_hash == draft.compute_hash()
    assert signature.printed_name == world.reviewer.full_name and signature.printed_title == world.reviewer.title
    assert signature.signed_at.utcoffset() == datetime.timedelta(0)
    assert Notification.objects.filter(user=world.head).exists()


def test_approval_today_makes_effective_and_supersedes_previous(world):
    document = make_document(world)
    first = effective_revision(world, document)
    DistributionEntry.objects.create(document=document, agency=world.agency, department=world.departments["desk"])
    second = make_draft(world, document)
    submit(world, second)
    approve(world, second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.SUPERSEDED, S.EFFECTIVE)
    assert second.effective_date == timezone.localdate()
    assert Acknowledgement.objects.filter(revision=second, user=world.staff, acknowledged_at__isnull=True).exists()


def test_approval_with_future_date_waits_then_job_activates(world):
    document = make_document(world)
    first = effective_revision(world, document)
    second = make_draft(world, document)
    submit(world, second)
    approve(world, second, effective_date=tomorrow())
    second.refresh_from_db()
    assert second.status == S.APPROVED
    assert services.activate_due_revisions(timezone.localdate()) == []
    activated = services.activate_due_revisions(tomorrow())
    assert [r.pk for r in activated] == [second.pk]
    first.refresh_from_db()
    assert first.status == S.SUPERSEDED


def test_effective_date_in_the_past_is_refused(world):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    services.revision_sign(revision=draft, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    with pytest.raises(ValidationError) as error:
        services.revision_approve(revision=draft, user=world.head, password=PASSWORD,
                                  effective_date=timezone.localdate() - datetime.timedelta(days=1))
    assert "effective_date" in error.value.message_dict
    draft.refresh_from_db()
    assert draft.status == S.IN_REVIEW and draft.signatures.count() == 1


def test_reject_needs_comment_and_returns_to_draft(world):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    with pytest.raises(ValidationError):
        services.revision_reject(revision=draft, user=world.reviewer, comment=" ")
    services.revision_reject(revision=draft, user=world.reviewer, comment="Bước 2 thiếu thời gian", section="steps")
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert draft.comments.get().is_rejection
    assert Notification.objects.filter(user=world.coordinator, text__contains="trả lại").exists()


def test_resubmission_needs_fresh_signatures(world):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    services.revision_sign(revision=draft, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    services.revision_reject(revision=draft, user=world.head, comment="Làm rõ mục 2")
    submit(world, draft)
    with pytest.raises(ValidationError):
        services.revision_approve(revision=draft, user=world.head, password=PASSWORD)


def test_acknowledge_only_effective_and_only_once(world):
    document = make_document(world)
    draft = make_draft(world, document)
    with pytest.raises(ValidationError):
        services.acknowledge(revision=draft, user=world.staff)
    submit(world, draft)
    approve(world, draft)
    first = services.acknowledge(revision=draft, user=world.staff)
    second = services.acknowledge(revision=draft, user=world.staff)
    assert first.pk == second.pk and second.acknowledged_at == first.acknowledged_at
    assert draft.acknowledgements.filter(user=world.staff).count() == 1
    # Read without being asked: recorded, but the rate counts only the people the distribution list asked.
    assert services.acknowledgement_rate(draft) == (0, 0)


def test_acknowledgement_rate_counts_the_people_asked(world):
    from processes.documents.models import DistributionEntry

    document = make_document(world)
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.staff)
    draft = make_draft(world, document)
    submit(world, draft)
    approve(world, draft)
    draft.refresh_from_db()
    assert draft.status == "effective"
    assert services.acknowledgement_rate(draft) == (0, 1)
    services.acknowledge(revision=draft, user=world.staff)
    services.acknowledge(revision=draft, user=world.auditor)  # not asked: does not inflate the rate
    assert services.acknowledgement_rate(draft) == (1, 1)


def test_change_request_on_a_withdrawn_document_is_refused(world):
    from django.utils import timezone

    document = make_document(world)
    document.withdrawn_at = timezone.now()
    document.save()
    with pytest.raises(ValidationError, match="đã hủy bỏ"):
        services.change_request_create(document=document, user=world.staff, reason="Sửa bước 3")


def test_outsider_cannot_acknowledge(world):
    revision = effective_revision(world, make_document(world))
    with pytest.raises(PermissionDenied):
        services.acknowledge(revision=revision, user=world.outsider)


def test_periodic_review_keep_resets_the_clock(world):
    document = make_document(world, review_interval_months=6)
    effective_revision(world, document)
    record, draft = services.periodic_review_record(document=document, user=world.coordinator, outcome="keep")
    document.refresh_from_db()
    assert draft is None
    assert document.next_review_due == services.add_months(timezone.localdate(), 6) == record.next_due


def test_periodic_review_revise_opens_a_draft(world):
    document = make_document(world)
    effective_revision(world, document)
    _record, draft = services.periodic_review_record(document=document, user=world.coordinator, outcome="revise")
    assert draft.status == S.DRAFT and draft.issue_number == 2


def test_periodic_review_withdraw_needs_reason_and_makes_obsolete(world):
    document = make_document(world)
    current = effective_revision(world, document)
    with pytest.raises(ValidationError):
        services.periodic_review_record(document=document, user=world.coordinator, outcome="withdraw")
    services.periodic_review_record(document=document, user=world.coordinator, outcome="withdraw",
                                    notes="Thủ tục đã bị bãi bỏ")
    current.refresh_from_db()
    document.refresh_from_db()
    assert current.status == S.OBSOLETE and document.withdrawn_at is not None


def test_change_request_accept_opens_linked_draft(world):
    document = make_document(world)
    effective_revision(world, document)
    cr = services.change_request_create(document=document, user=world.staff, reason="Thời gian bước 2 quá dài")
    assert Notification.objects.filter(user=world.coordinator).exists()
    cr, draft = services.change_request_accept(change_request=cr, user=world.coordinator)
    assert cr.status == "accepted" and draft.change_request_id == cr.pk
    with pytest.raises(ValidationError):
        services.change_request_decline(change_request=cr, user=world.coordinator, reason="x")


def test_change_request_decline_needs_reason(world):
    cr = services.change_request_create(document=make_document(world), user=world.staff, reason="Lỗi chính tả")
    with pytest.raises(ValidationError):
        services.change_request_decline(change_request=cr, user=world.coordinator, reason="")
    services.change_request_decline(change_request=cr, user=world.coordinator, reason="Đã đúng theo luật")
    cr.refresh_from_db()
    assert cr.status == "declined"


def test_content_is_sanitised_and_tables_cleaned(world):
    draft = make_draft(world, make_document(world), procedure_html='<p onclick="x()">A<script>alert(1)</script></p><img src=x>',
                       steps=STEPS + [{"step": "", "description": ""}, "rác"])
    assert draft.procedure_html == "<p>A</p>"
    assert len(draft.steps) == 3


def test_step_time_mismatch_is_a_warning(world):
    draft = make_draft(world, make_document(world), processing_time_days=20)
    assert draft.step_days_total == 15 and draft.time_mismatch
    draft = services.revision_update_content(revision=draft, user=world.coordinator, data={"processing_time_days": 15})
    assert not draft.time_mismatch


def test_periodic_review_job_reminds_on_due_date(world):
    from processes.documents import jobs

    document = make_document(world)
    effective_revision(world, document)
    document.refresh_from_db()
    mail.outbox.clear()
    assert jobs.periodic_review_reminders(document.next_review_due) == 1
    assert jobs.periodic_review_reminders(document.next_review_due + datetime.timedelta(days=1)) == 0
    assert Notification.objects.filter(user=world.coordinator, text__contains="xem xét định kỳ").exists()


def test_scheduler_runs_document_jobs(world):
    from qms.core.management.commands.run_scheduled import run_jobs

    document = make_document(world)
    first = effective_revision(world, document)
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.staff)
    second = make_draft(world, document)
    submit(world, second)
    approve(world, second, effective_date=tomorrow())
    results = run_jobs(tomorrow())
    assert "failed" not in results.values(), results
    second.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, second.status) == (S.SUPERSEDED, S.EFFECTIVE)
    # A week later the reader who has not acknowledged is reminded once.
    later = tomorrow() + datetime.timedelta(days=8)
    results = run_jobs(later)
    assert results["processes.documents.jobs.acknowledgement_reminders"] == 1
    # A second pass the same day (another node, or the loop five minutes later) does not run it again.
    assert run_jobs(later)["processes.documents.jobs.acknowledgement_reminders"] == "done already today"
