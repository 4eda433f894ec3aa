"""The citizens' front door under hostile input (issue 14): junk agency codes and document ids in the URL, junk
search and page numbers, hostile query strings: a clear page (200 or 404), never a 500. Anonymous, as citizens."""

from urllib.parse import quote

from hypothesis import strategies as st

from tests.fuzz import Target
from tests.fuzz.strategies import nasty_number, nasty_text


def _build(world):
    from processes.documents.models import Document
    from tests.processes.documents.helpers import effective_revision, make_document

    effective_revision(world, make_document(world, code="QT-FZ", title="Cấp giấy phép xây dựng", is_public=True))
    world.objects["public_document"] = Document.objects.get(agency=world.agency, code="QT-FZ")


def _digits(text):
    return "".join(c for c in text if c.isascii() and c.isdigit())[:30] or "0"


TARGETS = [
    Target("public:home", persona=None, method="get", fields={"q": nasty_text(), "page": nasty_number()}),
    Target("public:agency", persona=None, method="get", build=_build, kwargs=lambda w: {"code": w.agency.code},
           fields={"q": st.one_of(nasty_text(), nasty_text(max_size=5000)), "page": nasty_number()}),
    Target(name="public:agency (junk agency in the URL)", persona=None, method="get", fields={"code": nasty_text()},
           path=lambda w, d: "/co-quan/%s/" % (quote(d["code"], safe="") or "x")),
    Target(name="public:document_pdf (junk agency and id)", persona=None, method="get", build=_build,
           fields={"code": st.one_of(nasty_text(), st.just("ubnd-thu-nghiem")), "pk": nasty_number()},
           path=lambda w, d: "/co-quan/%s/tai-lieu/%s/ban-hien-hanh.pdf" % (quote(d["code"], safe="") or "x",
                                                                           _digits(d["pk"]))),
]
