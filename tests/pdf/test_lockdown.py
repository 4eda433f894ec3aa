"""Renderer lockdown (spec PDF-5): nothing leaves the renderer, nothing local leaks into the PDF."""

import base64
import http.server
import threading
import uuid

import pikepdf
import pytest

from qms.pdf.clean import clean_for_print
from qms.pdf.render import RefusedURL, make_fetcher, render_result
from tests.pdf.conftest import page_texts, qpdf_check, uncompressed

PNG_1PX = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5b2d1"
    "6f0000000049454e44ae426082")).decode()


@pytest.fixture
def counting_server():
    """An HTTP server on 127.0.0.1 (random port) that counts every request it receives."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            body = b"body::after { content: 'FETCHED-FROM-SERVER' }"
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


@pytest.fixture
def secret_file(tmp_path):
    marker = f"SECRET-MARKER-{uuid.uuid4().hex}"
    css = tmp_path / "secret.css"
    css.write_text(f"body::after {{ content: '{marker}' }}", encoding="utf-8")
    txt = tmp_path / "secret.txt"
    txt.write_text(marker, encoding="utf-8")
    return marker, css.as_uri(), txt.as_uri()


def _hostile(base, css_uri, txt_uri):
    return f"""<!doctype html><html><head>
<link rel="stylesheet" href="{base}/style.css">
<link rel="stylesheet" href="{css_uri}">
<link rel="attachment" href="{txt_uri}" title="x">
<link rel="attachment" href="{base}/attach.bin">
<style>@import url("{base}/import.css"); @import "{css_uri}";
@font-face {{ font-family: X; src: url("{base}/font.ttf"); }}
body {{ background: url("{base}/bg.png"); }}</style>
<base href="{base}/">
</head><body>
<p>Nội dung độc hại</p>
<img src="{base}/img.png"><img src="{txt_uri}"><img src="relative.png">
<p style="background-image: url('{base}/inline.png')">nền</p>
<div style="list-style-image: url({css_uri})">x</div>
<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<image href="{base}/svg.png" width="10" height="10"/><image xlink:href="{txt_uri}" width="10" height="10"/>
<use href="{base}/sprite.svg#a"/></svg>
<img src="data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'><image href='{base}/nested.png' width='5' height='5'/></svg>">
<iframe src="{base}/frame.html"></iframe><object data="{base}/obj.pdf"></object><embed src="{txt_uri}">
<a rel="attachment" href="{txt_uri}">tệp</a><a href="{base}/link">liên kết</a>
<img src="http://0x7f000001:{base.rsplit(':', 1)[1]}/hex.png"><img src="ftp://127.0.0.1/x.png">
<img src="https://qms-static.invalid/static/../../../../etc/passwd">
<img src="qms-static:../qms/settings.py">
</body></html>"""


def test_hostile_raw_html_makes_no_request_and_leaks_no_local_file(counting_server, secret_file, tmp_path, caplog):
    base, hits = counting_server
    marker, css_uri, txt_uri = secret_file
    result = render_result(_hostile(base, css_uri, txt_uri), metadata={"title": "độc hại"})
    assert hits == []  # no request reached the server, loopback included
    assert len(result.refused) >= 10
    assert any(url.startswith("file:") for url in result.refused)
    assert any(url.startswith(base) for url in result.refused)
    assert "refused" in caplog.text
    text = "\n".join(page_texts(result.pdf))
    assert "Nội dung độc hại" in text
    assert marker not in text and "FETCHED-FROM-SERVER" not in text
    assert marker.encode() not in uncompressed(result.pdf)
    with pikepdf.open(__import__("io").BytesIO(result.pdf)) as pdf:
        assert len(pdf.attachments) == 0
        for page in pdf.pages:  # no attachment annotations either
            for annot in page.obj.get("/Annots", []):
                assert annot.get("/Subtype") != "/FileAttachment"
    assert qpdf_check(result.pdf, tmp_path).returncode == 0


def test_hostile_fragment_is_stripped_by_clean_for_print_before_rendering(counting_server, secret_file):
    base, hits = counting_server
    marker, css_uri, txt_uri = secret_file
    cleaned = clean_for_print(_hostile(base, css_uri, txt_uri))
    for needle in ("<link", "<style", "<svg", "<iframe", "<object", "<embed", "<base", "url(", "@import",
                   "attachment", "file:", base, "<image", "qms-static", "relative.png"):
        assert needle not in cleaned, needle
    assert "Nội dung độc hại" in cleaned and "liên kết" in cleaned
    assert render_result(f"<div>{cleaned}</div>", metadata={}).refused == []
    assert hits == []


def test_clean_for_print_keeps_tables_lists_and_data_images_and_normalises_to_nfc():
    decomposed = "Thu\u0309 tu\u0323c"  # "Thủ tục" in NFD
    html = (f"<h2>{decomposed}</h2><table><tr><td colspan='2' style='text-align:center'>a</td></tr></table>"
            f"<ol start='3'><li>b</li></ol><img src='data:image/png;base64,{PNG_1PX}' alt='ảnh'>"
            "<img src='data:image/svg+xml;base64,PHN2Zy8+'><p style='color:red;text-align:right'>c</p>")
    cleaned = clean_for_print(html)
    assert "Thủ tục" in cleaned
    assert 'colspan="2"' in cleaned and 'style="text-align:center"' in cleaned and 'start="3"' in cleaned
    assert f"data:image/png;base64,{PNG_1PX}" in cleaned
    assert "svg+xml" not in cleaned  # SVG can carry external references: only raster data images
    assert "color" not in cleaned and 'style="text-align:right"' in cleaned
    assert clean_for_print(None) == "" and clean_for_print("a\x00b") == "ab"


@pytest.mark.parametrize("url", [
    "https://qms-static.invalid/static/pdf/print.css",
    "qms-static:pdf/print.css",
    f"data:image/png;base64,{PNG_1PX}",
    "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'/>",
])
def test_fetcher_serves_app_static_files_and_data_images(url):
    response = make_fetcher().fetch(url)
    assert response.read()


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:8000/static/pdf/print.css",
    "https://example.com/static/pdf/print.css",
    "https://qms-static.invalid:8443/static/pdf/print.css",
    "https://user@qms-static.invalid/static/pdf/print.css",
    "https://qms-static.invalid/media/secret.pdf",
    "https://qms-static.invalid/static/../../qms/settings.py",
    "https://qms-static.invalid/static/pdf/%2e%2e/%2e%2e/qms/settings.py",
    "qms-static:../qms/settings.py",
    "qms-static:pdf/missing.css",
    "qms-static:js/app.js",
    "data:text/html,<p>x</p>",
    "ftp://127.0.0.1/x",
    "gopher://127.0.0.1:70/x",
])
def test_fetcher_refuses_everything_else(url):
    fetcher = make_fetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused
