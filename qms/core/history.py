"""Recording who changed what and why, and reading it back field by field.

django-simple-history writes one history row per save. The acting user comes from the
request (HistoryRequestMiddleware) or is given explicitly by a service function; the reason
is stored in ``history_change_reason``. Services that change approved or closed records
must pass a reason: ``require_reason`` refuses an empty one.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần nêu lý do cho thay đổi này.")})
    return reason


def save_tracked(obj, *, user=None, reason="", **save_kwargs):
    """Save ``obj`` so that its history row carries ``user`` and ``reason``."""
    if user is not None:
        obj._history_user = user
    obj._change_reason = reason or ""
    obj.save(**save_kwargs)
    return obj


@dataclass
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: object
    user: object
    kind: str
    reason: str
    changes: list


_KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def history_entries(obj, limit=200):
    """History of ``obj``, newest first, each with its field-level before → after.

    One query for the records (users joined); the diffs are computed in Python from
    consecutive records, so the page costs the same whatever the number of fields.
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(obj)
    excluded = {"id", "history_id"}
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in excluded:
                    continue
                field = _field(model, change.field)
                changes.append(
                    FieldChange(change.field, _label(model, change.field), _display(field, change.old), _display(field, change.new))
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                kind=_KINDS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _field(model, field_name):
    try:
        return model._meta.get_field(field_name)
    except Exception:
        return None


def _display(field, value):
    """A value as a person reads it: choice labels instead of codes, table rows instead of JSON."""
    if value is None or field is None:
        return value
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, (list, tuple)):
        rows = []
        for row in value:
            if isinstance(row, dict):
                rows.append(" | ".join(str(v) for v in row.values() if v not in (None, "")))
            else:
                rows.append(str(row))
        return "\n".join(rows)
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


def _label(model, field_name):
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:
        return field_name
