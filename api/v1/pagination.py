"""Cursor pagination: an opaque cursor (the last row's id, base64-encoded), rows in id order, so pages stay
stable while rows are added (a new row goes after the cursor, never shifts what was already read)."""

import base64
import binascii

from django.utils.translation import gettext as _
from ninja import Schema

from api.v1.problems import ApiProblem

MAX_LIMIT = 100


class PageParams(Schema):
    cursor: str | None = None
    limit: int = 50


def _decode(cursor):
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii") + b"=" * (-len(cursor) % 4)).decode("ascii")
        kind, _sep, value = text.partition(":")
        if kind != "id" or not value.isdigit() or len(value) > 18:
            raise ValueError
        return int(value)
    except (ValueError, UnicodeError, binascii.Error):
        raise ApiProblem(422, _("Con trỏ trang không hợp lệ."), errors={"cursor": [_("Con trỏ trang không hợp lệ.")]})


def encode(last_id):
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def paginate(queryset, cursor, limit):
    """(rows, next cursor or None) for the page after ``cursor``."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiProblem(422, _("Số dòng mỗi trang từ 1 đến %(n)d.") % {"n": MAX_LIMIT},
                         errors={"limit": [_("Số dòng mỗi trang từ 1 đến %(n)d.") % {"n": MAX_LIMIT}]})
    if cursor:
        queryset = queryset.filter(pk__gt=_decode(cursor))
    rows = list(queryset.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode(rows[-1].pk) if more and rows else None)
