"""Checks shared by the domain fuzz targets: accepted values round-trip (NFC), refusals explain themselves."""

import unicodedata

from django.contrib.messages import ERROR, get_messages


def nfc_stripped(value):
    return unicodedata.normalize("NFC", value).strip()


def explains_refusal(response):
    """A POST answered with the form again (200) carries a reason: a form error or an error message."""
    if response.status_code != 200 or response.context is None:
        return
    context = response.context
    values = [context[k] for k in context.keys()] if hasattr(context, "keys") else []
    forms = [v for v in values if hasattr(v, "errors") and hasattr(v, "is_bound")]
    has_form_error = any(f.is_bound and f.errors for f in forms)
    has_message = any(m.level >= ERROR for m in get_messages(response.wsgi_request))
    assert has_form_error or has_message or b"errorlist" in response.content or b"status-bad" in response.content, (
        "a refused form says why")


def round_trips(fetch, fields, normalise=nfc_stripped):
    """check=: accepted (redirect) → each field stored as normalise(sent); refused (200) → a reason is shown."""

    def check(world, data, response):
        if response.status_code in (301, 302, 303):
            obj = fetch(world, data, response)
            for name in fields:
                stored = getattr(obj, name)
                assert stored == normalise(data[name]), (name, data[name], stored)
        else:
            explains_refusal(response)

    return check


def explains(world, data, response):
    explains_refusal(response)
