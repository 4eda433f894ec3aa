import csv
import datetime
import io

from openpyxl import load_workbook

from qms.core.exports import csv_response, xlsx_response

HEADERS = ["STT", "Mã hiệu", "Tên", "Ngày hiệu lực", "Đóng lúc"]
ROWS = [
    [1, "QT-05", "Cấp giấy phép xây dựng", datetime.date(2026, 7, 15), None],
    [2, "QT-06", "=HYPERLINK(\"http://x\")", datetime.date(2026, 12, 1),
     datetime.datetime(2026, 12, 1, 2, 30, tzinfo=datetime.UTC)],
]


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_csv_keeps_vietnamese_writes_dates_dd_mm_yyyy_and_neutralises_formulas():
    response = csv_response("a.csv", HEADERS, ROWS)
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[1] == ["1", "QT-05", "Cấp giấy phép xây dựng", "15/07/2026", ""]
    assert rows[2][2].startswith("'=")
    assert rows[2][3:] == ["01/12/2026", "09:30 01/12/2026"]  # local time (Asia/Ho_Chi_Minh)
    assert response["Content-Disposition"] == 'attachment; filename="a.csv"'


def test_xlsx_is_a_table_from_a1_with_bold_frozen_filtered_header():
    sheet = _sheet(xlsx_response("a.xlsx", HEADERS, ROWS, sheet_title="Danh mục", title_lines=["UBND Quận Hoàn Kiếm"]))
    assert sheet.title == "Danh mục"
    assert [c.value for c in sheet[1]] == HEADERS and all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"
    assert sheet.print_title_rows == "$1:$1"  # the header row on every printed page
    assert sheet["C2"].value == "Cấp giấy phép xây dựng"
    assert sheet["C3"].value.startswith("'=")


def test_xlsx_dates_are_dates_shown_dd_mm_yyyy():
    sheet = _sheet(xlsx_response("a.xlsx", HEADERS, ROWS, sheet_title="Danh mục"))
    assert sheet["D2"].value == datetime.datetime(2026, 7, 15) and sheet["D2"].is_date
    assert sheet["D2"].number_format == "dd/mm/yyyy"
    assert sheet["E3"].value == datetime.datetime(2026, 12, 1, 9, 30)  # local time, no time zone in Excel
    assert sheet["E3"].number_format == "hh:mm dd/mm/yyyy"
    assert sheet["E2"].value is None


def test_xlsx_columns_are_as_wide_as_their_content_within_bounds():
    rows = [[1, "QT-05", "Quy trình " * 30, datetime.date(2026, 7, 15), None]]
    sheet = _sheet(xlsx_response("a.xlsx", HEADERS, rows, sheet_title="Danh mục"))
    width = {col: sheet.column_dimensions[col].width for col in "ABCDE"}
    assert 5 <= width["A"] <= 8  # "STT"
    assert 8 <= width["B"] <= 12  # "Mã hiệu", "QT-05"
    assert width["C"] == 60  # long titles are capped
    assert 12 <= width["D"] <= 16  # "Ngày hiệu lực" / 15/07/2026


def test_xlsx_title_lines_print_on_every_page_and_name_the_workbook():
    sheet = _sheet(xlsx_response("a.xlsx", HEADERS, ROWS, sheet_title="Danh mục",
                                 title_lines=["Sở KH&CN Hà Nội", "DANH MỤC TÀI LIỆU"]))
    assert "Sở KH&&CN Hà Nội" in sheet.oddHeader.center.text  # "&" is a code in Excel's page header
    assert "DANH MỤC TÀI LIỆU" in sheet.oddHeader.center.text
    assert sheet.parent.properties.title == "Sở KH&CN Hà Nội – DANH MỤC TÀI LIỆU"
    assert "&P" in sheet.oddFooter.center.text


def test_xlsx_with_no_rows_still_has_its_filtered_header():
    sheet = _sheet(xlsx_response("a.xlsx", HEADERS, [], sheet_title="Danh mục"))
    assert sheet.max_row == 1 and sheet.auto_filter.ref == "A1:E1"
