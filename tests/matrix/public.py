"""Permission matrix rows for the citizens' front door (processes/public/views.py): public to everyone,
logged in or not; the test also checks that an anonymous visitor sees no staff names or internal links."""

from tests.matrix import Entry, expect

PUBLIC = expect(200)


def build(world):
    from processes.documents.models import Document

    # The effective issue built by tests.matrix.pdf (QT-PDF) is made public; its master is stored there.
    Document.objects.filter(agency=world.agency, code="QT-PDF").update(is_public=True)
    world.objects["public_document"] = Document.objects.get(agency=world.agency, code="QT-PDF")


BUILD = [build]

ENTRIES = {
    "public:home": Entry(expect=PUBLIC, public_names_agency=True),
    "public:agency": Entry(kwargs=lambda w: {"code": w.agency.code}, query="?q=%3Cscript%3E", expect=PUBLIC,
                           public_names_agency=True),
    "public:document_pdf": Entry(kwargs=lambda w: {"code": w.agency.code, "pk": w.objects["public_document"].pk},
                                 expect=PUBLIC, public_names_agency=True),
}
