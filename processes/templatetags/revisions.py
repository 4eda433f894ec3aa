"""Template helpers of the document register, cheap enough to run on every row of a list."""

from django import template
from django.utils.html import format_html

register = template.Library()

_STATUS_CLASS = {"effective": "status-ok", "draft": "status-warn", "in_review": "status-info", "approved": "status-info"}


@register.simple_tag
def revision_status(revision):
    """The coloured status badge of a revision (an include per row cost more than the row's query)."""
    return format_html('<span class="status {}" data-status="{}">{}</span>',
                       _STATUS_CLASS.get(revision.status, "status-bad"), revision.status, revision.get_status_display())


@register.filter
def days(value):
    """A number of working days as people write it: "12", "0,5", "1,25" ("0.5" in English), never "0,50"."""
    if value is None or value == "":
        return ""
    from django.utils.formats import number_format

    number = round(float(value), 2)
    return number_format(int(number) if number == int(number) else number)
