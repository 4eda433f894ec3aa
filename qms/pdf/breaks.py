"""Rows taller than a page, in tables that repeat their header row (WeasyPrint 70).

The print CSS keeps every table row on one page (``static/pdf/tables.css``: ``tr { break-inside: avoid }``).
A row taller than a page cannot stay whole, and the CSS rules allow it to split; WeasyPrint does split it, but
first moves it to a new page and then, finding it does not fit under the repeated header row, lays the page out
again without the header, on every page the row fills (Kozea/WeasyPrint#2679, open). A reader of a long finding or
step then sees pages of a table with no column titles.

So :func:`layout` lays the document out, looks for pages where a table that has a header row shows body rows
without it, and lets the first row on each such page split (an inline ``break-inside: auto``, which outranks the
stylesheet), then lays it out again: the row now starts right after the previous one and every page of the table
has its header. Most documents have no such row and are laid out once.
"""

from weasyprint.formatting_structure import boxes

MAX_PASSES = 3  # every over-tall row shows up in the first pass; the rest is a guard against surprises
SPLIT = "break-inside:auto"


def layout(source, *, refused=None, **options):
    """``source.render(**options)``, again with over-tall rows allowed to split while any header row is missing.

    ``refused``: the fetcher's list of refused URLs; a second pass refuses the same ones again, kept once.
    """
    document = source.render(**options)
    seen = len(refused) if refused is not None else 0
    for _ in range(MAX_PASSES - 1):
        rows = rows_pushing_headers_off(document)
        if not rows:
            break
        for row in rows:
            row.set("style", f"{row.get('style') or ''};{SPLIT}")
        document = source.render(**options)
        if refused is not None:
            del refused[seen:]
    return document


def rows_pushing_headers_off(document):
    """The source elements of rows that begin a page on which their table's header row is missing."""
    headed, suspects = set(), []
    for page in document.pages:
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.TableBox) or box.element is None:
                continue
            groups = [g for g in box.children if isinstance(g, boxes.TableRowGroupBox)]
            if any(g.is_header for g in groups):
                headed.add(box.element)
                continue
            if _has_thead(box.element):  # its header row was left off even on the table's first page
                headed.add(box.element)
            first = next((row for g in groups if not g.is_footer for row in g.children), None)
            if first is not None and first.element is not None:
                suspects.append((box.element, first.element))
    rows = []
    for table, row in suspects:
        if table in headed and row not in rows and SPLIT not in (row.get("style") or ""):
            rows.append(row)
    return rows


def _has_thead(element):
    return any(isinstance(child.tag, str) and child.tag.rpartition("}")[2] == "thead" for child in element)
