"""Showing a search's words in a list: ``{{ text|highlight:search }}``, ``{{ text|snippet:search }}``.

``search`` is the parsed query the view puts in the context (qms.core.search.parse); both return escaped
text with only ``<mark>`` added.
"""

from django import template

from qms.core import search as core_search

register = template.Library()


@register.filter
def highlight(value, query):
    return core_search.highlight(value, query)


@register.filter
def found_in(query, value):
    """``{% if search|found_in:nc.process_ref %}``: a field not shown in the list matched, so show it."""
    return bool(query) and core_search.parse(query).found_in(value or "")


@register.filter
def snippet(value, query):
    """About 110 characters (a list cell) around the first match, else the start of the text."""
    return core_search.snippet(value, query)
