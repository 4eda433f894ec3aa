"""ETag / If-None-Match for documents, revisions and PDFs: 304 when the caller already holds this state."""

import hashlib

from django.http import HttpResponseNotModified


def make(*parts):
    return '"' + hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32] + '"'


def matches(request, tag):
    sent = request.headers.get("If-None-Match", "")
    return tag in [t.strip().removeprefix("W/") for t in sent.split(",")] or sent.strip() == "*"


def not_modified(tag):
    response = HttpResponseNotModified()
    response["ETag"] = tag
    return response
