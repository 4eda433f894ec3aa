"""CSV and XLSX downloads of registers (master list, NC register…), one way for every app.

Callers give plain values: text, numbers, ``date`` and ``datetime`` objects (never dates already formatted as
text, which a spreadsheet can neither sort nor filter). CSV writes dates as dd/mm/yyyy; XLSX stores real dates
shown dd/mm/yyyy, starts the table at A1 with a bold header row that stays frozen while scrolling and carries an
autofilter, sizes each column to its content, and prints the title lines at the top of every page.

Cells that a spreadsheet would run as a formula (starting with = + - @) are prefixed with an
apostrophe: a document title typed as "=HYPERLINK(…)" stays text (CSV injection).
"""

import csv
import datetime
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import pgettext

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"  # Excel's code for the dd/mm/yyyy the agencies write (PLAT-2)
DATETIME_FORMAT = "hh:mm dd/mm/yyyy"  # as the pages write a time (qms/formats)
MIN_WIDTH, MAX_WIDTH = 5, 60  # characters; longer text stays in its cell, readable in the formula bar


def safe_cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _local(value):
    """An aware datetime in the local time zone without tzinfo (Excel has no time zones); others unchanged."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


def _text(value):
    """A value as CSV writes it and as its column width is measured."""
    value = _local(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%H:%M %d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(safe_cell(value))


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename, headers, rows):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 Vietnamese correctly only with a BOM
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([_text(v) for v in row])
    return _attachment(HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8"), filename)


def xlsx_response(filename, headers, rows, *, sheet_title, title_lines=()):
    """``title_lines`` (agency, register name and date) go in the printed page header and the file's title."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = str(sheet_title)[:31]  # Excel's limit for sheet names
    headers = [str(h) for h in headers]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for row in rows:
        values = [safe_cell(_local(v)) for v in row]
        sheet.append(values)
        for cell, value in zip(sheet[sheet.max_row], values):
            if isinstance(value, datetime.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
        for i, value in enumerate(values):
            widths[i] = max(widths[i], len(_text(value)))
    last_column = get_column_letter(len(headers))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_column}{sheet.max_row}"
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    _page_setup(sheet, book, [str(line) for line in title_lines])
    buffer = io.BytesIO()
    book.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)


def _page_setup(sheet, book, title_lines):
    """Printed: landscape, as wide as the paper, header row and title lines on every page, 'Trang x/y' below."""
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_lines:
        # "&" starts a code in Excel's page header ("&P" is the page number): a literal one is doubled.
        sheet.oddHeader.center.text = "\n".join(line.replace("&", "&&") for line in title_lines)
        book.properties.title = " – ".join(title_lines)
    sheet.oddFooter.center.text = pgettext("printed page number", "Trang") + " &P/&N"
