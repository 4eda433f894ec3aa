"""A notification leaves "Thông báo mới" once what it asks for is done (PLAT-5; issue 13, item 3).

Every notification either names the task it asks for (``task=``: review, approve, acknowledge, return a copy,
carry out an action, verify effectiveness, answer a citizen…), and the service that finishes that task marks
it done for everyone it was sent to, in the same transaction; or it is information (``task=None``), which is
marked read when its recipient opens it. Each test below walks one kind through the real services; the last
one counts the call sites, so a new kind of notification cannot be added without being walked here.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from audits.capa import jobs as capa_jobs
from audits.capa import services as capa
from audits.capa.models import EffectivenessCheck, Nonconformity
from audits.feedback import services as feedback_services
from audits.internal import services as internal
from processes.copies import services as services_pdf
from processes.documents import jobs as document_jobs
from processes.documents import services
from processes.documents.models import ChangeRequest, DistributionEntry, PeriodicReview
from qms.core.models import Notification
from tests.audits.capa.helpers import add_actions, analyse, nc_at, open_nc, record_correction
from tests.audits.internal import helpers as audit_helpers
from tests.factories import PASSWORD
from tests.matrix.pdf import attach_master
from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit

NS = Nonconformity.Status


@pytest.fixture(autouse=True)
def _no_master_render(monkeypatch):
    # What is notified does not depend on the PDF: approvals queue no render here (the master test renders one).
    monkeypatch.setattr(services_pdf, "queue_master", lambda **kwargs: None)


def new(user, words=""):
    """Texts of the user's notifications still under "Thông báo mới" (the My work query) containing ``words``."""
    return [n.text for n in user.notifications.filter(read_at__isnull=True) if words in n.text]


# --- documents ---------------------------------------------------------------------------------------------------


def test_review_and_approval_requests_leave_once_signed(world):
    revision = make_draft(world, make_document(world))
    submit(world, revision)
    assert new(world.reviewer, "Xem xét tài liệu")

    services.revision_sign(revision=revision, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    assert not new(world.reviewer, "Xem xét tài liệu")
    assert new(world.head, "Phê duyệt tài liệu")

    services.revision_approve(revision=revision, user=world.head, password=PASSWORD)
    assert not new(world.head, "Phê duyệt tài liệu")


def test_a_rejection_clears_the_signers_requests_and_the_authors_rework_leaves_on_resubmission(world):
    revision = make_draft(world, make_document(world), author=world.author)
    services.revision_submit(revision=revision, user=world.author, reviewers=[world.reviewer, world.auditor],
                             approver=world.head)
    services.revision_sign(revision=revision, user=world.reviewer, password=PASSWORD, meaning="reviewed")

    services.revision_reject(revision=revision, user=world.auditor, comment="Bảng các bước thiếu thời gian.")
    assert not new(world.auditor, "Xem xét tài liệu") and not new(world.reviewer, "Xem xét tài liệu")
    assert new(world.author, "bị trả lại")

    services.revision_submit(revision=revision, user=world.author, reviewers=[world.reviewer], approver=world.head)
    assert not new(world.author, "bị trả lại")
    services.revision_reject(revision=revision, user=world.head, comment="Chưa đúng mẫu.")
    services.revision_cancel(revision=revision, user=world.coordinator, reason="Không sửa nữa")
    assert not new(world.author, "bị trả lại")  # a cancelled draft has nothing left to rework


def test_a_review_comment_leaves_the_author_once_resolved_and_the_rest_once_approved(world):
    revision = make_draft(world, make_document(world), author=world.author)
    submit(world, revision)
    first = services.comment_add(revision=revision, user=world.reviewer, section="scope", text="Phạm vi quá hẹp.")
    services.comment_add(revision=revision, user=world.head, section="steps", text="Bước 3 thiếu biểu mẫu.")
    assert len(new(world.author, "Ý kiến mới")) == 2

    services.comment_resolve(comment=first, user=world.author, resolution="Đã mở rộng cho cả phường.")
    assert new(world.author, "Ý kiến mới") == [n for n in new(world.author, "Ý kiến mới") if "Bước 3" in n]
    assert new(world.reviewer, "đã được giải quyết")  # information, until the reviewer opens it

    approve(world, revision)  # approved with one comment open: it can no longer be resolved, so it leaves
    assert not new(world.author, "Ý kiến mới")


def test_read_and_acknowledge_leaves_once_acknowledged_or_when_superseded(world, login):
    document = make_document(world)
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.staff)
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.auditor)
    revision = effective_revision(world, document)
    document_jobs.acknowledgement_reminders(now=timezone.now() + timedelta(days=8))
    assert len(new(world.staff, "hiểu")) == 2  # the request and the reminder
    page = login(world.staff).get("/viec-cua-toi/").content.decode()
    assert "Đọc và xác nhận đã hiểu" in page.split('id="notif-h"')[1]

    login(world.staff).post(f"/tai-lieu/ban-hanh/{revision.pk}/da-doc/")

    assert not new(world.staff, "hiểu")
    page = login(world.staff).get("/viec-cua-toi/").content.decode()
    assert 'id="notif-h"' not in page  # "Thông báo mới" is gone: nothing else was new
    # The auditor never acknowledged; issue 02 replaces 01, whose request has nothing left to ask.
    assert new(world.auditor, "lần ban hành 01")
    second = make_draft(world, document)
    submit(world, second)
    approve(world, second)
    assert not new(world.auditor, "lần ban hành 01")
    assert new(world.auditor, "lần ban hành 02")


def test_change_requests_leave_the_coordinator_once_decided(world):
    document = make_document(world)
    effective_revision(world, document)
    first = services.change_request_create(document=document, user=world.staff, reason="Thời hạn đã đổi")
    second = services.change_request_create(document=document, user=world.staff, reason="Sai mẫu đơn")
    assert len(new(world.coordinator, "Đề nghị sửa đổi")) == 2

    services.change_request_decline(change_request=second, user=world.coordinator, reason="Mẫu đúng")
    assert len(new(world.coordinator, "Đề nghị sửa đổi")) == 1
    services.change_request_accept(change_request=first, user=world.coordinator)
    assert not new(world.coordinator, "Đề nghị sửa đổi")
    assert ChangeRequest.objects.filter(status=ChangeRequest.Status.OPEN).count() == 0


def test_periodic_review_reminders_leave_once_the_review_is_recorded(world):
    document = make_document(world, owner=world.reviewer)
    effective_revision(world, document)
    document.refresh_from_db()
    document_jobs.periodic_review_reminders(today=document.next_review_due)
    assert new(world.coordinator, "xem xét định kỳ") and new(world.reviewer, "xem xét định kỳ")

    services.periodic_review_record(document=document, user=world.coordinator, outcome=PeriodicReview.Outcome.KEEP)

    assert not new(world.coordinator, "xem xét định kỳ") and not new(world.reviewer, "xem xét định kỳ")


def test_a_tampered_master_notice_leaves_once_the_master_is_rendered_again(world, monkeypatch,
                                                                           django_capture_on_commit_callbacks):
    monkeypatch.undo()  # this one renders
    revision = effective_revision(world, make_document(world))
    master = attach_master(revision)
    with open(master.file.path, "wb") as handle:
        handle.write(b"%PDF-1.7 tampered")
    with pytest.raises(services_pdf.MasterIntegrityError):
        services_pdf.read_master(master)
    assert new(world.coordinator, "sai lệch")

    with django_capture_on_commit_callbacks(execute=True):
        services_pdf.retry_master(master=master, user=world.coordinator)

    master.refresh_from_db()
    assert master.is_servable
    assert not new(world.coordinator, "sai lệch")


# --- controlled copies -------------------------------------------------------------------------------------------


def test_recall_notices_leave_the_holder_once_confirmed_and_the_coordinator_once_all_are_back(
        world, django_capture_on_commit_callbacks):
    document = make_document(world)
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.staff)
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.auditor)
    with django_capture_on_commit_callbacks(execute=True):
        first = effective_revision(world, document)
    with django_capture_on_commit_callbacks(execute=True):
        second = make_draft(world, document)
        submit(world, second)
        approve(world, second)
    staff_copy, auditor_copy = first.copies.filter(kind="controlled").order_by("number")
    assert new(world.staff, "Nộp lại") and new(world.auditor, "Nộp lại")
    assert new(world.coordinator, "Thu hồi 2 bản")

    services_pdf.confirm_recall(copy=staff_copy, user=world.coordinator)
    assert not new(world.staff, "Nộp lại") and new(world.auditor, "Nộp lại")
    assert new(world.coordinator, "Thu hồi 2 bản")  # one copy is still out

    services_pdf.confirm_recall(copy=auditor_copy, user=world.coordinator)
    assert not new(world.auditor, "Nộp lại")
    assert not new(world.coordinator, "Thu hồi")


# --- nonconformities ---------------------------------------------------------------------------------------------


def test_the_handlers_notices_leave_once_the_actions_are_planned(world):
    nc = open_nc(world, responsible=world.reviewer)
    assert new(world.reviewer, "cần xử lý")
    nc = record_correction(nc, world.reviewer)
    nc = analyse(nc, world.reviewer)
    add_actions(nc, world, owners=("author",))
    assert new(world.reviewer, "cần xử lý")  # still the handler's to finish

    capa.nc_plan_actions(nc=nc, user=world.reviewer)
    assert not new(world.reviewer, "cần xử lý")

    # "not effective" asks the handler for new actions: done when they are planned again.
    (action,) = nc.actions.all()
    capa.action_complete(action=action, user=world.author, result="Đã sửa quy trình.",
                         no_evidence_reason="Biên bản họp lưu bản giấy.")
    capa.nc_verify(nc=nc, user=world.auditor, result=EffectivenessCheck.Result.NOT_EFFECTIVE,
                   notes="Tháng sau vẫn trễ hạn.")
    assert new(world.reviewer, "chưa có hiệu lực")
    add_actions(nc, world, owners=("staff",))
    capa.nc_plan_actions(nc=nc, user=world.reviewer)
    assert not new(world.reviewer, "chưa có hiệu lực")


def test_a_rejected_or_reassigned_nc_leaves_the_handler_and_a_reopened_one_asks_again(world):
    nc = open_nc(world, responsible=world.reviewer)
    capa.nc_update(nc=nc, user=world.coordinator, responsible=world.staff)
    assert not new(world.reviewer, "cần xử lý")
    nc.refresh_from_db()
    capa.nc_reject(nc=nc, user=world.coordinator, reason="Không phải sự không phù hợp.")
    assert not new(world.staff, "cần xử lý")

    capa.nc_reopen(nc=nc, user=world.coordinator, reason="Có thêm bằng chứng.")
    assert new(world.staff, "được mở lại")
    nc.refresh_from_db()
    capa.nc_reject(nc=nc, user=world.coordinator, reason="Vẫn không phải.")
    assert not new(world.staff, "được mở lại")


def test_action_notices_leave_once_the_action_is_done_cancelled_or_given_to_someone_else(world, settings):
    settings.QMS_ACTION_REMINDER_DAYS = 3
    settings.QMS_ACTION_ESCALATION_DAYS = 7
    nc = nc_at(world, NS.ACTIONS_PLANNED, owners=("author", "staff", "auditor"))
    done, cancelled, moved = nc.actions.order_by("pk")
    later = done.due_date + timedelta(days=9)
    capa_jobs.remind_actions(today=done.due_date - timedelta(days=3))
    capa_jobs.remind_actions(today=later)
    capa_jobs.escalate_overdue_actions(today=later)
    assert len(new(world.author, nc.reference)) == 3  # given, reminded, overdue
    assert new(world.reviewer, "Báo cáo quá hạn")  # the head of the department, for each overdue action

    assert len(new(world.reviewer, "Báo cáo quá hạn")) == 2  # the first two are a week overdue
    capa.action_complete(action=done, user=world.author, result="Đã sửa quy trình.",
                         no_evidence_reason="Biên bản họp lưu bản giấy.")
    assert not new(world.author, nc.reference)
    assert len(new(world.reviewer, "Báo cáo quá hạn")) == 1

    capa.action_cancel(action=cancelled, user=world.reviewer, reason="Trùng với hành động 1.")
    assert not new(world.staff, nc.reference)

    capa.action_change(action=moved, user=world.reviewer, owner=world.mgmt_rep, due_date=moved.due_date,
                       reason="Chuyển công tác")
    assert not new(world.auditor, nc.reference)
    assert new(world.mgmt_rep, "bạn được giao hành động")
    capa.action_complete(action=moved, user=world.mgmt_rep, result="Xong.", no_evidence_reason="Không có tệp.")
    assert not new(world.mgmt_rep, nc.reference) and not new(world.reviewer, "Báo cáo quá hạn")


def test_effectiveness_check_notices_leave_every_verifier_once_verified(world):
    nc = nc_at(world, NS.ACTIONS_DONE, owners=("author",))
    check = nc.checks.get()
    assert new(world.auditor, "kiểm tra hiệu lực")  # the detector verifies
    capa.check_schedule(nc=nc, user=world.coordinator, verifier=world.staff, scheduled_on=check.scheduled_on)
    assert not new(world.auditor, "kiểm tra hiệu lực")  # no longer theirs
    capa_jobs.remind_effectiveness_checks(today=check.scheduled_on)
    assert len(new(world.staff, "kiểm tra hiệu lực")) == 2

    capa.nc_verify(nc=nc, user=world.staff, result=EffectivenessCheck.Result.EFFECTIVE, notes="Đúng hạn cả tháng.")

    assert not new(world.staff, "kiểm tra hiệu lực")


# --- citizens' feedback and internal audits ----------------------------------------------------------------------


def test_new_feedback_leaves_every_manager_once_answered_or_dismissed(world):
    answered = feedback_services.feedback_submit(agency=world.agency, content="Hồ sơ trả muộn 5 ngày.", ip="10.0.0.1")
    dismissed = feedback_services.feedback_submit(agency=world.agency, content="Quảng cáo.", ip="10.0.0.2")
    for manager in (world.coordinator, world.head, world.mgmt_rep):
        assert len(new(manager, "Phản ánh, kiến nghị mới")) == 2

    feedback_services.feedback_to_nc(feedback=answered, user=world.coordinator, severity="minor")
    assert len(new(world.head, "Phản ánh, kiến nghị mới")) == 2  # still owes the citizen an answer
    feedback_services.feedback_answer(feedback=answered, user=world.coordinator, answer="Đã xin lỗi và xử lý.")
    feedback_services.feedback_dismiss(feedback=dismissed, user=world.head, reason="Không phải phản ánh.")

    for manager in (world.coordinator, world.head, world.mgmt_rep):
        assert not new(manager, "Phản ánh, kiến nghị mới")


def test_an_audit_assignment_leaves_the_team_once_the_report_is_issued_or_they_are_taken_off(world):
    second = audit_helpers.auditor(world)
    third = audit_helpers.auditor(world, username="auditor3", full_name="Lý Văn Ba")
    audit = audit_helpers.audit(world, team=[second, third])
    for person in (world.auditor, second, third):
        assert new(person, "bạn được phân công đánh giá")

    internal.audit_assign(audit=audit, user=world.coordinator, lead_auditor=world.auditor, team=[second])
    assert not new(third, "bạn được phân công đánh giá")
    internal.audit_start(audit=audit, user=world.auditor)
    internal.audit_issue_report(audit=audit, user=world.auditor, summary="Tóm tắt", conclusion="Kết luận",
                                confirm_unanswered=True)

    assert not new(world.auditor, "bạn được phân công") and not new(second, "bạn được phân công")


# --- information: read when opened -------------------------------------------------------------------------------


def test_information_is_marked_read_when_opened_and_a_task_stays_until_done(world, login,
                                                                            django_capture_on_commit_callbacks):
    document = make_document(world)
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        revision = effective_revision(world, document)  # the author is told it was approved
    cr = services.change_request_create(document=document, user=world.staff, reason="Thời hạn đã đổi")
    services.change_request_decline(change_request=cr, user=world.coordinator, reason="Đúng luật")
    nc = nc_at(world, NS.CLOSED, owners=("author",))
    info = {
        world.coordinator: "đã được phê duyệt",  # the coordinator wrote the draft
        world.staff: "bị từ chối",
        world.reviewer: f"{nc.reference} đã được đóng",  # the person responsible
    }
    info_copy = Notification.objects.get(user=world.staff, text__startswith="Anh/chị được cấp")
    for user, words in info.items():
        assert new(user, words), (user, words)
        (notification,) = user.notifications.filter(read_at__isnull=True, text__contains=words)
        response = login(user).get(f"/thong-bao/{notification.pk}/")
        assert response.status_code == 302 and response["Location"] == notification.url
        assert not new(user, words)
    response = login(world.staff).get(f"/thong-bao/{info_copy.pk}/")
    assert response.status_code == 302 and not new(world.staff, "Anh/chị được cấp")

    # A task is not done by looking at it: "Đọc và xác nhận" stays until acknowledged.
    (task,) = world.staff.notifications.filter(text__startswith="Đọc và xác nhận")
    assert login(world.staff).get(f"/thong-bao/{task.pk}/").status_code == 302
    assert new(world.staff, "Đọc và xác nhận")
    services.acknowledge(revision=revision, user=world.staff)
    assert not new(world.staff, "Đọc và xác nhận")
    # Someone else's notification, or one that does not exist: 404, nothing changes.
    assert login(world.auditor).get(f"/thong-bao/{task.pk}/").status_code == 404
    assert login(world.outsider).get(f"/thong-bao/{info_copy.pk}/").status_code == 404


def test_a_report_tells_the_audited_heads_and_opening_it_marks_it_read(world, login):
    desk = world.departments["desk"]
    desk.head = world.staff
    desk.save()
    audit_helpers.audit(world, status="reported")
    (notification,) = world.staff.notifications.filter(read_at__isnull=True, text__contains="phát hành báo cáo")
    login(world.staff).get(f"/thong-bao/{notification.pk}/")
    assert not new(world.staff, "phát hành báo cáo")


# --- every kind is walked above ----------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
# Call sites of notify()/tell() per file, each walked by a test above. A new one: walk it, then count it here.
CALL_SITES = {
    "audits/capa/jobs.py": 4,  # reminded, overdue, escalated (actions); check due
    "audits/capa/services/actions.py": 2,  # action given; actions done → check scheduled
    "audits/capa/services/common.py": 1,  # tell() itself
    "audits/capa/services/effectiveness.py": 3,  # check scheduled; not effective; closed (information)
    "audits/capa/services/lifecycle.py": 2,  # new NC; reopened
    "audits/feedback/services.py": 2,  # new feedback; recorded by staff (tests/cases/late: a dissatisfied rating)
    "audits/internal/services/conduct.py": 1,  # report issued (information)
    "audits/internal/services/planning.py": 1,  # assigned
    "processes/copies/recall.py": 2,  # return your copy; copies to recall
    "processes/copies/services.py": 2,  # tampered master; copy issued (information)
    "processes/documents/jobs.py": 2,  # periodic review due; acknowledgement reminder
    "processes/documents/services/changes.py": 3,  # change request; accepted, declined (information)
    "processes/documents/services/distribution.py": 1,  # read and acknowledge
    "processes/documents/services/comments.py": 2,  # a comment to resolve; it was resolved (information)
    "processes/documents/services/revisions.py": 4,  # review; approve; approved (information); rework
}
CALL = re.compile(r"(?<![\w.])(notify|tell)\(")


def test_every_kind_of_notification_is_walked_here():
    found = {}
    for package in ("qms", "processes", "audits"):
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text()
            count = sum(1 for line in text.splitlines()
                        if CALL.search(line) and not line.lstrip().startswith(("def ", "#")))
            if count:
                found[str(path.relative_to(ROOT))] = count
    assert found == CALL_SITES
