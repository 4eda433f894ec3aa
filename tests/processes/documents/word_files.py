"""Word (.docx) procedures as agencies write them, built with python-docx for the import tests.

``procedure()`` makes the usual shape (vietnam-public-sector.md): a title block and the amendment table
on the first page, then 1. MỤC ĐÍCH … 7. HỒ SƠ CẦN LƯU, with 5.1–5.7 under section 5 and the steps,
forms and records as tables. Its options change one thing at a time (how headings are marked, diacritics,
a missing or an extra section, the step times, merged cells) so each test says what it varies.
"""

import io
import unicodedata

import docx

STEPS = [
    ("B1", "Bộ phận một cửa", "Tiếp nhận, kiểm tra hồ sơ", "0,5 ngày", "BM-05-01"),
    ("B2", "Phòng Quản lý đô thị", "Thẩm định hồ sơ, dự thảo giấy phép", "01 ngày làm việc", "BM-05-02"),
    ("B3", "Lãnh đạo UBND", "Ký giấy phép", "4 giờ", "Giấy phép"),
    ("B4", "Bộ phận một cửa", "Trả kết quả", "10 ngày", ""),
]
STEP_HEADER = ("Bước", "Trách nhiệm", "Trình tự công việc", "Thời gian thực hiện", "Biểu mẫu / Kết quả")


def _fold(text):
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in text if not unicodedata.combining(c))


class Word:
    """A python-docx document with the few gestures agencies use."""

    def __init__(self, diacritics=True):
        self.doc = docx.Document()
        self.diacritics = diacritics

    def _t(self, text):
        return text if self.diacritics else _fold(text)

    def heading(self, text, how="bold", level=1):
        """how: "bold" (a bold paragraph), "style" (Word's Heading 1/2), "plain" (no formatting),
        "list" (Word's automatic numbering: the number is not in the text)."""
        text = self._t(text)
        if how == "style":
            self.doc.add_heading(text, level=level)
        elif how == "list":
            paragraph = self.doc.add_paragraph(style="List Number")
            paragraph.add_run(text).bold = True
        else:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(text).bold = how == "bold"
        return self

    def para(self, text, bold_prefix=None):
        paragraph = self.doc.add_paragraph()
        if bold_prefix:
            paragraph.add_run(self._t(bold_prefix)).bold = True
        paragraph.add_run(self._t(text))
        return self

    def table(self, rows, merges=()):
        """rows: lists of cell texts; merges: ((row, col), (row, col)) corners merged into one cell, whose
        text is the first corner's."""
        table = self.doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = self._t(value)
        for (r1, c1), (r2, c2) in merges:
            keep = table.cell(r1, c1).text
            merged = table.cell(r1, c1).merge(table.cell(r2, c2))
            merged.text = keep
        return self

    def bytes(self):
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def procedure(how="bold", *, diacritics=True, skip=(), extra=False, steps=STEPS, processing="05 ngày làm việc",
              merges=(), front=True, forms_as_table=True):
    """The bytes of a full procedure. ``skip``: section numbers left out ("3", "5.6"…); ``extra``: an
    "8. PHỤ LỤC" section no field holds; ``merges``: merged cells of the steps table (header is row 0)."""
    word = Word(diacritics=diacritics)
    if front:
        word.para("UBND QUẬN HOÀN KIẾM").heading("QUY TRÌNH CẤP GIẤY PHÉP XÂY DỰNG")
        word.table([["Mã hiệu: QT-05", "Lần ban hành: 01", "Ngày ban hành: 01/03/2024"]])
        word.heading("THEO DÕI SỬA ĐỔI TÀI LIỆU")
        word.table([["Ngày sửa đổi", "Trang/Mục", "Nội dung sửa đổi", "Lần ban hành", "Ghi chú"],
                    ["01/03/2024", "Toàn bộ", "Ban hành lần đầu", "01", ""]])
    def head(number, title):
        if number in skip:
            return False
        sub = "." in number
        if how == "list" and not sub:  # Word numbers the top sections itself; 5.x are typed
            word.heading(title.upper(), "list")
        else:
            word.heading(f"{number}. {title if sub else title.upper()}", "bold" if how == "list" else how,
                         level=2 if sub else 1)
        return True

    def item(number, title, value):
        """5.3 and 5.4 are one line, "title: value", unless the file uses heading styles."""
        if number in skip:
            return
        if how == "style":
            head(number, title)
            word.para(value)
        else:
            word.para(value, bold_prefix=f"{number}. {title}: ")

    if head("1", "Mục đích"):
        word.para("Quy định trình tự cấp giấy phép xây dựng nhà ở riêng lẻ.")
    if head("2", "Phạm vi áp dụng"):
        word.para("Áp dụng cho Bộ phận một cửa và Phòng Quản lý đô thị.")
    if head("3", "Tài liệu viện dẫn"):
        word.para("Luật Xây dựng 2014.").para("Nghị định 15/2021/NĐ-CP.")
    if head("4", "Định nghĩa / chữ viết tắt"):
        word.para("UBND: Ủy ban nhân dân.")
    head("5", "Nội dung quy trình")
    if head("5.1", "Cơ sở pháp lý"):
        word.para("Luật Xây dựng số 50/2014/QH13.")
    if head("5.2", "Thành phần hồ sơ"):
        # Numbered lines inside a section are content, not headings.
        word.para("1. Đơn đề nghị cấp giấy phép (bản chính).").para("2. Bản vẽ thiết kế (bản sao).")
    item("5.3", "Số lượng hồ sơ", "01 bộ")
    item("5.4", "Thời gian xử lý", processing)
    if head("5.5", "Nơi tiếp nhận và trả kết quả"):
        word.para("Bộ phận một cửa UBND quận.")
    if head("5.6", "Lệ phí"):
        word.para("75.000 đồng/giấy phép.")
    if head("5.7", "Quy trình xử lý công việc"):
        word.table([list(STEP_HEADER), *[list(s) for s in steps]], merges=merges)
    if head("6", "Biểu mẫu"):
        if forms_as_table:
            word.table([["TT", "Mã hiệu", "Tên biểu mẫu"], ["1", "BM-05-01", "Phiếu tiếp nhận hồ sơ"],
                        ["2", "BM-05-02", "Phiếu kiểm soát quá trình"]])
        else:
            word.para("BM-05-01: Phiếu tiếp nhận hồ sơ").para("BM-05-02 – Phiếu kiểm soát quá trình")
    if head("7", "Hồ sơ cần lưu"):
        word.table([["TT", "Tên hồ sơ", "Trách nhiệm lưu", "Nơi lưu", "Thời gian lưu"],
                    ["1", "Hồ sơ cấp phép", "Phòng Quản lý đô thị", "Tủ hồ sơ phòng", "Lâu dài"]])
    if extra:
        word.heading("8. PHỤ LỤC", "bold" if how != "style" else "style")
        word.para("Sơ đồ vị trí bộ phận một cửa.")
    return word.bytes()
