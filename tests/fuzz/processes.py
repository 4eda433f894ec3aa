"""Document control forms and endpoints under hostile input (quality.md "Bad input").

Objects come from the permission matrix's builder (tests/matrix/processes.py): an effective
document QT-05 with an open draft by the author, QT-06 in review, a change request; build_life adds a
document without a draft, PDF masters (done, failed) and controlled copies (issued, recalled).
"""

import io
import os
import unicodedata
import zipfile
from pathlib import Path

from django.conf import settings
from django.test import override_settings
from django.contrib.messages import get_messages
from django.urls import reverse
from hypothesis import strategies as st

from processes.documents.models import ChangeRequest, Document, Revision, ReviewComment
from processes.copies.models import Copy, MasterPDF
from qms.core import text as vntext
from tests.factories import PASSWORD
from tests.fuzz import Target
from tests.fuzz.checks import explains, round_trips, snapshot, strictly, was_accepted
from tests.fuzz.strategies import junk, long_text, nasty_date, nasty_number, nasty_text, upload_name
from tests.matrix.processes import build

N = 15


def obj(name):
    def kwargs(world):
        if name not in world.objects:  # also when only the URL is resolved (test_every_registered_target_resolves)
            build(world)
        return {"pk": world.objects[name].pk}

    return kwargs


def newest(model, **filters):
    return lambda w, data, response: model.objects.filter(**filters).order_by("-pk").first()


def fixed_document(w):
    return {"doc_type": "procedure", "review_interval_months": "12", "department": w.departments["urban"].pk}


def reopen_comment(world):
    """Each example meets the comment open again (else every example after the first is "already resolved")."""
    ReviewComment.objects.filter(pk=world.objects["comment"].pk).update(resolution="", resolved_by=None,
                                                                        resolved_at=None)
    return None


def resolved_as_sent(world, data, response, before):
    """Resolved: stored as the NFC of what was sent; refused (blank): still open, with the reason in a message."""
    comment = ReviewComment.objects.get(pk=world.objects["comment"].pk)
    if comment.is_resolved:
        assert comment.resolution == vntext.nfc(data["resolution"]).strip()
    else:
        assert not vntext.nfc(data["resolution"]).strip() or "\x00" in data["resolution"], data
        assert any(m.level >= 40 for m in get_messages(response.wsgi_request))


TARGETS = [
    Target("processes:register", method="get", max_examples=N,
           fields={"q": nasty_text(), "doc_type": junk(), "department": nasty_number(), "status": junk(),
                   "clause": junk(), "review": junk(), "page": nasty_number()}),
    Target("processes:master_list", method="get", max_examples=N, fields={"q": nasty_text(), "page": nasty_number()}),
    Target("processes:change_request_list", method="get", max_examples=N, fields={"page": nasty_number()}),
    Target("processes:document_create", max_examples=25, fixed=fixed_document,
           fields={"code": nasty_text(60), "title": nasty_text(), "clauses": nasty_text(), "clause_choices": junk(),
                   "review_interval_months": nasty_number(), "external_date": nasty_date()},
           check=round_trips(lambda w, d, r: Document.objects.order_by("-pk").first(), ["title"])),
    Target("processes:document_edit", name="processes:document_edit", build=build, kwargs=obj("document"),
           max_examples=N, fixed=fixed_document,
           fields={"code": nasty_text(60), "title": nasty_text(), "reason": nasty_text(),
                   "owner": nasty_number(), "parent": nasty_number()},
           check=round_trips(lambda w, d, r: Document.objects.get(pk=w.objects["document"].pk), ["title", "code"])),
    Target("processes:revision_edit", build=build, persona="author", kwargs=obj("draft"), max_examples=25,
           fields={"title": nasty_text(), "purpose": nasty_text(), "scope": nasty_text(), "procedure_html": nasty_text(),
                   "processing_time_days": nasty_number(), "fee": nasty_text(), "dossier_count": nasty_text(),
                   "steps__description": nasty_text(), "steps__time": nasty_text(), "change_location": nasty_text()},
           check=round_trips(lambda w, d, r: Revision.objects.get(pk=w.objects["draft"].pk),
                             ["title", "purpose", "scope", "fee"])),
    Target("processes:revision_submit", build=build, persona="author", kwargs=obj("draft"), max_examples=N,
           fields={"change_summary": nasty_text(), "change_location": nasty_text(), "reviewers": nasty_number(),
                   "approver": nasty_number()},
           check=explains),
    Target("processes:revision_sign", build=build, persona="reviewer", kwargs=obj("in_review"), max_examples=N,
           fields={"password": st.one_of(nasty_text(), st.just(PASSWORD)), "effective_date": nasty_date()},
           check=explains),
    Target("processes:revision_sign", name="processes:revision_sign (approver)", build=build, persona="head",
           kwargs=obj("in_review"), max_examples=N,
           fields={"password": st.one_of(nasty_text(), st.just(PASSWORD)), "effective_date": nasty_date()}),
    Target("processes:revision_reject", build=build, persona="reviewer", kwargs=obj("in_review"), max_examples=N,
           fields={"comment": nasty_text(), "section": junk()},
           check=round_trips(lambda w, d, r: ReviewComment.objects.filter(is_rejection=True).order_by("-pk").first(),
                             [])),
    Target("processes:revision_comment", build=build, persona="reviewer", kwargs=obj("in_review"), max_examples=N,
           fields={"text": nasty_text(), "section": st.one_of(junk(), st.just("general"))}),
    Target("processes:comment_resolve", build=build, kwargs=obj("comment"), max_examples=N,
           fields={"resolution": nasty_text()}, before=reopen_comment, check=resolved_as_sent),
    Target("processes:change_request_create", build=build, persona="staff", kwargs=obj("document"), max_examples=N,
           fields={"reason": nasty_text(), "proposal": nasty_text()},
           check=round_trips(lambda w, d, r: ChangeRequest.objects.order_by("-pk").first(), ["reason", "proposal"])),
    Target("processes:change_request_decide", build=build, kwargs=obj("change_request"), max_examples=N,
           fields={"decision": st.one_of(junk(), st.sampled_from(["accept", "decline"])),
                   "decision_reason": nasty_text()}),
    Target("processes:periodic_review", build=build, kwargs=obj("document"), max_examples=N,
           fields={"outcome": st.one_of(junk(), st.sampled_from(["keep", "revise", "withdraw"])),
                   "notes": nasty_text()}),
    Target("processes:distribution", build=build, kwargs=obj("document"), max_examples=N,
           fields={"department": nasty_number(), "user": nasty_number(), "copies": nasty_number(), "remove": junk()}),
    Target("processes:revision_acknowledge", build=build, persona="staff", kwargs=obj("effective"), max_examples=5,
           fields={"junk": nasty_text()}),
    Target("processes:compare", build=build, method="get", kwargs=obj("document"), max_examples=N,
           fields={"a": nasty_number(), "b": nasty_number()}),
]


# ---------------------------------------------------------------------------------------------
# Revision life cycle, Word import, PDF master and controlled copies (tests/fuzz/test_forms.py covers the
# "processes" namespace): the objects are made through the real services, and every POST is held to
# ``checks.strictly``: accepted → a success message (and imported text stored as NFC); refused → a reason
# in Vietnamese, on the page, and nothing written (row counts, history, the object as it was).

# Examples per target, scaled by FUZZ_EXAMPLES (default 30 → 12); FEW: outcomes that hardly vary.
M = max(3, int(os.environ.get("FUZZ_EXAMPLES", "30")) * 2 // 5)
FEW = max(3, M // 4)


def build_life(world):
    """On top of build(): a document with no open draft, PDF masters done and failed, controlled copies."""
    from processes.copies import services as services_pdf
    from tests.matrix.pdf import attach_master
    from tests.processes.documents.helpers import effective_revision, make_document

    o = world.objects
    if "document" not in o:  # build() is not idempotent
        build(world)
    if "fz_fresh" in o:
        return
    o["fz_fresh"] = make_document(world, code="QT-FZ-01", title="Thủ tục không có dự thảo")
    o["fz_fresh_effective"] = effective_revision(world, o["fz_fresh"])
    o["fz_master_done"] = attach_master(o["effective"])
    o["fz_master_failed"] = attach_master(o["fz_fresh_effective"])
    MasterPDF.objects.filter(pk=o["fz_master_failed"].pk).update(status=MasterPDF.Status.FAILED, error="Lỗi thử")
    o["fz_master_failed"].refresh_from_db()
    o["fz_copy"] = services_pdf.issue_controlled_copy(revision=o["effective"], user=world.coordinator,
                                                      holder=world.staff)
    recalled = services_pdf.issue_controlled_copy(revision=o["effective"], user=world.coordinator,
                                                  department=world.departments["urban"])
    o["fz_copy_recalled"] = services_pdf.confirm_recall(copy=recalled, user=world.coordinator)


def life(name):
    def kwargs(world):
        build_life(world)
        return {"pk": world.objects[name].pk}

    return kwargs


def thing(name):
    return lambda world: world.objects[name]


def guarded(*models, obj=None, fetch=None, fields=(), extra=None):
    """before=/check=: ``strictly`` (refusals explain themselves and change nothing), except that a request
    refused for want of permission (403/404) need only change nothing."""
    take = snapshot(*models, obj=obj)
    snap = (lambda w: {"rows": take(w), **extra(w)}) if extra else take
    strict = strictly(fetch, fields, take=snap)

    def check(world, data, response, before):
        if response.status_code in (403, 404, 405):
            assert snap(world) == before, ("a forbidden request leaves nothing behind", data)
            return
        strict(world, data, response, before)

    return {"before": snap, "check": check}


def unchanged(*models, obj=None):
    """before=/check= of a page that reads but must not act on a POST: the page again, nothing written."""
    take = snapshot(*models, obj=obj)

    def check(world, data, response, before):
        assert response.status_code in (200, 405), response.status_code
        assert take(world) == before, ("a POST to a page that only shows leaves nothing behind", data)

    return {"before": take, "check": check}


# --- Word files -------------------------------------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
       '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def _xml_text(text):
    # XML 1.0 cannot carry most control characters: a real Word file never holds them.
    text = "".join(c for c in text if c in "\t\n\r" or (ord(c) >= 0x20 and not 0xFFFE <= ord(c) <= 0xFFFF))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _para(text, heading=False):
    style = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' if heading else ""
    return f'<w:p>{style}<w:r><w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r></w:p>'


def zipped(parts, method=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx(body_xml):
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>{body_xml}</w:body></w:document>'
    return zipped({"[Content_Types].xml": _CT, "_rels/.rels": _RELS, "word/document.xml": document})


def word_with(purpose, scope, fee):
    """A .docx whose "Mục đích", "Phạm vi" and "Lệ phí" sections hold the given text (NFD headings included)."""
    return docx(_para("1. Mục đích", True) + _para(purpose)
                + _para(unicodedata.normalize("NFD", "2. Phạm vi áp dụng"), True) + _para(scope)
                + _para("3. Nội dung", True) + _para("Bước 1: Tiếp nhận hồ sơ")
                + _para("5.6 Lệ phí", True) + _para(fee))


_HOSTILE_WORD = [
    b"", b"PK", b"PK\x03\x04", b"PK\x03\x04" + b"\x00" * 40, b"%PDF-1.4\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60,
    zipped({"hello.txt": "xin chào"}),  # a zip, but not a Word file
    zipped({"word/document.xml": "<w:document"}),  # broken XML
    zipped({"word/document.xml": "xin chào"}, method=zipfile.ZIP_STORED),
    docx(""),  # no content
    docx(_para("Mục đích", True)),  # a heading and nothing under it
    zipped({"../../evil.txt": "x", "word/document.xml": "<w:document/>"}),  # traversal names inside the zip
]


def _bomb():
    # 56 KB that inflate to ~20 MB of XML: the converter would work on it for many seconds.
    return docx(_para("a" * 1000) * 20000)


def _oversized():
    return b"PK\x03\x04" + b"\x00" * (settings.QMS_MAX_UPLOAD_BYTES + 1 - 4)


WORD_NAMES = st.one_of(
    st.sampled_from(["QT-05.docx", "quy trình.docx", unicodedata.normalize("NFD", "quy trình.docx"), "QT.DOCX",
                     "../../../etc/passwd.docx", "..\\..\\windows\\x.docx", "/tmp/x.docx", ".docx", "a" * 300 + ".docx",
                     "QT.doc", "QT.docx.exe", "QT.pdf", "QT\x00.docx", "QT.docx\x00.pdf", "con.docx", "QT.docx "]),
    nasty_text(40).map(lambda n: n + ".docx"),
    nasty_text(40),
)
WORD_CONTENT = st.one_of(
    st.builds(word_with, nasty_text(), nasty_text(), long_text(255)),
    st.sampled_from(_HOSTILE_WORD),
    st.binary(max_size=64),
    st.binary(max_size=64).map(lambda tail: b"PK\x03\x04" + tail),
    st.sampled_from(["bomb", "oversized"]),
)


def as_word(world, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = data["content"]
    if content == "bomb":
        content = _bomb()
    elif content == "oversized":
        content = _oversized()
    return {"file": SimpleUploadedFile(upload_name(data["name"]), content)}


def _files(root):
    root = Path(root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


_PRIVATE_TMP = {}


def _disk(world):
    """The media files and the upload temp directory (private to the test: files over 2.5 MB go there)."""
    tmp = Path(settings.MEDIA_ROOT).parent / "upload-tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    if settings.FILE_UPLOAD_TEMP_DIR != str(tmp):
        _PRIVATE_TMP["override"] = override_settings(FILE_UPLOAD_TEMP_DIR=str(tmp))
        _PRIVATE_TMP["override"].enable()
    return {"media": _files(settings.MEDIA_ROOT), "tmp": _files(tmp)}


def _import_check():
    """Upload → preview (nothing written, no file kept) → confirmation: the confirmation is held to the rules an
    accepted import always was (NFC text that fits its columns, no file kept); a refused upload to ``strictly``."""
    take = snapshot(Revision, Document)
    draft = snapshot(obj=lambda w: w.objects["draft"])
    strict = strictly(take=lambda w: {"rows": take(w), "draft": draft(w), "disk": _disk(w)})

    def accepted(world, before):
        revision = Revision.objects.get(pk=world.objects["draft"].pk)
        for field in Revision._meta.concrete_fields:
            value = getattr(revision, field.attname)
            if isinstance(value, str):  # imported text is NFC and fits its column
                assert unicodedata.is_normalized("NFC", value), (field.name, value[:80])
                assert field.max_length is None or len(value) <= field.max_length, (field.name, len(value))
        assert revision.purpose or revision.scope or revision.procedure_html
        assert _disk(world) == before["disk"], "an import stores no file"

    def check(world, data, response, before):
        try:
            if response.status_code == 200 and response.context and "token" in response.context:
                assert before == {"rows": take(world), "draft": draft(world), "disk": _disk(world)}, (
                    "a preview writes nothing")
                assert "Xác nhận, ghi vào dự thảo" in response.content.decode()
                response = response.client.post(
                    reverse("processes:revision_import_confirm", kwargs={"pk": world.objects["document"].pk}),
                    {"token": response.context["token"]})
                assert was_accepted(response), ("a fresh preview of one's own draft is confirmed", data)
            if was_accepted(response):
                accepted(world, before)
            strict(world, data, response, before)
        finally:
            if "override" in _PRIVATE_TMP:
                _PRIVATE_TMP.pop("override").disable()

    def before(world):
        return {"rows": take(world), "draft": draft(world), "disk": _disk(world)}

    return {"before": before, "check": check}


def _confirm_check():
    take = snapshot(Revision, Document, obj=thing("draft"))

    def stored(value):  # what the service makes of a text: NFC without NUL bytes, stripped
        return vntext.nfc(value).strip()

    check = strictly(lambda w, d, r: Revision.objects.get(pk=w.objects["draft"].pk),
                     [("purpose", "token"), ("fee", "token")], expect={"purpose": stored, "fee": stored}, take=take)
    return {"before": take, "check": check}


def _token(world, data):
    """The confirmation's token: junk, or a real one (signed for this document and the author) holding junk."""
    from processes.documents.docx_import import dump_token

    token = data["token"]
    if data.get("signed") == "yes":
        content = {"purpose": data["token"], "fee": data["token"], "procedure_html": data["token"],
                   "steps": [{"step": data["token"], "time": data["token"]}], "processing_time_days": 5}
        token = dump_token(content, document=world.objects["document"], user=world.author)
    return {"token": token}


TARGETS += [
    Target("processes:document_detail", name="processes:document_detail (POST)", build=build, kwargs=obj("document"),
           max_examples=FEW, fields={"junk": junk(), "status": junk()}, **unchanged(Document, Revision,
                                                                                 obj=lambda w: w.objects["document"])),
    # A draft is already open: refused with the reason; a document without one gets its draft.
    Target("processes:revision_create", build=build, kwargs=obj("document"), max_examples=FEW, fields={"junk": junk()},
           **guarded(Revision, obj=thing("document"))),
    Target("processes:revision_create", name="processes:revision_create (no draft open)", build=build_life,
           kwargs=life("fz_fresh"), max_examples=FEW, fields={"junk": junk()}, **guarded(Revision)),
    Target("processes:revision_create", name="processes:revision_create (staff)", build=build_life, persona="staff",
           kwargs=life("fz_fresh"), max_examples=FEW, fields={"junk": junk()}, **guarded(Revision)),
    # Word import into the author's open draft: hostile names and bytes.
    Target("processes:revision_import", build=build, persona="author", kwargs=obj("document"), max_examples=M * 2,
           fields={"name": WORD_NAMES, "content": WORD_CONTENT}, payload=as_word, **_import_check()),
    # The confirmation: a forged or junk token is refused, saying why, and writes nothing; a signed one holding
    # hostile text is stored as NFC, the procedure text sanitised.
    Target("processes:revision_import_confirm", build=build, persona="author", kwargs=obj("document"), max_examples=M,
           fields={"token": nasty_text(), "signed": st.sampled_from(["yes", "no"])}, payload=_token,
           **_confirm_check()),
    # Cancel: the author's draft (accepted); a revision in review or in force (refused, saying why).
    Target("processes:revision_cancel", build=build, persona="author", kwargs=obj("draft"), max_examples=FEW,
           fields={"reason": nasty_text()}, **guarded(Revision, obj=thing("draft"))),
    Target("processes:revision_cancel", name="processes:revision_cancel (in review)", build=build,
           kwargs=obj("in_review"), max_examples=FEW, fields={"reason": nasty_text()},
           **guarded(Revision, obj=thing("in_review"))),
    Target("processes:revision_cancel", name="processes:revision_cancel (effective)", build=build,
           kwargs=obj("effective"), max_examples=FEW, fields={"reason": nasty_text()},
           **guarded(Revision, obj=thing("effective"))),
    Target("processes:revision_cancel", name="processes:revision_cancel (reviewer)", build=build, persona="reviewer",
           kwargs=obj("draft"), max_examples=FEW, fields={"reason": nasty_text()},
           **guarded(Revision, obj=thing("draft"))),
    # PDF master: done (refused, nothing to redo), failed (queued again), a draft (no master yet: refused).
    Target("processes:master_retry", build=build_life, kwargs=life("effective"), max_examples=FEW,
           fields={"junk": junk()}, **guarded(MasterPDF, obj=thing("fz_master_done"))),
    Target("processes:master_retry", name="processes:master_retry (failed)", build=build_life,
           kwargs=life("fz_fresh_effective"), max_examples=FEW, fields={"junk": junk()}, **guarded(MasterPDF)),
    Target("processes:master_retry", name="processes:master_retry (draft)", build=build_life, kwargs=life("draft"),
           max_examples=FEW, fields={"junk": junk()}, **guarded(MasterPDF)),
    Target("processes:master_retry", name="processes:master_retry (staff)", build=build_life, persona="staff",
           kwargs=life("fz_fresh_effective"), max_examples=FEW, fields={"junk": junk()},
           **guarded(MasterPDF, obj=thing("fz_master_failed"))),
    # Controlled copies: recall an issued one (accepted), one already recalled (refused, saying why).
    Target("processes:copy_recall", build=build_life, kwargs=life("fz_copy"), max_examples=FEW,
           fields={"next": st.one_of(junk(), st.just("agency"))}, **guarded(Copy, obj=thing("fz_copy"))),
    Target("processes:copy_recall", name="processes:copy_recall (already recalled)", build=build_life,
           kwargs=life("fz_copy_recalled"), max_examples=FEW, fields={"next": st.one_of(junk(), st.just("agency"))},
           **guarded(Copy, obj=thing("fz_copy_recalled"))),
    Target("processes:copy_recall", name="processes:copy_recall (staff)", build=build_life, persona="staff",
           kwargs=life("fz_copy"), max_examples=FEW, fields={"next": junk()}, **guarded(Copy, obj=thing("fz_copy"))),
]
