"""An external document's file under hostile names and bytes (security review issue 12): accepted only as a
type an agency uses, stored under a server-made name with the detected extension; refused with the reason in
Vietnamese, leaving no row and no file. The bytes lean on what the type detection parses: OLE2 directories
(Word and Excel 97-2003) and zip archives (OOXML, OpenDocument), whole, cut short or with bytes overwritten."""

import re
from pathlib import Path

from django.conf import settings
from django.http.multipartparser import MultiPartParser
from hypothesis import strategies as st

from processes.documents.models import Document
from qms.core import uploads
from tests import files
from tests.fuzz import Target
from tests.fuzz.checks import in_vietnamese, refusal_reasons, snapshot, was_accepted
from tests.fuzz.strategies import as_upload, nasty_file, nasty_text

N = 30
WHOLE = [files.PDF, files.DOC, files.XLS, files.XLS_WITH_WORD, files.PPT, files.ODT, files.ODS, files.ODP,
         files.DOCX, files.XLSX, files.HTML, files.JS]


def _overwritten(data):
    return st.tuples(st.integers(0, len(data) - 1), st.binary(min_size=1, max_size=16)).map(
        lambda cut: data[:cut[0]] + cut[1] + data[cut[0] + len(cut[1]):])


CONTENT = st.one_of(
    nasty_file()["content"],
    st.sampled_from(WHOLE),
    st.sampled_from(WHOLE).flatmap(lambda data: st.integers(0, len(data)).map(lambda n: data[:n])),  # cut short
    st.sampled_from([files.DOC, files.XLS, files.XLS_WITH_WORD, files.ODT]).flatmap(_overwritten),
    st.binary(max_size=1200).map(lambda tail: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + tail),
)
NAMES = st.one_of(nasty_text(60), st.sampled_from(["luat.pdf", "luat.html", "QĐ 15.doc", ".htaccess", "a/b\\c.js",
                                                   "hoa-don\u202efdp.exe"]))


def fixed_external(world):
    return {"code": "TLBN-FUZZ", "title": "Luật Xây dựng", "doc_type": "external", "review_interval_months": "12",
            "issuer": "Quốc hội"}


def _media_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _before(world):
    return {"rows": snapshot(Document)(world), "files": _media_files()}


def _check(world, data, response, before):
    after = _before(world)
    if was_accepted(response):
        document = Document.objects.get(agency=world.agency, code="TLBN-FUZZ")
        if not document.external_file:
            # Only when Django's multipart parser dropped the file for its name ("", ".", "..", unprintable).
            assert MultiPartParser.sanitize_file_name(None, data["name"].replace("\x00", "") or "x") is None
            assert after["files"] == before["files"]
            return
        kind = uploads.sniff(data["content"])
        assert kind is not None and kind[0] in uploads.DOCUMENT.types
        assert document.external_file_type == kind[0]
        assert re.fullmatch(rf"external/{world.agency.pk}/[0-9a-f]{{32}}\.{kind[1]}", document.external_file.name)
        assert document.external_file_name.endswith(f".{kind[1]}") and "/" not in document.external_file_name
        assert document.external_file_sha256 == uploads.sha256(data["content"])
        assert len(after["files"]) == len(before["files"]) + 1
        return
    reasons = refusal_reasons(response)
    assert reasons and all(in_vietnamese(r, [data["name"]]) for r in reasons), reasons
    assert after == before, "a refused file leaves nothing behind"


TARGETS = [
    Target("processes:document_create", name="processes:document_create (external file)", max_examples=N,
           fixed=fixed_external, fields={"name": NAMES, "content": CONTENT},
           payload=lambda world, data: as_upload(world, data, field="external_file"), before=_before, check=_check),
]
