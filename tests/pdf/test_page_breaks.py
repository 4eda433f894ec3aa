"""Long tables in every PDF: a row stays on one page (its number with its text), the header row starts every page
of the table, and a row taller than a page is still split (with the header above each part).

Each row's text carries markers («R7» … «E7», which a line never breaks inside) and a token (BM0105) in every
sentence; the pages are read back word by word with pdfplumber: the row's number must sit beside its start marker,
the end marker on the same page, and the header above the first row on every page the table reaches.
"""

import datetime
import io
import re

import pdfplumber
import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audits.capa import services as capa
from audits.internal import services as audit_svc
from audits.internal.models import Finding
from processes.documents.models import Document, Revision
from qms.pdf.demo_procedure import procedure_context, procedure_metadata
from qms.pdf.render import render_result
from tests.audits.capa.helpers import analyse, open_nc, record_correction
from tests.audits.internal.helpers import audit

START, END, TOKEN = re.compile(r"«R(\d+)»"), re.compile(r"«E(\d+)»"), "BM0105"
FILLER = ("Tại quầy tiếp nhận số 3, hồ sơ cấp giấy phép xây dựng được ghi sổ theo dõi bằng tay theo mẫu BM0105, "
          "không đối chiếu với phần mềm một cửa điện tử; phiếu kiểm soát quá trình thiếu chữ ký bàn giao.")


def text(n, repeat):
    """A row's text: its start marker, ``repeat`` sentences (about 2.5 lines each in a wide column), its end marker."""
    return f"«R{n}» " + " ".join([FILLER] * repeat) + f" «E{n}»"


def lengths(count, giant=None, giant_repeat=20):
    """Rows of 1 to 5 sentences (up to half a page), so that page ends fall at different heights; ``giant`` is
    longer than a page."""
    return {n: (giant_repeat if n == giant else 1 + (n * 3) % 5) for n in range(1, count + 1)}


def _nearest(hits, top):
    return min(hits, key=lambda h: abs(h["top"] - top)) if hits else None


def assert_rows_whole_and_header_on_every_page(pdf_bytes, *, header, number_label, numbers, may_split=()):
    """The table whose rows carry the markers: on every page it reaches, ``header`` (a header cell's text) sits above
    its rows; every row appears once, its number in the ``number_label`` column beside its start marker, its end
    marker on the same page unless the row is in ``may_split``. Returns how many pages the table spans."""
    seen, table_pages, open_row = [], 0, None
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page_no, page in enumerate(pdf.pages, 1):
            words = page.extract_words()
            starts = {int(m[1]): w for w in words if (m := START.fullmatch(w["text"]))}
            ends = {int(m[1]) for w in words if (m := END.fullmatch(w["text"]))}
            content = [w for w in words if TOKEN in w["text"] or START.fullmatch(w["text"]) or END.fullmatch(w["text"])]
            if not content:
                assert open_row is None, f"page {page_no}: row {open_row} ends nowhere"
                continue
            table_pages += 1
            first_top = min(w["top"] for w in content)
            head = _nearest([h for h in page.search(header) if h["top"] < first_top], first_top)
            assert head is not None, f"page {page_no}: the table's header row is missing above its rows"
            column = _nearest(page.search(number_label), head["top"])
            if open_row is not None:
                assert open_row in may_split, f"page {page_no}: row {open_row} split across pages"
                open_row = None if open_row in ends else open_row
            for n, marker in sorted(starts.items(), key=lambda item: item[1]["top"]):
                beside = [w for w in words if w["text"] == str(n) and abs(w["top"] - marker["top"]) < 2
                          and column["x0"] - 12 <= w["x0"] and w["x1"] <= column["x1"] + 12]
                assert beside, f"page {page_no}: row {n}'s text without its number beside it"
                if n not in ends:
                    assert n in may_split, f"page {page_no}: row {n} split across pages"
                    open_row = n
                seen.append(n)
    assert open_row is None
    assert seen == list(numbers)
    return table_pages


# --- the internal audit report ---------------------------------------------------------------------------------


def _audit_with_findings(world, sizes):
    a = audit(world, status="in_progress")
    for n, repeat in sizes.items():
        kind = Finding.Kind.MINOR_NC if n % 5 == 0 else Finding.Kind.OBSERVATION
        audit_svc.finding_add(audit=a, user=world.auditor, kind=kind, clause="4.2.3.d",
                              department=world.departments["desk"], description=text(n, repeat),
                              evidence="Sổ theo dõi hồ sơ tháng 3/2026, quầy số 3.")
    return a


FINDINGS_HEADER = "Nội dung phát hiện"


def test_audit_report_keeps_each_finding_on_one_page_and_repeats_the_header(world, login):
    a = _audit_with_findings(world, lengths(30))
    response = login(world.auditor).get(reverse("audits:audit_report", kwargs={"pk": a.pk}))
    assert response.status_code == 200
    pages = assert_rows_whole_and_header_on_every_page(response.content, header=FINDINGS_HEADER, number_label="STT",
                                                       numbers=range(1, 31))
    assert pages >= 4


def test_audit_report_splits_a_finding_longer_than_a_page_under_the_header(world, login):
    a = _audit_with_findings(world, lengths(14, giant=6))
    response = login(world.auditor).get(reverse("audits:audit_report", kwargs={"pk": a.pk}))
    pages = assert_rows_whole_and_header_on_every_page(response.content, header=FINDINGS_HEADER, number_label="STT",
                                                       numbers=range(1, 15), may_split={6})
    assert pages >= 4


# --- the NC report (phiếu yêu cầu hành động khắc phục) -------------------------------------------------------


def test_nc_report_keeps_each_action_on_one_page_and_repeats_the_header(world, login):
    nc = open_nc(world)
    record_correction(nc, world.reviewer)
    analyse(nc, world.reviewer)
    due = timezone.localdate() + datetime.timedelta(days=30)
    for n, repeat in lengths(26).items():
        capa.action_add(nc=nc, user=world.reviewer, owner=world.staff, due_date=due, description=text(n, repeat))
    response = login(world.coordinator).get(reverse("audits:nc_report_pdf", kwargs={"pk": nc.pk}))
    assert response.status_code == 200
    assert assert_rows_whole_and_header_on_every_page(response.content, header="STT", number_label="STT",
                                                      numbers=range(1, 27)) >= 3


# --- the master list --------------------------------------------------------------------------------------------


def test_master_list_keeps_each_document_on_one_page_and_repeats_the_header(world, login):
    author = world.coordinator
    for n in range(1, 91):
        title = f"«R{n}» Quy trình BM0105 giải quyết thủ tục " + "và phối hợp liên thông " * (n % 6) + f"«E{n}»"
        document = Document.objects.create(agency=world.agency, code=f"QT-{n:03d}", title=title,
                                           doc_type=Document.Type.PROCEDURE, department=world.departments["urban"])
        Revision.objects.create(document=document, agency=world.agency, issue_number=1, title=title, author=author,
                                status=Revision.Status.EFFECTIVE, effective_date=datetime.date(2026, 1, 5))
    response = login(world.staff).get(reverse("processes:master_list_pdf"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert assert_rows_whole_and_header_on_every_page(body, header="Tên tài liệu", number_label="STT",
                                                      numbers=range(1, 91)) >= 3


# --- a procedure's step table -------------------------------------------------------------------------------------


@pytest.mark.parametrize("giant", [None, 9])
def test_procedure_step_table_keeps_steps_whole_and_splits_only_a_step_longer_than_a_page(giant):
    context = procedure_context(steps=24)
    steps = context["sections"][4]["subsections"][-1]["steps"]
    for n, repeat in lengths(24, giant=giant, giant_repeat=10).items():
        steps[n - 1]["what"] = text(n, repeat if n == giant else (repeat + 1) // 2)  # a narrower column
    result = render_result(render_to_string("pdf/procedure.html", context), metadata=procedure_metadata())
    assert assert_rows_whole_and_header_on_every_page(result.pdf, header="Trình tự công việc", number_label="Bước",
                                                      numbers=range(1, 25),
                                                      may_split={giant}) >= 3


def test_a_second_layout_pass_records_each_refused_url_once():
    rows = "".join(f"<tr><td>{n}</td><td>{text(n, 30 if n == 2 else 1)}</td></tr>" for n in range(1, 4))
    html = ("<html><head><link rel=stylesheet href='/static/pdf/print.css'></head><body>"
            "<img src='file:///etc/passwd'><table class=grid><thead><tr><th>STT</th><th>Nội dung</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></body></html>")
    result = render_result(html, metadata={"title": "t"})
    assert result.refused == ["file:///etc/passwd"]
    assert assert_rows_whole_and_header_on_every_page(result.pdf, header="Nội dung", number_label="STT",
                                                      numbers=range(1, 4), may_split={2}) >= 2
