"""Errors as RFC 9457 problem details (``application/problem+json``), in the caller's language.

Every refusal of the API goes through ``problem()``: a type (a URN naming the kind of error), a title and a
detail in the caller's language, the status, field errors where a field was wrong, and the request id.
"""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: gettext_lazy("Yêu cầu không hợp lệ"),
    401: gettext_lazy("Chưa xác thực"),
    403: gettext_lazy("Không có quyền"),
    404: gettext_lazy("Không tìm thấy"),
    409: gettext_lazy("Chưa thể thực hiện"),
    422: gettext_lazy("Dữ liệu không hợp lệ"),
    429: gettext_lazy("Quá nhiều yêu cầu"),
    503: gettext_lazy("Tạm thời chưa phục vụ được"),
}
SLUGS = {400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 409: "conflict",
         422: "invalid", 429: "too-many-requests", 503: "unavailable"}


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] | None = None
    request_id: str


class ApiProblem(Exception):
    """Raised anywhere in the API to answer with a problem; ``errors``: {field: [message, …]}."""

    def __init__(self, status, detail="", *, errors=None, slug=None, headers=None):
        super().__init__(str(detail))
        self.status, self.detail, self.errors, self.slug, self.headers = status, detail, errors, slug, headers or {}


def problem(request, status, detail="", *, errors=None, slug=None, headers=None):
    body = {
        "type": f"urn:qms:problem:{slug or SLUGS.get(status, 'error')}",
        "title": str(TITLES.get(status, _("Lỗi"))),
        "status": status,
        "detail": str(detail or TITLES.get(status, "")),
        "errors": {k: [str(m) for m in v] for k, v in errors.items()} if errors else None,
        "request_id": getattr(request, "request_id", ""),
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def choice(choices):
    """A Literal of a TextChoices' values: named enums would collide in the schema (every "Status")."""
    from typing import Literal

    return Literal.__getitem__(tuple(choices.values))


# The error answers an operation may give; each router adds those of its operations to its `response=`.
def errors(*statuses):
    return {status: Problem for status in statuses}
