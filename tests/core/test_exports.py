import csv
import io

from openpyxl import load_workbook

from qms.core.exports import csv_response, xlsx_response

ROWS = [[1, "QT-05", "Cấp giấy phép xây dựng"], [2, "QT-06", "=HYPERLINK(\"http://x\")"]]


def test_csv_keeps_vietnamese_and_neutralises_formulas():
    response = csv_response("a.csv", ["STT", "Mã hiệu", "Tên"], ROWS)
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[1] == ["1", "QT-05", "Cấp giấy phép xây dựng"]
    assert rows[2][2].startswith("'=")
    assert response["Content-Disposition"] == 'attachment; filename="a.csv"'


def test_xlsx_has_title_lines_bold_header_and_text_formulas():
    response = xlsx_response("a.xlsx", ["STT", "Mã hiệu", "Tên"], ROWS, sheet_title="Danh mục", title_lines=["UBND Quận Hoàn Kiếm"])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Danh mục"
    assert sheet["A1"].value == "UBND Quận Hoàn Kiếm"
    assert sheet["B2"].value == "Mã hiệu" and sheet["B2"].font.bold
    assert sheet["C3"].value == "Cấp giấy phép xây dựng"
    assert sheet["C4"].value.startswith("'=")
