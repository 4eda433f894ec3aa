"""Management review: the named state changes (MR-2). Each is one transaction; bad input raises a
ValidationError with a Vietnamese message keyed by field, and nothing is saved."""

import datetime
import logging
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core import lockout
from qms.core.access import MANAGERS
from qms.core.history import save_tracked
from qms.core.models import Role, User
from qms.core.notify import notify, task_done, task_key
from quality.review.inputs import compile_inputs, edition_of
from quality.review.models import SECTIONS, Decision, ManagementReview, SectionNote

logger = logging.getLogger(__name__)
Status = ManagementReview.Status

def clean_text(value):
    """NFC-normalised, stripped text; NUL bytes removed (PostgreSQL refuses them)."""
    return unicodedata.normalize("NFC", str(value or "")).replace("\x00", "").strip()


def _period_order_message():
    return _("Ngày kết thúc kỳ xem xét phải sau hoặc trùng ngày bắt đầu.")


def managers_of(agency):
    return list(User.objects.in_agency(agency).with_role(*MANAGERS))


def _check_people(agency, chair, participants):
    errors = {}
    if chair is None:
        errors["chair"] = _("Cần chọn người chủ trì cuộc họp.")
    elif chair.agency_id != agency.pk or not chair.is_active:
        errors["chair"] = _("Người chủ trì phải là cán bộ của cơ quan.")
    if any(p.agency_id != agency.pk for p in participants):
        errors["participants"] = _("Thành phần tham dự phải là cán bộ của cơ quan (khách mời ghi ở ô khách mời).")
    if errors:
        raise ValidationError(errors)


def _check_period(period_start, period_end):
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _period_order_message()})


@transaction.atomic
def review_create(*, agency, user, held_on, period_start, period_end, chair, participants=(), guests=""):
    """A draft review meeting of ``agency``; its inputs are compiled live until it is held."""
    _check_period(period_start, period_end)
    _check_people(agency, chair, participants)
    review = ManagementReview(agency=agency, held_on=held_on, period_start=period_start, period_end=period_end,
                              chair=chair, guests=clean_text(guests), created_by=user)
    save_tracked(review, user=user, reason=_("Lập cuộc họp xem xét của lãnh đạo"))
    review.participants.set(participants)
    return review


def _locked_review(review):
    return ManagementReview.objects.select_for_update().get(pk=review.pk)


@transaction.atomic
def review_update(*, review, user, held_on, period_start, period_end, chair, participants=(), guests=""):
    """Change the meeting's date, period or people. The period is fixed once the inputs are frozen."""
    review = _locked_review(review)
    if review.is_approved:
        raise ValidationError(_("Biên bản đã được phê duyệt; không sửa được nữa."))
    if not review.is_draft and (period_start, period_end) != (review.period_start, review.period_end):
        raise ValidationError({"period_start": _("Đầu vào đã được chốt khi họp; không đổi được kỳ xem xét.")})
    _check_period(period_start, period_end)
    _check_people(review.agency, chair, participants)
    review.held_on, review.period_start, review.period_end = held_on, period_start, period_end
    review.chair, review.guests = chair, clean_text(guests)
    save_tracked(review, user=user, reason=_("Sửa thông tin cuộc họp"))
    review.participants.set(participants)
    return review


@transaction.atomic
def review_hold(*, review, user, today=None):
    """The meeting took place: its inputs are frozen as they are now, whatever the records say later."""
    review = _locked_review(review)
    if not review.is_draft:
        raise ValidationError(_("Cuộc họp đã được ghi nhận là đã họp."))
    review.snapshot = compile_inputs(review, today=today)
    review.held_at = timezone.now()
    review.status = Status.HELD
    save_tracked(review, user=user, reason=_("Đã họp: chốt đầu vào của kỳ xem xét"))
    return review


@transaction.atomic
def section_annotate(*, review, user, section, text):
    """The coordinator's comment on one input (empty text removes it). Refused once the minutes are approved."""
    review = _locked_review(review)
    if review.is_approved:
        raise ValidationError(_("Biên bản đã được phê duyệt; không sửa được nữa."))
    # Only the inputs of the edition the review is held under (9.3.2's resources are no 5.6.2 input).
    if section not in {key for key, _letter, _title in SECTIONS[edition_of(review)]}:
        raise ValidationError({"section": _("Đầu vào không hợp lệ.")})
    text = clean_text(text)
    note = SectionNote.objects.filter(review=review, section=section).first()
    if not text:
        if note is not None:
            note._change_reason = _("Xóa nhận xét")
            note.delete()
        return None
    note = note or SectionNote(review=review, section=section)
    note.text, note.updated_by, note.updated_at = text, user, timezone.now()
    save_tracked(note, user=user, reason=_("Nhận xét đầu vào"))
    return note


def _decision_url(review):
    return reverse("quality:review_detail", kwargs={"pk": review.pk})


def decision_params(decision):
    return {"title": decision.description[:150], "due": decision.due_date.isoformat(),
            "held_on": decision.review.held_on.strftime("%d/%m/%Y")}


@transaction.atomic
def decision_add(*, review, user, kind, description, owner, due_date):
    """An output of the meeting (5.6.3), owned by a person of the agency, with a due date."""
    review = _locked_review(review)
    if review.is_approved:
        raise ValidationError(_("Biên bản đã được phê duyệt; không thêm được quyết định."))
    errors = {}
    description = clean_text(description)
    if not description:
        errors["description"] = _("Cần ghi nội dung quyết định.")
    if owner is None:
        errors["owner"] = _("Quyết định cần có người thực hiện: chọn một cán bộ của cơ quan.")
    elif owner.agency_id != review.agency_id or not owner.is_active:
        errors["owner"] = _("Người thực hiện phải là cán bộ của cơ quan.")
    if due_date is None:
        errors["due_date"] = _("Cần ghi hạn hoàn thành.")
    elif due_date < review.held_on:
        errors["due_date"] = _("Hạn hoàn thành không được trước ngày họp.")
    if kind not in Decision.Kind.values:
        errors["kind"] = _("Chọn loại quyết định: cải tiến hệ thống, cải tiến dịch vụ hoặc nguồn lực.")
    if errors:
        raise ValidationError(errors)
    decision = Decision(agency=review.agency, review=review, kind=kind, description=description, owner=owner,
                        due_date=due_date, created_by=user)
    save_tracked(decision, user=user, reason=_("Quyết định của cuộc họp xem xét"))
    notify([owner], "review.decision_assigned", _decision_url(review), params=decision_params(decision),
           task=task_key(decision), agency=review.agency)
    return decision


def can_complete(user, decision):
    return decision.owner_id == user.pk or (user.agency_id == decision.agency_id and user.has_role(*MANAGERS))


@transaction.atomic
def decision_complete(*, decision, user, note, completed_on=None):
    """The owner (or a manager) records that the decision is carried out, with what was done."""
    decision = Decision.objects.select_for_update().select_related("review").get(pk=decision.pk)
    if not can_complete(user, decision):
        raise PermissionDenied
    if decision.status != Decision.Status.OPEN:
        raise ValidationError(_("Quyết định này đã hoàn thành."))
    note = clean_text(note)
    completed_on = completed_on or timezone.localdate()
    errors = {}
    if not note:
        errors["note"] = _("Cần ghi kết quả thực hiện.")
    if completed_on > timezone.localdate():
        errors["completed_on"] = _("Ngày hoàn thành không được sau hôm nay.")
    if errors:
        raise ValidationError(errors)
    decision.status, decision.completed_on, decision.completion_note = Decision.Status.DONE, completed_on, note
    save_tracked(decision, user=user, reason=_("Hoàn thành quyết định"))
    task_done(task_key(decision))
    return decision


class WrongPassword(ValidationError):
    """The password typed to approve the minutes is not the signer's."""


def review_approve(*, review, user, password, request=None):
    """The head approves the minutes by typing their password again, like a revision's signature (DOC-5).

    A wrong password approves nothing and counts towards the lockout (qms.core.lockout), after the
    transaction rolled back; while locked, even the right password approves nothing.
    """
    if request is not None:
        locked = lockout.lock_message(request, user)
        if locked:
            raise ValidationError({"password": locked})
    try:
        approved = _approve(review=review, user=user, password=password)
    except WrongPassword as error:
        logger.warning("Wrong password approving review minutes: user %s, review %s", user.get_username(), review.pk)
        if request is not None:
            lockout.password_failed(request, user)
            locked = lockout.lock_message(request, user)
            if locked:
                raise ValidationError({"password": [*error.messages, locked]}) from None
        raise
    if request is not None:
        lockout.password_succeeded(request, user)
    return approved


@transaction.atomic
def _approve(*, review, user, password):
    review = _locked_review(review)
    if user.agency_id != review.agency_id or not user.has_role(Role.HEAD):
        raise PermissionDenied
    if review.status != Status.HELD:
        raise ValidationError(_("Chỉ phê duyệt được biên bản của cuộc họp đã họp và chưa phê duyệt."))
    if not password or not user.check_password(password):
        raise WrongPassword({"password": _("Mật khẩu không đúng. Biên bản chưa được phê duyệt.")})
    decisions = list(review.decisions.order_by("pk"))
    review.status = Status.APPROVED
    review.approved_by, review.approved_name, review.approved_title = user, user.display_name, user.title
    review.approved_at = timezone.now().astimezone(datetime.UTC)
    review.approved_hash = review.content_hash(decisions)
    save_tracked(review, user=user, reason=_("Phê duyệt biên bản (ký bằng mật khẩu)"))
    return review
