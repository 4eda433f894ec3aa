"""Permission matrix rows for document control (see processes/documents/permissions.py for the rules)."""

from django.core.files.base import ContentFile

from processes.documents import services
from processes.documents.models import Document
from tests.matrix import Entry, expect

ANON = {"anonymous": 302}


def build(world):
    from tests.processes.documents.helpers import effective_revision, make_document, make_draft, submit

    effective_doc = make_document(world, code="QT-05", title="Cấp giấy phép xây dựng")
    world.objects["effective"] = effective_revision(world, effective_doc)
    world.objects["document"] = effective_doc
    world.objects["draft"] = make_draft(world, effective_doc, author=world.author)
    review_doc = make_document(world, code="QT-06", title="Chứng thực bản sao")
    in_review = make_draft(world, review_doc)
    submit(world, in_review)
    world.objects["in_review"] = in_review
    world.objects["comment"] = services.comment_add(revision=in_review, user=world.reviewer, section="steps",
                                                    text="Bước 2 chưa ghi thời hạn")
    world.objects["change_request"] = services.change_request_create(document=effective_doc, user=world.staff,
                                                                     reason="Bước 2 quá dài")
    external = make_document(world, code="TCVN-9001", title="TCVN ISO 9001 Hệ thống quản lý chất lượng",
                             doc_type=Document.Type.EXTERNAL, issuer="Bộ KH&CN")
    external.external_file.save("tcvn.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    effective_revision(world, external)
    world.objects["external"] = external


BUILD = [build]


def doc(w):
    return {"pk": w.objects["document"].pk}


def rev(name):
    return lambda w: {"pk": w.objects[name].pk}


MEMBERS = expect(200, anonymous=302, outsider=404, oversight=404)
MANAGERS_ONLY = expect(403, anonymous=302, coordinator=200, head=200, mgmt_rep=200, outsider=404)
STARTERS = expect(403, anonymous=302, coordinator=200, head=200, mgmt_rep=200, author=200, outsider=404, oversight=404)
DRAFT_EDIT = expect(404, anonymous=302, coordinator=200, head=200, mgmt_rep=200, author=200, reviewer=403)

ENTRIES = {
    # Own agency's register and lists: every signed-in person with an agency (another agency sees its own).
    "processes:register": Entry(expect=expect(200, anonymous=302)),
    "processes:master_list": Entry(expect=expect(200, anonymous=302)),
    "processes:master_list_csv": Entry(expect=expect(200, anonymous=302)),
    "processes:master_list_xlsx": Entry(expect=expect(200, anonymous=302)),
    "processes:document_create": Entry(expect=expect(403, anonymous=302, coordinator=200, head=200, mgmt_rep=200,
                                                     outsider=200)),
    "processes:change_request_list": Entry(expect=expect(403, anonymous=302, coordinator=200, head=200, mgmt_rep=200,
                                                         outsider=200)),
    "processes:change_request_decide": Entry(kwargs=rev("change_request"), expect=MANAGERS_ONLY),
    "processes:document_detail": Entry(kwargs=doc, expect=MEMBERS),
    "processes:document_edit": Entry(kwargs=doc, expect=MANAGERS_ONLY),
    "processes:external_file": Entry(kwargs=lambda w: {"pk": w.objects["external"].pk}, expect=MEMBERS),
    "processes:distribution": Entry(kwargs=doc, expect=MANAGERS_ONLY),
    "processes:periodic_review": Entry(kwargs=doc, expect=MANAGERS_ONLY),
    "processes:compare": Entry(kwargs=doc, expect=MEMBERS),
    "processes:change_request_create": Entry(kwargs=doc, expect=MEMBERS),
    "processes:revision_import": Entry(kwargs=doc, expect=STARTERS),
    # POST of a preview's token (here a junk one): starters are sent back to the upload page, saying why.
    "processes:revision_import_confirm": Entry(kwargs=doc, method="post", data=lambda w: {"token": "x"}, expect=expect(
        403, anonymous=302, coordinator=302, head=302, mgmt_rep=302, author=302, outsider=404, oversight=404)),
    # POST: a draft is already open, so starters are redirected back with a message; others refused.
    "processes:revision_create": Entry(kwargs=doc, method="post", expect=expect(
        403, anonymous=302, coordinator=302, head=302, mgmt_rep=302, author=302, outsider=404, oversight=404)),
    "processes:revision_detail": Entry(kwargs=rev("effective"), expect=MEMBERS),
    # Drafts: seen by managers, authors and reviewers; edited by their author and managers.
    "processes:revision_edit": Entry(kwargs=rev("draft"), expect=DRAFT_EDIT),
    "processes:revision_submit": Entry(kwargs=rev("draft"), expect=DRAFT_EDIT),
    # In review: only the named reviewer (reviewer) and approver (head) sign or reject.
    "processes:revision_sign": Entry(kwargs=rev("in_review"), expect=expect(
        403, anonymous=302, reviewer=200, head=200, auditor=404, staff=404, outsider=404, oversight=404)),
    "processes:revision_reject": Entry(kwargs=rev("in_review"), expect=expect(
        403, anonymous=302, reviewer=200, head=200, auditor=404, staff=404, outsider=404, oversight=404)),
    "processes:revision_comment": Entry(kwargs=rev("in_review"), method="post",
                                        data=lambda w: {"section": "general", "text": "Ý kiến"},
                                        expect=expect(302, author=403, auditor=404, staff=404, outsider=404,
                                                      oversight=404)),
    # Resolving a review comment: whoever may edit the draft (its author, the coordinator, managers). The
    # coordinator resolves it; later managers are told it is resolved already (a message, nothing changes).
    "processes:comment_resolve": Entry(kwargs=rev("comment"), method="post",
                                       data=lambda w: {"resolution": "Đã bổ sung thời hạn 10 ngày"},
                                       expect=expect(404, anonymous=302, coordinator=302, head=302, mgmt_rep=302,
                                                     reviewer=403, author=403)),
    # Cancel: the coordinator cancels first; later managers/author get a message; the cancelled draft is
    # then hidden from those who may not see drafts.
    "processes:revision_cancel": Entry(kwargs=rev("draft"), method="post", expect=expect(
        404, anonymous=302, coordinator=302, head=302, mgmt_rep=302, author=302, reviewer=403)),
    "processes:revision_acknowledge": Entry(kwargs=rev("effective"), method="post",
                                            expect=expect(302, outsider=404, oversight=404)),
}
