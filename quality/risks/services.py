"""Changing the register of risks and opportunities (6.1): named services, history with the reason."""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.history import save_tracked
from qms.core.models import User
from quality.risks.models import Risk, RiskAction


def clean_text(value):
    """NFC-normalised, stripped text; NUL bytes removed (PostgreSQL refuses them)."""
    return unicodedata.normalize("NFC", str(value or "")).replace("\x00", "").strip()


def _score_errors(likelihood, impact):
    errors = {}
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if value not in (1, 2, 3, 4, 5):
            errors[name] = _("Hãy chọn mức từ 1 đến 5.")
    return errors


@transaction.atomic
def risk_add(*, agency, user, kind, description, likelihood, impact, next_review_on, process=""):
    description, process = clean_text(description), clean_text(process)[:255]
    errors = _score_errors(likelihood, impact)
    if kind not in Risk.Kind.values:
        errors["kind"] = _("Hãy chọn rủi ro hay cơ hội.")
    if not description:
        errors["description"] = _("Hãy mô tả rủi ro, cơ hội.")
    if next_review_on is None or next_review_on < timezone.localdate():
        errors["next_review_on"] = _("Ngày xem xét lại phải từ hôm nay trở đi.")
    if errors:
        raise ValidationError(errors)
    risk = Risk(agency=agency, kind=kind, description=description, process=process, likelihood=likelihood,
                impact=impact, next_review_on=next_review_on, created_by=user)
    return save_tracked(risk, user=user, reason=_("Ghi nhận lần đầu"))


@transaction.atomic
def risk_review(*, risk, user, likelihood, impact, next_review_on, reason):
    """The periodic review: new scores, the next review date, and what was found (the reason, in the history)."""
    reason = clean_text(reason)
    today = timezone.localdate()
    errors = _score_errors(likelihood, impact)
    if not reason:
        errors["reason"] = _("Hãy ghi kết quả xem xét.")
    if next_review_on is None or next_review_on <= today:
        errors["next_review_on"] = _("Ngày xem xét lại phải sau hôm nay.")
    if errors:
        raise ValidationError(errors)
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    risk.likelihood, risk.impact, risk.next_review_on, risk.reviewed_on = likelihood, impact, next_review_on, today
    return save_tracked(risk, user=user, reason=reason)


@transaction.atomic
def action_add(*, risk, user, description, owner, due_date):
    description = clean_text(description)
    errors = {}
    if not description:
        errors["description"] = _("Hãy mô tả hành động.")
    if owner is None or not User.objects.in_agency(risk.agency).filter(pk=owner.pk).exists():
        errors["owner"] = _("Người thực hiện phải là thành viên của cơ quan.")
    if due_date is None or due_date < timezone.localdate():
        errors["due_date"] = _("Hạn hoàn thành phải từ hôm nay trở đi.")
    if errors:
        raise ValidationError(errors)
    action = RiskAction(risk=risk, agency=risk.agency, description=description, owner=owner, due_date=due_date)
    return save_tracked(action, user=user, reason=_("Ghi nhận lần đầu"))


@transaction.atomic
def action_done(*, action, user, note=""):
    action = RiskAction.objects.select_for_update().get(pk=action.pk)
    if action.status == RiskAction.Status.DONE:
        raise ValidationError(_("Hành động này đã hoàn thành."))
    action.status, action.completed_on = RiskAction.Status.DONE, timezone.localdate()
    return save_tracked(action, user=user, reason=clean_text(note) or _("Hoàn thành"))


@transaction.atomic
def action_evaluate(*, action, user, effective, note):
    """Judge whether a finished action worked (like a corrective action's effectiveness check)."""
    note = clean_text(note)
    action = RiskAction.objects.select_for_update().get(pk=action.pk)
    errors = {}
    if action.status != RiskAction.Status.DONE:
        errors["effective"] = _("Chỉ đánh giá hiệu lực hành động đã hoàn thành.")
    elif action.effective is not None:
        errors["effective"] = _("Hành động này đã được đánh giá hiệu lực.")
    if effective not in (True, False):
        errors["effective"] = errors.get("effective") or _("Hãy chọn có hiệu lực hay không.")
    if not note:
        errors["note"] = _("Hãy ghi căn cứ đánh giá hiệu lực.")
    if errors:
        raise ValidationError(errors)
    action.effective, action.effectiveness_note = effective, note
    action.evaluated_on = max(timezone.localdate(), action.completed_on or datetime.date.min)
    return save_tracked(action, user=user, reason=note)
