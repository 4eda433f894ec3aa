"""Every text that names the standard follows the agency's edition (issue 18): one mechanism, qms.core.editions.

Three checks:

- the sources: no template or Python string writes "9001:2008" or "9001:2015" itself, outside the places listed
  here with the reason they name one edition (the machinery, the edition's own page, the pages about 2015's new
  records, texts of a record that was made under a given edition);
- every page: each GET page of the permission matrix that the agency's coordinator may open (HTML, PDF, XLSX,
  CSV, JSON), in an agency on 2015 and in one on 2008. On 2015 no page says "9001:2008" (every record was made
  after the move); on 2008 none says "TCVN ISO 9001:2015" outside the pages of 2015's records; every page's footer
  names the agency's standard;
- a record made before the move: its printed header and its record-keeping note keep 2008, a new one says 2015;
  where no agency is known (login, the front door) both editions are named, each agency's beside its name.
"""

import ast
import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from qms.core import editions
from tests.test_permission_matrix import BUILDERS, ENTRIES

ROOT = Path(settings.BASE_DIR)
YEARS = re.compile(r"9001:20(08|15)")

# Where a source may name an edition itself, and why.
NAMES_AN_EDITION = {
    "qms/core/editions.py": "the mechanism: the standard's names, its terms in each edition",
    "qms/core/models.py": "the edition choices; a new agency's header line (it starts on 2008)",
    "qms/core/forms.py": "the edition page's choices and example decision",
    "qms/core/demo.py": "the demo agency's decision to move to 2015",
    "qms/core/scale/generate.py": "the data set's decisions to move to 2015",
    "qms/pdf/demo_procedure.py": "a sample procedure's legal basis (Decision 19/2014 names the 2008 standard)",
    "quality/transition/services.py": "the transition audit's checklist, about 2015",
    "quality/review/present.py": "a 2008 NC among a 2015 review's inputs is marked as recorded under 2008",
    "quality/objectives/plan.py": "the plan is required only of a 2015 year (6.2.2): its message names 2015",
    "quality/review/demo.py": "a decision of the demo agency on 2008",
    "templates/core/iso_edition.html": "the edition page: both editions, the Decision on moving to 2015",
    "templates/partials/nav_quality.html": "the menu entry of the 2015 context page",
    "templates/quality/context/context.html": "2015's clause 4.1, 4.2",
    "templates/quality/risks/risk_list.html": "2015's clause 6.1",
    "templates/quality/transition/transition.html": "the move to 2015",
    "templates/pdf/audit_report.html": "one note per edition, chosen by the audit's",
    "templates/quality/objectives/objective_form.html": "the plan's help, shown only when 2015 asks for it",
    "templates/quality/objectives/objective_detail.html": "the missing plan's flag, shown only when 2015 asks for it",
}
# Files people uploaded (evidence, checklist attachments, an external document's file): their words are theirs, not the interface's.
UPLOADED = {"audits:evidence_download", "audits:checklist_attachment", "processes:external_file"}
# Pages of an agency on 2015 that may show "9001:2008": the edition page offers it and lists the moves; the front
# door lists every agency with its own edition; the management review's intro (quality/review, being changed).
SAYS_2008_ON_2015 = {"core:iso_edition", "public:home", "quality:review_list"}
# Pages of an agency on 2008 that name 2015: those of the records 2015 adds, the move, the edition page.
SAYS_2015_ON_2008 = {"core:iso_edition", "quality:context", "quality:context_issue_edit", "quality:context_party_edit",
                     "quality:risk_list", "quality:risk_detail", "quality:risk_action_evaluate", "quality:transition"}


def _strings(path):
    """The string constants of a Python module that are not docstrings, with their line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def _sources():
    for package in ("qms", "processes", "audits", "quality", "cases", "api"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path, [(line, text) for line, text in _strings(path)]
    for path in (ROOT / "templates").rglob("*.html"):
        yield path, list(enumerate(path.read_text(encoding="utf-8").splitlines(), 1))


def test_no_source_names_an_edition_outside_the_mechanism():
    found = sorted({str(path.relative_to(ROOT)) for path, texts in _sources()
                    for _line, text in texts if YEARS.search(text)})
    assert found, "the scan finds the listed places"
    assert sorted(set(found) - set(NAMES_AN_EDITION)) == [], "name the edition through qms.core.editions"
    assert sorted(set(NAMES_AN_EDITION) - set(found)) == [], "stale entries: these no longer name an edition"


def _text(response):
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("application/pdf"):
        import pdfplumber

        assert body.startswith(b"%PDF"), (response.status_code, body[:200])
        with pdfplumber.open(io.BytesIO(body)) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    if "spreadsheetml" in kind:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    return body.decode("utf-8", errors="replace")


def _pages(world, client):
    """(url name, text) of every GET page of the matrix that the coordinator opens (status 200)."""
    client.force_login(world.coordinator)
    for name, entry in sorted(ENTRIES.items()):
        if entry.method != "get" or entry.expect["coordinator"] != 200 or name in UPLOADED:
            continue
        url = reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else {}) + (entry.query or "")
        response = client.get(url)
        if response.status_code == 200:
            try:
                text = _text(response)
            except Exception as exc:
                raise AssertionError(f"{name}: {exc}") from exc
            yield name, response, text


def _footer(text):
    found = re.search(r'data-testid="footer-standard">(.*?)</span>', text, re.S)
    return found.group(1).strip() if found else None


@pytest.mark.parametrize("edition", ["2015", "2008"])
def test_every_page_of_an_agency_names_its_own_edition(world, client, edition):
    if edition == "2015":
        editions.set_edition(agency=world.agency, edition="2015", since=datetime.date(2025, 7, 1),
                             reason="Quyết định chuyển đổi", by=world.coordinator)
    for build in BUILDERS:  # every record made after the move
        build(world)
    other, unwanted, allowed = (("2008", "9001:2008", SAYS_2008_ON_2015) if edition == "2015"
                                else ("2015", "TCVN ISO 9001:2015", SAYS_2015_ON_2008))
    seen, wrong, footers, kinds = 0, [], set(), set()
    with translation.override("vi"):
        for name, response, text in _pages(world, client):
            seen += 1
            kinds.add(response.get("Content-Type", "").split(";")[0])
            if unwanted in text and name not in allowed:
                at = text.index(unwanted)
                wrong.append(f"{name}: …{text[max(0, at - 80):at + 20]}…")
            footer = _footer(text) if response.get("Content-Type", "").startswith("text/html") else None
            if footer is not None:
                footers.add(footer)
    assert seen > 100, seen  # the walk reached the pages (lists, details, forms, PDFs, exports)
    assert {"text/html", "application/pdf", "text/csv"} <= kinds and any("spreadsheet" in k for k in kinds), kinds
    assert wrong == [], "\n".join(wrong)
    assert footers == {f"Hệ thống quản lý chất lượng theo TCVN ISO 9001:{edition}"}, footers
    assert other not in editions.standard_label(world.agency)


def test_a_record_made_under_2008_keeps_2008_and_a_new_one_says_2015(world, client):
    from audits.capa.models import Nonconformity
    from tests.audits.capa.helpers import open_nc

    old = open_nc(world, clause="8.5.3")
    Nonconformity.objects.filter(pk=old.pk).update(created_at=timezone.make_aware(datetime.datetime(2025, 3, 1, 9)))
    editions.set_edition(agency=world.agency, edition="2015", since=datetime.date(2025, 7, 1), reason="QĐ",
                         by=world.coordinator)
    new = open_nc(world, clause="6.1")
    client.force_login(world.coordinator)
    printed = {nc.pk: client.get(reverse("audits:nc_print", args=[nc.pk])).content.decode() for nc in (old, new)}
    assert "THEO TIÊU CHUẨN TCVN ISO 9001:2008" in printed[old.pk]
    assert "THEO TIÊU CHUẨN TCVN ISO 9001:2015" in printed[new.pk] and "9001:2008" not in printed[new.pk]
    reports = {nc.pk: _text(client.get(reverse("audits:nc_report_pdf", args=[nc.pk]))) for nc in (old, new)}
    assert "TCVN ISO 9001:2008" in reports[old.pk] and "4.2.4" in reports[old.pk]
    assert "9001:2008" not in reports[new.pk]
    assert "thông tin dạng văn bản" in reports[new.pk] and "7.5.3" in reports[new.pk]
    # The clauses the NC's pages cite are its edition's: 8.3 and 8.5.2 under 2008, 8.7 and 10.2 under 2015.
    assert "Nguyên nhân gốc (8.5.2.b, 8.5.2.c)" in reports[old.pk] and "(10.2.1.c, 10.2.2, 6.1)" in reports[new.pk]
    pages = {nc.pk: client.get(reverse("audits:nc_detail", args=[nc.pk])).content.decode() for nc in (old, new)}
    assert "Khắc phục (8.3)" in pages[old.pk] and "Khắc phục (8.7)" in pages[new.pk]
    step = client.get(reverse("audits:nc_correction", args=[new.pk])).content.decode()
    assert "Xử lý đầu ra không phù hợp (8.7)" in step and "(8.3)" not in step


def test_a_copy_keeps_the_header_of_the_edition_its_revision_was_approved_under(world):
    from processes.copies.render import master_context, master_metadata
    from tests.processes.documents.helpers import effective_revision, make_document

    before = effective_revision(world, make_document(world, code="QT-20", title="Cấp phép"))
    editions.set_edition(agency=world.agency, edition="2015", since=timezone.localdate(), reason="QĐ",
                         by=world.coordinator)
    type(before).objects.filter(pk=before.pk).update(approved_at=timezone.now() - datetime.timedelta(days=30))
    before.refresh_from_db()
    after = effective_revision(world, make_document(world, code="QT-21", title="Cấp phép mới"))
    assert master_context(before)["doc"]["qms_line"].endswith("TCVN ISO 9001:2008")
    assert master_context(after)["doc"]["qms_line"].endswith("TCVN ISO 9001:2015")
    assert master_metadata(before)["keywords"][0] == "ISO 9001:2008"
    assert master_metadata(after)["keywords"][0] == "ISO 9001:2015"


def test_an_agency_that_wrote_its_own_header_keeps_its_words(world):
    world.agency.qms_header = "UBND QUẬN – HTQLCL PHÙ HỢP TCVN ISO 9001:2008 (BAN HÀNH NỘI BỘ)"
    world.agency.save()
    editions.set_edition(agency=world.agency, edition="2015", since=datetime.date(2025, 7, 1), reason="QĐ",
                         by=world.coordinator)
    assert editions.header_line(world.agency) == "UBND QUẬN – HTQLCL PHÙ HỢP TCVN ISO 9001:2015 (BAN HÀNH NỘI BỘ)"
    assert editions.header_line(world.agency, datetime.date(2024, 1, 1)).endswith("9001:2008 (BAN HÀNH NỘI BỘ)")
    world.agency.qms_header = "ỦY BAN NHÂN DÂN QUẬN"  # no standard named: kept as written
    assert editions.header_line(world.agency) == "ỦY BAN NHÂN DÂN QUẬN"


def test_where_no_agency_is_known_both_editions_are_named(world, client):
    editions.set_edition(agency=world.other_agency, edition="2015", since=datetime.date(2025, 7, 1), reason="QĐ",
                         by=world.outsider)
    login = client.get(reverse("login")).content.decode()
    assert "cho các cơ quan áp dụng TCVN ISO 9001:2008 và TCVN ISO 9001:2015" in login
    assert _footer(login) == "Hệ thống quản lý chất lượng theo TCVN ISO 9001:2008 và TCVN ISO 9001:2015"
    home = client.get(reverse("public:home")).content.decode()
    assert "9001:2008" not in home.split('data-testid="agency-list"')[0].split("<footer")[0].split("public-intro")[1]
    standards = dict(re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>.*?data-testid="agency-standard">[^<]*?'
                                r'(TCVN ISO 9001:20\d\d)', home, re.S))
    assert standards == {world.agency.name: "TCVN ISO 9001:2008", world.other_agency.name: "TCVN ISO 9001:2015"}
    page = client.get(reverse("public:agency", args=[world.other_agency.code])).content.decode()
    assert "9001:2008" not in page and _footer(page) == "Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015"


def test_terms_and_cited_clauses_follow_the_edition(world):
    def render(text, **context):
        with translation.override("vi"):
            return Template("{% load clauses %}" + text).render(Context(context))

    assert render('{% term "documents_title" %}', agency_edition="2008") == "Tài liệu hệ thống quản lý chất lượng"
    assert render('{% term "documents_title" %}', agency_edition="2015") == \
        "Thông tin dạng văn bản được duy trì (tài liệu)"
    assert render('{% cite "8.2.2" %}', agency_edition="2015") == "9.2.2"
    assert render('{% cite "8.2.2" agency %}', agency=world.agency) == "8.2.2"
    with translation.override("en"):
        assert str(editions.term("record_control", "2015")).startswith("retained as documented information")
    with pytest.raises(KeyError):
        editions.cite("7.1", "2015")  # a clause the interface does not cite has no entry: added where it is cited
