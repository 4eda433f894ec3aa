"""Changing the agency's context (4.1) and interested parties (4.2): named services, history with the reason."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.history import save_tracked
from quality.context.models import ContextIssue, InterestedParty


def clean_text(value):
    """NFC-normalised, stripped text; NUL bytes removed (PostgreSQL refuses them)."""
    return unicodedata.normalize("NFC", str(value or "")).replace("\x00", "").strip()


def _reason_for_change(obj, reason):
    reason = clean_text(reason)
    if obj.pk and not reason:
        raise ValidationError({"reason": _("Cần nêu lý do cho thay đổi này.")})
    return reason or _("Ghi nhận lần đầu")


@transaction.atomic
def issue_save(*, agency, user, kind, description, effect="", is_active=True, reason="", issue=None):
    """Record a new issue or change one (a change needs a reason). Raises ValidationError with form messages."""
    description, effect = clean_text(description), clean_text(effect)
    errors = {}
    if kind not in ContextIssue.Kind.values:
        errors["kind"] = _("Hãy chọn vấn đề nội bộ hay bên ngoài.")
    if not description:
        errors["description"] = _("Hãy mô tả vấn đề.")
    if issue is not None:
        issue = ContextIssue.objects.select_for_update().get(pk=issue.pk, agency=agency)
    else:
        issue = ContextIssue(agency=agency, created_by=user)
    try:
        reason = _reason_for_change(issue, reason)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    issue.kind, issue.description, issue.effect, issue.is_active = kind, description, effect, bool(is_active)
    return save_tracked(issue, user=user, reason=reason)


@transaction.atomic
def party_save(*, agency, user, name, requirements, monitoring="", is_active=True, reason="", party=None):
    """Record a new interested party or change one (a change needs a reason)."""
    name, requirements, monitoring = clean_text(name), clean_text(requirements), clean_text(monitoring)
    errors = {}
    if not name:
        errors["name"] = _("Hãy ghi tên bên quan tâm.")
    elif len(name) > 255:
        errors["name"] = _("Tên tối đa 255 ký tự.")
    if not requirements:
        errors["requirements"] = _("Hãy ghi nhu cầu, yêu cầu của bên quan tâm.")
    if party is not None:
        party = InterestedParty.objects.select_for_update().get(pk=party.pk, agency=agency)
    else:
        party = InterestedParty(agency=agency, created_by=user)
    if name and InterestedParty.objects.filter(agency=agency, name__iexact=name).exclude(pk=party.pk).exists():
        errors["name"] = _("Cơ quan đã có bên quan tâm “%(name)s”.") % {"name": name}
    try:
        reason = _reason_for_change(party, reason)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    party.name, party.requirements, party.monitoring, party.is_active = name, requirements, monitoring, bool(is_active)
    return save_tracked(party, user=user, reason=reason)
