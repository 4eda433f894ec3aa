"""Citing a clause: ``{% clause code agency made %}`` and ``{% iso_standard agency made %}`` (issue 18).

The one piece every page and PDF uses where a clause is shown. ``code`` may hold several ("4.2.3, 8.2.2");
each is shown with its title as a tooltip in the edition the record was made under (``made``: the record's
date; omitted, the agency's current edition). A record made under 2008 in an agency now on 2015 shows its
2015 equivalent beside it, or says it has none.

The other words that follow the edition (qms.core.editions): ``{% qms_line agency made %}`` the header line of a
document or printed record, ``{% term "key" %}`` the words 2015 changed ("documented information"), ``{% cite
"8.2.2" %}`` a clause the page's own text cites. Without an agency, ``term`` and ``cite`` take the edition of the
user's agency from the page's context (``agency_edition``, qms.core.context_processors.edition).
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
def iso_standard(agency=None, made=None):
    """"TCVN ISO 9001:2008" or ":2015": the agency's edition (for a record made on ``made``, the one it was made
    under); both editions without an agency."""
    return editions.standard_label(agency, made)


@register.simple_tag
def edition_on(agency, made=None):
    """"2008" or "2015": the edition a record of ``agency`` made on ``made`` falls under (a page choosing between
    two texts that differ by more than the words of qms.core.editions)."""
    return editions.edition_on(agency, made)


@register.simple_tag
def qms_line(agency, made=None):
    """The line under the agency's name on a document or printed record made on ``made``."""
    return editions.header_line(agency, made)


def _edition(context, agency, made, edition):
    if edition is not None:
        return edition
    if agency is not None:
        return editions.edition_on(agency, made)
    return context.get("agency_edition")


@register.simple_tag(takes_context=True)
def term(context, key, agency=None, made=None, edition=None):
    """The words of ``key`` (qms.core.editions.TERMS) in ``edition``, or that of ``agency`` (at ``made``), or that
    of the user's agency."""
    return editions.term(key, _edition(context, agency, made, edition))


@register.simple_tag(takes_context=True)
def cite(context, codes, agency=None, made=None, edition=None):
    """Clauses ``codes`` ("8.5.2.b, 8.5.2.c", as 2008 numbers them) in ``edition``, or that of ``agency`` (for a
    record made on ``made``), or that of the user's agency."""
    return editions.cite(codes, _edition(context, agency, made, edition))


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
