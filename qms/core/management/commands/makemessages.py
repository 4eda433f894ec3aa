"""Django's makemessages, also reading ``_lazy("…")``: some modules import ``gettext_lazy as _lazy``
beside ``gettext as _``, and xgettext only knows the standard names, so their texts would otherwise be
left out of the catalogs (and out of tests/core/test_translations_complete.py)."""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = MakeMessagesCommand.xgettext_options + ["--keyword=_lazy"]
