"""What a notification says: a message key and plain parameters, rendered in the reader's language.

A notification stores ``key`` ("documents.review") and ``params`` (codes, titles, numbers, dates as ISO
strings), never a sentence translated in the actor's language: My work shows it in the language of whoever
reads it, and each e-mail is written in its recipient's language. Each subject lists its messages in its
``messages.py`` and registers them from its app's ``ready()`` (``qms.core.subjects.register_messages``), so
this module imports no app. Rows stored before keys existed carry ``LEGACY`` and show the sentence they were
stored with (``Notification.text``); so does any row whose message can no longer be rendered.

Parameter names shared by every message, read by the e-mail to say what it is about and by when:
``code`` (document code, NC reference, audit code, feedback tracking code), ``title``, ``issue`` (a
document's issue number) and ``due`` (an ISO date).
"""

import datetime
import re
from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats, translation

from qms.core import subjects

LEGACY = "legacy"
PLACEHOLDER = re.compile(r"%\((\w+)\)")
# Parameters whose value is an ISO date (YYYY-MM-DD), shown in the reader's date format.
DATE_PARAMS = frozenset({"due"})


@dataclass(frozen=True)
class Message:
    """One kind of notification. ``text`` is a lazy msgid with ``%(name)s`` placeholders: one line, shown on
    My work and used as the e-mail subject. ``task`` says whether it asks the reader to do something (the
    e-mail's wording and button follow it); the call site's ``task=`` key is what marks it done."""

    text: object
    task: bool = True

    def placeholders(self):
        """Names the Vietnamese msgid uses: what every call site must supply."""
        with translation.override(None):  # no catalog: the msgid itself
            return set(PLACEHOLDER.findall(str(self.text)))


def language_of(user):
    """The language a person reads in: their own choice, else the site's."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def message(key):
    return subjects.notification_message(key)


def display_params(params):
    """Parameters as the reader sees them: ISO dates in the active language's date format."""
    shown = dict(params)
    for name in DATE_PARAMS & shown.keys():
        try:
            shown[name] = formats.date_format(datetime.date.fromisoformat(shown[name]), "SHORT_DATE_FORMAT")
        except (TypeError, ValueError):
            pass  # not an ISO date: shown as stored
    return shown


def render(key, params, *, fallback="", language=None):
    """The sentence in ``language`` (default: the active one). A legacy row, or one whose message is gone or
    no longer matches its parameters, shows ``fallback``: the sentence it was stored with."""
    msg = message(key)
    if msg is None:
        return fallback
    with translation.override(language) if language else nullcontext():
        try:
            return str(msg.text) % display_params(params or {})
        except (KeyError, TypeError, ValueError):
            return fallback


def check_params(key, params):
    """Refuse, at the call site, a key nobody registered or parameters its message does not get."""
    msg = message(key)
    if msg is None:
        raise LookupError(f"No notification message is registered under {key!r}.")
    missing = msg.placeholders() - set(params)
    if missing:
        raise KeyError(f"Notification {key!r} needs the parameters {sorted(missing)}.")
    for name, value in params.items():
        if not isinstance(value, (str, int, float, bool, type(None))):
            raise TypeError(f"Notification parameter {name!r} must be a plain value (got {type(value).__name__}); "
                            "store dates as ISO strings.")
