"""Checks shared by the domain fuzz targets: accepted values round-trip (NFC), refusals explain themselves."""

import unicodedata

from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.utils.html import escape


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


# ---------------------------------------------------------------------------------------------
# Stricter checks (quality.md "Bad input"): a refusal gives its reason in Vietnamese, on the page,
# and leaves nothing behind; an acceptance stores exactly the NFC form of what was sent.

# Letters only Vietnamese (of the languages the app speaks) writes; an English message has none.
VIETNAMESE_LETTERS = frozenset("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")


def in_vietnamese(text, sent=()):
    """Does the text carry Vietnamese words of its own, not only ones echoed back from the input?"""
    for value in sorted(sent, key=len, reverse=True):
        for echo in {value, value.strip(), unicodedata.normalize("NFC", value).strip()}:
            if echo:
                text = text.replace(echo, "")
    return any(c in VIETNAMESE_LETTERS for c in unicodedata.normalize("NFC", text).lower())


def _bound_forms(context):
    values = [context[k] for k in context.keys()] if context is not None and hasattr(context, "keys") else []
    seen = {}
    for value in values:
        if hasattr(value, "errors") and getattr(value, "is_bound", False):
            seen[id(value)] = value
    return list(seen.values())


def _messages(response, level):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == level]


def refusal_reasons(response):
    """What a refused request tells the person: its error messages and, on a form page (200), the form's errors."""
    reasons = _messages(response, ERROR)
    if response.status_code == 200:
        for form in _bound_forms(response.context):
            for errors in form.errors.values():
                reasons.extend(str(e) for e in errors)
    return reasons


def was_accepted(response):
    """Accepted: a redirect carrying no error message. Refused: the form again, or a redirect with an error."""
    return response.status_code in (301, 302, 303) and not _messages(response, ERROR)


def snapshot(*models, obj=None):
    """before=: row counts of ``models`` and their history tables, and the full state of ``obj(world)``
    (its fields and many-to-many links), so a refused request can be shown to have changed nothing."""

    def take(world):
        state = {}
        for model in models:
            state[model._meta.label] = model._default_manager.count()
            if hasattr(model, "history"):
                state[model.history.model._meta.label] = model.history.count()
        if obj is not None:
            instance = obj(world)
            instance = type(instance)._default_manager.get(pk=instance.pk)
            state["object"] = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
            for f in instance._meta.many_to_many:
                state["object"][f.name] = sorted(getattr(instance, f.name).values_list("pk", flat=True))
        return state

    return take


def nfc(value):
    """What a Django CharField (stripping) followed by NFC makes of a sent value."""
    return unicodedata.normalize("NFC", value.strip()).strip()


def strictly(fetch=None, fields=(), expect=None, *, take=None):
    """check= for a Target with before=snapshot(...).

    Accepted (a redirect without an error): the page says so (a success message); each of ``fields`` of
    ``fetch(world, data, response)`` is stored as ``expect.get(name, nfc)(sent)`` and fits its column
    (a field is a name, or (stored name, sent name) when the form calls it otherwise).
    Refused: at least one reason, every reason in Vietnamese, shown on the page when the form comes back,
    and the snapshot unchanged (no new row, no history row, the edited object as it was).
    ``take(world)`` re-takes the snapshot (the same function given as before=).
    """
    expect = expect or {}

    def check(world, data, response, before):
        sent = [v for v in data.values() if isinstance(v, str)]
        if was_accepted(response):
            assert _messages(response, SUCCESS), ("an accepted form says so", data)
            if fetch is None:
                return
            obj = fetch(world, data, response)
            for name in fields:
                name, sent_as = name if isinstance(name, tuple) else (name, name)
                stored = getattr(obj, name)
                wanted = expect.get(name, nfc)(data[sent_as])
                assert stored == wanted, (name, data[sent_as], stored)
                limit = getattr(obj._meta.get_field(name), "max_length", None)
                assert limit is None or len(stored) <= limit, (name, len(stored), limit)
            return
        reasons = refusal_reasons(response)
        assert reasons, ("a refusal says why", response.status_code, data)
        for reason in reasons:
            assert in_vietnamese(reason, sent), ("the reason is in Vietnamese", reason)
        if response.status_code == 200:
            page = response.content.decode()
            for reason in reasons:
                assert escape(reason) in page, ("the reason is on the page", reason)
        if take is not None:
            assert take(world) == before, ("a refused request leaves nothing behind", data)

    return check
