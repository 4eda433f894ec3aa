"""Reading a Word procedure as agencies write it (issue 13, item 6): numbered headings by their text, the
sections and 5.1–5.7 to their fields, the steps, forms and records tables to rows, step times as working days.
The files are built with python-docx (word_files.py); nothing here touches the database."""

import io

import pytest

from processes.documents.content import parse_days, step_days_total, time_mismatch
from processes.documents.docx_import import DocxImportError, import_docx
from tests.processes.documents.word_files import STEP_HEADER, STEPS, Word, procedure

EXPECTED_STEPS = [dict(zip(["step", "responsibility", "description", "time", "forms"], s)) for s in STEPS]


def read(content):
    return import_docx(io.BytesIO(content))


def test_it_maps_every_standard_section_of_bold_numbered_paragraphs_to_its_field():
    data = read(procedure("bold")).data

    assert data["purpose"] == "Quy định trình tự cấp giấy phép xây dựng nhà ở riêng lẻ."
    assert data["scope"] == "Áp dụng cho Bộ phận một cửa và Phòng Quản lý đô thị."
    assert data["references"] == "Luật Xây dựng 2014.\nNghị định 15/2021/NĐ-CP."
    assert data["definitions"] == "UBND: Ủy ban nhân dân."
    assert data["legal_basis"] == "Luật Xây dựng số 50/2014/QH13."
    # Numbered lines inside 5.2 stay its content: they are not headings of their own.
    assert data["dossier"] == "1. Đơn đề nghị cấp giấy phép (bản chính).\n2. Bản vẽ thiết kế (bản sao)."
    assert data["dossier_count"] == "01 bộ"
    assert data["processing_time_days"] == 5
    assert data["submit_place"] == "Bộ phận một cửa UBND quận."
    assert data["fee"] == "75.000 đồng/giấy phép."
    assert data["steps"] == EXPECTED_STEPS
    assert data["forms"] == [{"code": "BM-05-01", "name": "Phiếu tiếp nhận hồ sơ"},
                             {"code": "BM-05-02", "name": "Phiếu kiểm soát quá trình"}]
    assert data["records"] == [{"name": "Hồ sơ cấp phép", "keeper": "Phòng Quản lý đô thị", "place": "Tủ hồ sơ phòng",
                                "retention": "Lâu dài"}]


def test_heading_styles_bold_paragraphs_and_word_numbering_give_the_same_draft():
    bold = read(procedure("bold")).data
    assert read(procedure("style")).data == bold
    assert read(procedure("list")).data == bold


def test_headings_without_diacritics_are_recognised():
    data = read(procedure("bold", diacritics=False)).data

    assert data["purpose"] == "Quy dinh trinh tu cap giay phep xay dung nha o rieng le."
    assert data["processing_time_days"] == 5
    assert data["fee"] == "75.000 dong/giay phep."
    assert [s["step"] for s in data["steps"]] == ["B1", "B2", "B3", "B4"]
    assert len(data["records"]) == 1


def test_plain_mixed_case_numbered_headings_are_recognised_by_their_words():
    word = Word()
    word.heading("1. Mục đích", "plain").para("Cấp phép nhanh.")
    word.heading("2. Phạm vi áp dụng", "plain").para("Toàn quận.")
    word.para("5.4 Thời gian xử lý: 10 ngày làm việc kể từ ngày nhận đủ hồ sơ")
    result = read(word.bytes())

    assert result.data["purpose"] == "Cấp phép nhanh." and result.data["scope"] == "Toàn quận."
    assert result.data["processing_time_days"] == 10
    assert result.sources["processing_time_days"] == ["5.4 Thời gian xử lý"]


def test_the_first_page_and_an_extra_section_are_left_unplaced_and_reported():
    result = read(procedure("bold", extra=True))

    titles = [u["title"] for u in result.unplaced]
    assert titles == ["", "8. PHỤ LỤC"]  # "": what comes before section 1 (title block, amendment table)
    assert "THEO DÕI SỬA ĐỔI TÀI LIỆU" in result.unplaced[0]["html"]
    assert "Sơ đồ vị trí bộ phận một cửa." in result.unplaced[1]["html"]
    everything = " ".join(str(v) for v in result.data.values())
    assert "PHỤ LỤC" not in everything and "Sơ đồ vị trí" not in everything and "THEO DÕI" not in everything


def test_a_missing_section_is_simply_absent_so_the_draft_keeps_its_own():
    data = read(procedure("bold", skip=("3", "5.6"))).data

    assert "references" not in data and "fee" not in data
    assert data["scope"] == "Áp dụng cho Bộ phận một cửa và Phòng Quản lý đô thị."
    assert data["definitions"] == "UBND: Ủy ban nhân dân."
    assert data["submit_place"] == "Bộ phận một cửa UBND quận."


def test_merged_cells_repeat_the_text_but_count_a_shared_time_once():
    # "Bộ phận một cửa" spans B1–B2 (vertical merge); "4 giờ" spans B3–B4, the time of both together.
    steps = [list(s) for s in STEPS]
    steps[3][3] = ""
    data = read(procedure("bold", steps=steps, merges=[((1, 1), (2, 1)), ((3, 3), (4, 3))])).data

    assert [s["responsibility"] for s in data["steps"]] == ["Bộ phận một cửa", "Bộ phận một cửa", "Lãnh đạo UBND",
                                                            "Bộ phận một cửa"]
    assert [s["time"] for s in data["steps"]] == ["0,5 ngày", "01 ngày làm việc", "4 giờ", ""]
    assert step_days_total(data["steps"]) == 2


def test_a_cell_merged_across_columns_lands_in_its_first_column():
    word = Word()
    word.heading("5.7. Quy trình xử lý công việc")
    word.table([list(STEP_HEADER), ["B1", "Một cửa", "Tiếp nhận", "1 ngày", "BM-01"],
                ["Giai đoạn 2: thẩm định", "", "", "", ""]], merges=[((2, 0), (2, 4))])
    data = read(word.bytes()).data

    assert data["steps"][1] == {"step": "Giai đoạn 2: thẩm định", "responsibility": "", "description": "", "time": "",
                                "forms": ""}


def test_step_columns_are_found_by_their_header_words_in_any_order():
    word = Word()
    word.heading("5. NỘI DUNG QUY TRÌNH")
    word.table([["TT", "Nội dung công việc", "Người thực hiện", "Thời hạn", "Hồ sơ/Biểu mẫu"],
                ["(1)", "(2)", "(3)", "(4)", "(5)"],  # a numbering row under the header
                ["1", "Tiếp nhận hồ sơ", "Cán bộ một cửa", "30 phút", "BM-01"]])
    data = read(word.bytes()).data

    assert data["steps"] == [{"step": "1", "responsibility": "Cán bộ một cửa", "description": "Tiếp nhận hồ sơ",
                              "time": "30 phút", "forms": "BM-01"}]


def test_forms_and_records_written_as_lines_become_rows():
    word = Word()
    word.heading("6. BIỂU MẪU").para("BM-05-01: Phiếu tiếp nhận hồ sơ").para("BM-05-02 – Phiếu kiểm soát quá trình")
    word.heading("7. HỒ SƠ CẦN LƯU").para("- Hồ sơ cấp phép").para("- Sổ theo dõi")
    data = read(word.bytes()).data

    assert data["forms"] == [{"code": "BM-05-01", "name": "Phiếu tiếp nhận hồ sơ"},
                             {"code": "BM-05-02", "name": "Phiếu kiểm soát quá trình"}]
    assert data["records"] == [{"name": "Hồ sơ cấp phép", "keeper": "", "place": "", "retention": ""},
                               {"name": "Sổ theo dõi", "keeper": "", "place": "", "retention": ""}]


def test_an_unknown_sub_item_of_section_5_goes_into_the_procedure_text_with_its_heading():
    word = Word()
    word.heading("5. NỘI DUNG QUY TRÌNH").para("Áp dụng cơ chế một cửa.")
    word.heading("5.8. Yêu cầu, điều kiện").para("Có quyền sử dụng đất hợp pháp.")
    data = read(word.bytes()).data

    assert data["procedure_html"] == ("<p>Áp dụng cơ chế một cửa.</p><h3>5.8. Yêu cầu, điều kiện</h3>"
                                      "<p>Có quyền sử dụng đất hợp pháp.</p>")


def test_a_file_without_any_section_heading_goes_whole_into_the_procedure_text():
    result = read(Word().para("Bước 1: tiếp nhận hồ sơ.").para("Bước 2: trả kết quả.").bytes())

    assert result.data == {"procedure_html": "<p>Bước 1: tiếp nhận hồ sơ.</p><p>Bước 2: trả kết quả.</p>"}
    assert result.unplaced == []


def test_a_processing_time_that_is_not_a_whole_number_of_days_is_reported_not_guessed():
    result = read(procedure("bold", processing="Trong ngày làm việc"))

    assert "processing_time_days" not in result.data
    assert any("Trong ngày làm việc" in note for note in result.notes)


def test_a_file_with_only_unknown_sections_is_refused():
    with pytest.raises(DocxImportError):
        read(Word().heading("8. PHỤ LỤC").para("Sơ đồ.").bytes())


def test_step_times_in_hours_and_days_are_working_days_of_eight_hours():
    assert parse_days("0,5 ngày") == 0.5
    assert parse_days("01 ngày làm việc") == 1
    assert parse_days("10 ngày") == 10
    assert parse_days("4 giờ") == 0.5
    assert parse_days("4h") == 0.5
    assert parse_days("2 gio") == 0.25
    assert parse_days("30 phút") == 30 / 480
    assert parse_days("1 ngày 4 giờ") == 1.5
    assert parse_days("Theo quy định") is None and parse_days("") is None


def test_the_import_compares_the_step_times_with_the_processing_time_as_the_editor_does():
    data = read(procedure("bold")).data  # 0,5 ngày + 01 ngày + 4 giờ + 10 ngày = 12, stated 05 ngày

    assert step_days_total(data["steps"]) == 12
    assert time_mismatch(data["steps"], data["processing_time_days"])
    steps = [list(s) for s in STEPS]
    steps[3][3] = "3 ngày"
    matching = read(procedure("bold", steps=steps)).data
    assert not time_mismatch(matching["steps"], matching["processing_time_days"])


def test_roman_numbers_lettered_sub_items_and_a_title_colon_value_line_are_headings_too():
    word = Word()
    word.heading("I. MỤC ĐÍCH").para("Cấp phép nhanh.")
    word.heading("V. NỘI DUNG QUY TRÌNH")
    word.heading("a) Cơ sở pháp lý", "plain").para("Luật Xây dựng.")
    word.heading("b) Thành phần, số lượng hồ sơ").para("Đơn đề nghị.")
    word.para("Lệ phí: 50.000 đồng")  # that line only: what follows stays in the dossier
    word.para("Bản vẽ thiết kế.")
    data = read(word.bytes()).data

    assert data["purpose"] == "Cấp phép nhanh." and data["legal_basis"] == "Luật Xây dựng."
    assert data["dossier"] == "Đơn đề nghị.\nBản vẽ thiết kế." and data["fee"] == "50.000 đồng"


def test_a_document_title_or_a_list_line_that_starts_like_a_section_is_not_a_heading():
    word = Word()
    word.heading("QUY TRÌNH XỬ LÝ HỒ SƠ CẤP GIẤY PHÉP XÂY DỰNG NHÀ Ở")
    word.heading("1. MỤC ĐÍCH").para("Cấp phép nhanh.")
    word.heading("7. HỒ SƠ CẦN LƯU").para("- Hồ sơ cấp phép").para("Hồ sơ thẩm định")
    result = read(word.bytes())

    assert "QUY TRÌNH XỬ LÝ" in result.unplaced[0]["html"] and "steps" not in result.data
    assert [r["name"] for r in result.data["records"]] == ["Hồ sơ cấp phép", "Hồ sơ thẩm định"]


def test_a_table_merged_beyond_reason_is_read_as_text_not_laid_out_cell_by_cell():
    from processes.documents.docx_import import tables, tree

    row = '<tr><td rowspan="100000" colspan="100000"><p>x</p></td></tr>'
    table = tree.parse(f"<table>{row * 3000}</table>").children[0]

    assert tables.grid(table) == [] and tables.classify(table) == (None, [])
    assert tables.lines(table) == ["x"] * 3000


def test_html_nested_deeper_than_any_procedure_is_refused_not_a_server_error():
    from processes.documents.docx_import import read_html

    with pytest.raises(DocxImportError):
        read_html("<table><tr><td>" * 2000 + "x")


def test_an_acronym_or_a_bold_number_alone_does_not_make_a_heading():
    word = Word()
    word.heading("1. MỤC ĐÍCH").para("Cấp phép nhanh.")
    word.para("2. UBND: Ủy ban nhân dân.")  # a numbered definition in capitals, not section 2
    word.heading("2. PHẠM VI ÁP DỤNG").para("Toàn quận.")
    word.para("05 ngày làm việc", bold_prefix="5.4. ")  # only the number is bold
    word.para("Thời gian xử lý: 05 ngày làm việc", bold_prefix="5.4. ")
    data = read(word.bytes()).data

    assert data["purpose"] == "Cấp phép nhanh.\n2. UBND: Ủy ban nhân dân."
    assert data["scope"] == "Toàn quận.\n5.4. 05 ngày làm việc" and data["processing_time_days"] == 5
