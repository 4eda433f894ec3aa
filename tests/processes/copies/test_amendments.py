"""The amendment table (THEO DÕI SỬA ĐỔI TÀI LIỆU, DOC-7) says the same on the document page and in the master PDF:
one row per issue that took effect, dated by its effective date, under a column that says so."""

import datetime
import io
import re

import pdfplumber
from django.urls import reverse
from django.utils import timezone

from processes.documents import services
from processes.documents.amendments import amendment_rows
from processes.documents.models import Revision
from tests.processes.copies.conftest import master_of
from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit

S = Revision.Status
LATER = 10  # days between approving issue 02 and its effective date


def _second_issue_effective_later(world, django_capture_on_commit_callbacks):
    """Issue 01 in force; issue 02 approved today, effective LATER days on (then made effective)."""
    document = make_document(world)
    with django_capture_on_commit_callbacks(execute=True):
        effective_revision(world, document)
        second = make_draft(world, document)
        services.revision_submit(revision=second, user=second.author, reviewers=[world.reviewer], approver=world.head,
                                 change_summary="Rút ngắn thời gian thẩm định", change_location="Mục 5.7")
        approve(world, second, effective_date=timezone.localdate() + datetime.timedelta(days=LATER))
    second.refresh_from_db()
    return document, second


def _pdf_amendment_rows(pdf_bytes):
    """Rows of the printed amendment table: [(date, where, summary, issue)], header included."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for table in pdf.pages[0].extract_tables():
            if table and table[0] and "Trang/Mục" in (table[0][1] or ""):
                return [tuple(" ".join((cell or "").split()) for cell in row[:4]) for row in table]
    raise AssertionError("no amendment table on the first page")


def _page_amendment_rows(html):
    table = html.split("THEO DÕI SỬA ĐỔI TÀI LIỆU", 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append(tuple(" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells[:4]))
    return rows


def test_rows_are_the_issues_that_took_effect_dated_by_their_effective_date(world, django_capture_on_commit_callbacks):
    document, second = _second_issue_effective_later(world, django_capture_on_commit_callbacks)
    first = document.revisions.get(issue_number=1)
    # 02 is approved, not yet in force: the page's table has 01 only.
    assert [r["issue"] for r in amendment_rows(document.revisions.all())] == ["01"]
    services.activate_due_revisions(today=second.effective_date)
    draft = make_draft(world, document)  # 03, a draft: never in the table
    rows = amendment_rows(document.revisions.all())
    assert [(r["issue"], r["date"]) for r in rows] == [("01", first.effective_date), ("02", second.effective_date)]
    assert second.effective_date != timezone.localtime(second.approved_at).date()
    assert rows[0]["summary"] == "Ban hành lần đầu" and rows[0]["where"] == "Toàn bộ"
    assert (rows[1]["summary"], rows[1]["where"]) == ("Rút ngắn thời gian thẩm định", "Mục 5.7")
    # The master of a revision prints its own issue too (rendered at approval, before it takes effect).
    submit(world, draft, summary="Bổ sung biểu mẫu")
    approve(world, draft, effective_date=second.effective_date + datetime.timedelta(days=5))
    draft.refresh_from_db()
    printed = amendment_rows(document.revisions.all(), printed=draft)
    assert [(r["issue"], r["date"]) for r in printed] == [
        ("01", first.effective_date), ("02", second.effective_date), ("03", draft.effective_date)]
    # …and only the issues before it: the master of 02 does not grow when 03 comes.
    assert [r["issue"] for r in amendment_rows(document.revisions.all(), printed=second)] == ["01", "02"]


def test_an_issue_withdrawn_before_it_took_effect_is_not_an_amendment(world):
    document = make_document(world)
    effective_revision(world, document)
    second = make_draft(world, document)
    submit(world, second)
    approve(world, second, effective_date=timezone.localdate() + datetime.timedelta(days=3))
    services.periodic_review_record(document=document, user=world.coordinator, outcome="withdraw",
                                    notes="Thủ tục bị bãi bỏ")
    assert set(document.revisions.values_list("status", flat=True)) == {S.OBSOLETE}
    assert [r["issue"] for r in amendment_rows(document.revisions.all())] == ["01"]


def test_master_prints_the_effective_date_not_the_approval_date(world, django_capture_on_commit_callbacks):
    _, second = _second_issue_effective_later(world, django_capture_on_commit_callbacks)
    with master_of(second).file.open("rb") as handle:
        rows = _pdf_amendment_rows(handle.read())
    assert rows[0][0] == "Ngày hiệu lực"
    assert rows[-1][0] == f"{second.effective_date:%d/%m/%Y}" and rows[-1][3] == "02"
    assert f"{timezone.localdate():%d/%m/%Y}" not in rows[-1][0]


def test_document_page_and_master_show_the_same_rows_under_the_same_label(world, client,
                                                                         django_capture_on_commit_callbacks):
    document, second = _second_issue_effective_later(world, django_capture_on_commit_callbacks)
    services.activate_due_revisions(today=second.effective_date)
    with master_of(second).file.open("rb") as handle:
        printed = _pdf_amendment_rows(handle.read())
    client.force_login(world.staff)
    page = _page_amendment_rows(client.get(reverse("processes:document_detail", kwargs={"pk": document.pk}))
                                .content.decode())
    assert page == printed
    assert page[0][0] == "Ngày hiệu lực" and len(page) == 3
