"""Citing a clause: ``{% clause code agency made %}`` and ``{% iso_standard agency %}`` (issue 18).

The one piece every page and PDF uses where a clause is shown. ``code`` may hold several ("4.2.3, 8.2.2");
each is shown with its title as a tooltip in the edition the record was made under (``made``: the record's
date; omitted, the agency's current edition). A record made under 2008 in an agency now on 2015 shows its
2015 equivalent beside it, or says it has none.
"""

from django import template
from django.utils.html import format_html, format_html_join

from qms.core import clauses as catalogue
from qms.core import editions

register = template.Library()


def _one(code, edition, current):
    title = catalogue.clause_title(edition, code)
    shown = format_html('<span class="clause" title="{}">{}</span>', title, code) if title else code
    parts = editions.equivalents(code, edition, current)
    if not parts:
        return shown
    return format_html('{} <span class="clause-equivalent" data-edition="{}">({}: {})</span>',
                       shown, current, editions.standard_name(current).removeprefix("TCVN "), parts[0])


@register.simple_tag
def clause(code, agency=None, made=None):
    codes = catalogue.split_codes(code)
    if not codes:
        return "—"
    edition = editions.edition_on(agency, made)
    current = agency.iso_edition if agency is not None else edition
    return format_html_join(", ", "{}", ((_one(c, edition, current),) for c in codes))


@register.simple_tag
def iso_standard(agency=None):
    """"TCVN ISO 9001:2008" or ":2015", the agency's edition."""
    return editions.standard_name(agency.iso_edition if agency is not None else None)


@register.simple_tag
def clause_equivalent(code, agency=None, made=None):
    """Only what ``{% clause %}`` adds beside a 2008 record's codes, for a list that shows the code itself
    (highlighted by a search): the 2015 equivalents, or nothing."""
    codes = catalogue.split_codes(code)
    edition = editions.edition_on(agency, made)
    if agency is None or not codes:
        return ""
    parts = editions.equivalents(code, edition, agency.iso_edition)
    if not parts:
        return ""
    return format_html(' <span class="clause-equivalent" data-edition="{}">({}: {})</span>', agency.iso_edition,
                       editions.standard_name(agency.iso_edition).removeprefix("TCVN "), "; ".join(parts))
