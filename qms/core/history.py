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

    One query for the records (users joined), and for a model whose many-to-many fields are
    tracked (an audit's departments, documents, team) two per such field: the snapshots of
    every record at once and the names they point to. The diffs are computed in Python from
    consecutive records, so the page costs the same whatever the number of records.
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(obj)
    excluded = {"id", "history_id"}
    m2m = _m2m_snapshots(records)
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=set(m2m))
            for change in delta.changes:
                if change.field in excluded:
                    continue
                field = _field(model, change.field)
                changes.append(
                    FieldChange(change.field, _label(model, change.field), _display(field, change.old), _display(field, change.new))
                )
            for name, (snapshots, names) in m2m.items():
                old, new = snapshots.get(previous.history_id, ()), snapshots.get(record.history_id, ())
                if old != new:
                    changes.append(FieldChange(name, _label(model, name), _names(old, names), _names(new, names)))
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


def _m2m_snapshots(records):
    """{m2m field name: ({history_id: sorted target pks}, {target pk: name})} for the tracked m2m fields."""
    if not records:
        return {}
    from simple_history.utils import get_m2m_reverse_field_name

    result = {}
    ids = [r.history_id for r in records]
    for field in getattr(records[0], "_history_m2m_fields", []):
        through = getattr(records[0], field.name).model  # the historical through model (no query)
        target = get_m2m_reverse_field_name(field)
        snapshots = {}
        for history_id, pk in through.objects.filter(history_id__in=ids).values_list("history_id", f"{target}_id"):
            snapshots.setdefault(history_id, []).append(pk)
        snapshots = {k: tuple(sorted(v)) for k, v in snapshots.items()}
        wanted = {pk for pks in snapshots.values() for pk in pks}
        names = {o.pk: str(o) for o in field.related_model._base_manager.filter(pk__in=wanted)} if wanted else {}
        result[field.name] = (snapshots, names)
    return result


def _names(pks, names):
    return ", ".join(sorted(names.get(pk, f"#{pk}") for pk in pks)) or "—"


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
