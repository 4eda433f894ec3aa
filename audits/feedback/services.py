"""Citizens' feedback (8.2.1): received without login, answered, dismissed or turned into an NC."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.feedback.models import Feedback
from audits.capa.models import Nonconformity
from audits.capa.services import clean_text, managers_of, nc_open, tell
from qms.core.access import is_manager
from qms.core import search
from qms.core.history import save_tracked
from qms.core.locks import serialise_on
from qms.core.notify import task_done, task_key

MAX_CONTENT = 5000


class FeedbackRefused(Exception):
    """A submission refused politely (flooding, a filled honeypot); nothing is stored."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def address_hash(ip):
    """Keyed hash of the sender's address: enough to count submissions, useless to identify anyone."""
    return hmac.new(settings.SECRET_KEY.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


def recent_count(ip_hash, now=None):
    now = now or timezone.now()
    return Feedback.objects.filter(ip_hash=ip_hash, created_at__gte=now - timedelta(hours=1)).count()


@transaction.atomic
def feedback_submit(*, agency, content, name="", contact="", procedure="", ip="", honeypot=""):
    """Store a citizen's feedback and tell the coordinators. Raises FeedbackRefused or ValidationError."""
    if honeypot:
        raise FeedbackRefused(_("Không thể tiếp nhận phản ánh này. Vui lòng thử lại sau hoặc liên hệ trực tiếp bộ phận một cửa."))
    ip_hash = address_hash(ip)
    serialise_on(f"feedback-rate:{ip_hash}")  # count and insert as one step, or parallel posts all pass
    if recent_count(ip_hash) >= settings.QMS_FEEDBACK_PER_HOUR:
        raise FeedbackRefused(
            _("Bạn đã gửi nhiều phản ánh trong thời gian ngắn. Xin vui lòng thử lại sau một giờ; "
              "các phản ánh đã gửi vẫn được cơ quan xử lý.")
        )
    errors = {}
    content = clean_text(content)
    if not content:
        errors["content"] = _("Xin vui lòng nhập nội dung phản ánh, kiến nghị.")
    elif len(content) > MAX_CONTENT:
        errors["content"] = _("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": MAX_CONTENT}
    for field, value, limit in (("name", name, 150), ("contact", contact, 150), ("procedure", procedure, 255)):
        if len(clean_text(value)) > limit:
            errors[field] = _("Tối đa %(n)d ký tự.") % {"n": limit}
    if errors:
        raise ValidationError(errors)
    feedback = Feedback(
        agency=agency,
        name=clean_text(name),
        contact=clean_text(contact),
        procedure=clean_text(procedure),
        content=content,
        ip_hash=ip_hash,
    )
    search.refresh(feedback)
    save_tracked(feedback, reason=_("Người dân gửi phản ánh"))
    tell(managers_of(agency), "feedback.new", feedback.get_absolute_url(), agency,
         task=task_key(feedback), code=feedback.tracking_code)
    return feedback


@transaction.atomic
def feedback_record(*, agency, user, content, name="", procedure=""):
    """Feedback the agency's own staff write down for a citizen (a dissatisfied rating at the one-stop desk,
    words said at the counter): the same inbox as the public form, without its rate limit, attributed to ``user``
    in the history, and the coordinators told as for any feedback."""
    if user is None or user.agency_id != agency.pk:
        raise PermissionDenied
    content = clean_text(content)
    if not content:
        raise ValidationError({"content": _("Xin vui lòng nhập nội dung phản ánh, kiến nghị.")})
    feedback = Feedback(agency=agency, name=clean_text(name)[:150], procedure=clean_text(procedure)[:255],
                        content=content[:MAX_CONTENT])
    search.refresh(feedback)
    save_tracked(feedback, user=user, reason=_("Ghi nhận phản ánh của người dân tại cơ quan"))
    tell([m for m in managers_of(agency) if m.pk != user.pk], "feedback.new", feedback.get_absolute_url(), agency,
         task=task_key(feedback), code=feedback.tracking_code)
    return feedback


def _lock(feedback, user):
    if user.agency_id != feedback.agency_id or not is_manager(user):
        raise PermissionDenied
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


@transaction.atomic
def feedback_answer(*, feedback, user, answer):
    """Publish the agency's answer on the citizen's status page."""
    feedback = _lock(feedback, user)
    if feedback.status == Feedback.Status.DISMISSED:
        raise ValidationError(_("Phản ánh này đã được đánh dấu không xử lý."))
    answer = clean_text(answer)
    if not answer:
        raise ValidationError({"answer": _("Cần nội dung trả lời.")})
    reason = _("Trả lời người dân") if feedback.status == Feedback.Status.RECEIVED else _("Sửa nội dung trả lời")
    feedback.answer = answer
    feedback.status = Feedback.Status.ANSWERED
    feedback.answered_at = timezone.now()
    feedback.answered_by = user
    save_tracked(feedback, user=user, reason=reason)
    task_done(task_key(feedback))  # every manager was told; one answer is enough
    return feedback


@transaction.atomic
def feedback_dismiss(*, feedback, user, reason):
    feedback = _lock(feedback, user)
    if feedback.status != Feedback.Status.RECEIVED:
        raise ValidationError(_("Phản ánh này đã được xử lý."))
    if feedback.nc_id:
        raise ValidationError(_("Phản ánh đã được chuyển thành sự không phù hợp; hãy trả lời người dân."))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Cần nêu lý do không xử lý.")})
    feedback.status = Feedback.Status.DISMISSED
    feedback.dismissed_reason = reason
    save_tracked(feedback, user=user, reason=reason)
    task_done(task_key(feedback))
    return feedback


@transaction.atomic
def feedback_to_nc(*, feedback, user, description="", department=None, severity="", clause=""):
    """Open a nonconformity (source: citizen feedback) from this feedback and link them."""
    feedback = _lock(feedback, user)
    if feedback.nc_id:
        raise ValidationError(_("Phản ánh này đã được chuyển thành %(ref)s.") % {"ref": feedback.nc.reference})
    if feedback.status == Feedback.Status.DISMISSED:
        raise ValidationError(_("Phản ánh này đã được đánh dấu không xử lý."))
    description = clean_text(description) or feedback.content
    if feedback.procedure and feedback.procedure not in description:
        description = f"{description}\n\n" + _("Thủ tục: %(p)s") % {"p": feedback.procedure}
    nc = nc_open(
        agency=feedback.agency,
        source=Nonconformity.Source.CITIZEN_FEEDBACK,
        user=user,
        description=description,
        department=department,
        clause=clause,
        severity=severity,
        detected_on=timezone.localtime(feedback.created_at).date(),
        source_ref=feedback.tracking_code,
        process_ref=feedback.procedure,
    )
    feedback.nc = nc
    save_tracked(feedback, user=user, reason=_("Chuyển thành %(ref)s") % {"ref": nc.reference})
    return nc


def waiting_for(user):
    if not is_manager(user) or user.agency_id is None:
        return Feedback.objects.none()
    return Feedback.objects.for_agency(user.agency).waiting()

