"""A request id on every response (``X-Request-ID``: the caller's own when it sent a sane one, else a new one)
and on every log line written while the request runs (settings.LOGGING's filter), so an integrator's report
("request 3f2a… failed") leads to the server's lines."""

import contextvars
import logging
import re
import uuid

current = contextvars.ContextVar("request_id", default="-")
SANE = re.compile(r"[A-Za-z0-9._:-]{1,64}")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.headers.get("X-Request-ID", "")
        request.request_id = sent if SANE.fullmatch(sent) else uuid.uuid4().hex
        token = current.set(request.request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            return response
        finally:
            current.reset(token)
