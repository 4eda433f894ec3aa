"""CSV and XLSX downloads of registers (master list, NC register…), one way for every app.

Cells that a spreadsheet would run as a formula (starting with = + - @) are prefixed with an
apostrophe: a document title typed as "=HYPERLINK(…)" stays text (CSV injection).
"""

import csv
import io

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_COLUMNS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def safe_cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_response(filename, headers, rows):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 Vietnamese correctly only with a BOM
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename, headers, rows, *, sheet_title, title_lines=(), widths=()):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = str(sheet_title)[:31]  # Excel's limit for sheet names
    for line in title_lines:
        sheet.append([str(line)])
    sheet.append([str(h) for h in headers])
    for cell in sheet[len(title_lines) + 1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for column, width in zip(_COLUMNS, widths):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
