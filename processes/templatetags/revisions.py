"""Template helpers of the document register, cheap enough to run on every row of a list."""

from django import template
from django.utils.formats import get_format, number_format
from django.utils.html import format_html

from processes.documents.content import round_days

register = template.Library()

_STATUS_CLASS = {"effective": "status-ok", "draft": "status-warn", "in_review": "status-info", "approved": "status-info"}


@register.simple_tag
def revision_status(revision):
    """The coloured status badge of a revision (an include per row cost more than the row's query)."""
    return format_html('<span class="status {}" data-status="{}">{}</span>',
                       _STATUS_CLASS.get(revision.status, "status-bad"), revision.status, revision.get_status_display())


def format_days(value):
    """A number of working days as people write it: "12", "0,5", "1,25" ("0.5" in English), never "12,0" or
    "0,50". The one format of step times and processing times, on every page and in the Word import's preview;
    static/js/processes.js formats the editor's live sum the same way (with decimal_separator below)."""
    if value is None or value == "":
        return ""
    number = round_days(float(value))
    return number_format(int(number) if number == int(number) else number)


register.filter("days", format_days)


@register.simple_tag
def decimal_separator():
    """The active language's decimal separator, which format_days writes: the editor's script uses it."""
    return get_format("DECIMAL_SEPARATOR")
