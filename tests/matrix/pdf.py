"""Permission matrix rows for PDF copies, the distribution register and verification (processes/copies/views.py).

Copy downloads need a stored master: the builder attaches a small valid PDF with its SHA-256 instead of
rendering one, so the matrix stays fast (rendering is tested in tests/processes/copies).
"""

import io

from django.core.files.base import ContentFile

from tests.matrix import Entry, expect

_BLANK = {}


def blank_pdf():
    if "pdf" not in _BLANK:
        import pikepdf

        out = io.BytesIO()
        with pikepdf.new() as pdf:
            pdf.add_blank_page(page_size=(595.28, 841.89))
            pdf.save(out)
        _BLANK["pdf"] = out.getvalue()
    return _BLANK["pdf"]


def attach_master(revision):
    from processes.copies.models import MasterPDF
    from processes.copies.render import TEMPLATE_VERSION
    from qms.pdf import codes

    data = blank_pdf()
    # Where the approval committed (browser tests' live server), its queued master row exists already: complete it.
    master = MasterPDF.objects.filter(revision=revision).first() or MasterPDF(revision=revision, agency=revision.agency)
    master.status, master.sha256, master.pages, master.size = MasterPDF.Status.DONE, codes.sha256_hex(data), 1, len(data)
    master.template_version = TEMPLATE_VERSION
    master.file.save("matrix.pdf", ContentFile(data), save=False)
    master.save()
    return master


def build(world):
    from processes.copies import services as services_pdf
    from processes.copies.models import Copy
    from qms.pdf import codes
    from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit

    document = make_document(world, code="QT-PDF", title="Chứng thực chữ ký")
    old = effective_revision(world, document)
    recall = services_pdf.issue_controlled_copy(revision=old, user=None, holder=world.staff)
    new = make_draft(world, document)
    submit(world, new)
    approve(world, new)
    old.refresh_from_db()
    services_pdf.request_recall(document=document)
    attach_master(old)
    attach_master(new)
    world.objects["pdf_effective"] = new
    world.objects["pdf_superseded"] = old
    world.objects["pdf_recall"] = recall
    world.objects["pdf_controlled"] = services_pdf.issue_controlled_copy(revision=new, user=None, holder=world.staff)
    world.objects["pdf_uncontrolled"] = Copy.objects.create(revision=new, agency=new.agency, kind=Copy.Kind.UNCONTROLLED,
                                                            code=codes.new_code(), holder_name=world.staff.display_name)


BUILD = [build]


def obj(name):
    return lambda w: {"pk": w.objects[name].pk}


OTHER = {"anonymous": 302, "outsider": 404, "oversight": 404}
MEMBERS = expect(200, **OTHER)
MANAGERS = expect(403, coordinator=200, head=200, mgmt_rep=200, **OTHER)
REGISTER = expect(403, coordinator=200, head=200, mgmt_rep=200, auditor=200, **OTHER)
PUBLIC = expect(200)

ENTRIES = {
    "processes:master_status": Entry(kwargs=obj("pdf_effective"), expect=MEMBERS),
    # The master is rendered and current: managers are sent back with a message, nothing is queued.
    "processes:master_retry": Entry(kwargs=obj("pdf_effective"), method="post",
                                    expect=expect(403, coordinator=302, head=302, mgmt_rep=302, **OTHER)),
    "processes:copy_uncontrolled": Entry(kwargs=obj("pdf_effective"), expect=MEMBERS),
    # Superseded issues are not even visible to plain staff (404); history roles get the obsolete copy.
    "processes:copy_obsolete": Entry(kwargs=obj("pdf_superseded"), expect=expect(200, staff=404, **OTHER)),
    "processes:copy_issue": Entry(kwargs=obj("pdf_effective"), expect=MANAGERS),
    "processes:copy_register_revision": Entry(kwargs=obj("pdf_effective"), expect=REGISTER),
    # A controlled copy: its holder (staff) and the managers.
    "processes:copy_controlled": Entry(kwargs=obj("pdf_controlled"), expect=expect(403, coordinator=200, head=200,
                                                                                  mgmt_rep=200, staff=200, **OTHER)),
    # The recall page of a copy asked back: its holder (staff) and the managers; anyone else 404, as for the
    # superseded issue itself.
    "processes:copy_recall_task": Entry(kwargs=obj("pdf_recall"), expect=expect(404, anonymous=302, coordinator=200,
                                                                              head=200, mgmt_rep=200, staff=200)),
    "processes:copy_recall": Entry(kwargs=obj("pdf_recall"), method="post",
                                   expect=expect(403, coordinator=302, head=302, mgmt_rep=302, **OTHER)),
    # The agency register: one's own agency's (the outsider, a coordinator elsewhere, sees theirs).
    "processes:copy_register": Entry(expect=expect(403, anonymous=302, coordinator=200, head=200, mgmt_rep=200,
                                                   auditor=200, outsider=200)),
    "processes:master_list_pdf": Entry(expect=expect(200, anonymous=302)),
    "processes:verify_form": Entry(expect=PUBLIC),
    # Names the issuing agency (issue 14 #2) to anyone who holds the copy.
    "processes:verify": Entry(kwargs=lambda w: {"code": w.objects["pdf_uncontrolled"].code}, expect=PUBLIC,
                              public_names_agency=True),
}
