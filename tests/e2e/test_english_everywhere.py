"""In English, no page of the permission matrix shows Vietnamese words (issue 14, item 4).

Every GET page the matrix lists with a 200 is read as every persona who may open it, with English as their
language (anonymous visitors carry the language cookie):

- in the browser (one Chromium, one live server), as the page's most and least privileged viewer (``BROWSER``'s
  order): the text a person sees (``document.body.innerText``), after the page's scripts and htmx panels ran;
- as every other viewer, the page the server sends, through Django's test client: its text without scripts,
  styles, templates and hidden elements. A persona sees the same template with other buttons, which this
  reads as surely as the browser, in a tenth of its time; what scripts write is checked by the browser pass.

The text must contain no letter with Vietnamese diacritics except in:

- stored records: every text value the test database holds (document titles, agency, department and
  person names, NC descriptions…) is data, not interface, and is taken out of the text before checking;
- elements marked ``lang="vi"`` (the language switcher names Vietnamese in Vietnamese);
- ALLOWED: a short, explicit list of proper names the interface itself prints.

Files (PDF, XLSX, CSV) are not pages and are skipped. tests/core/test_translations_complete.py checks the
catalogs; this test catches texts that were never marked for translation.
"""

import re
import unicodedata

import lxml.html
import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from django.urls import reverse

from cases.files.models import initials_of
from qms.core.models import User
from tests.conftest import build_world
from tests.matrix import PERSONAS
from tests.test_permission_matrix import BUILDERS, ENTRIES

# Proper names the interface prints on its own (not from the database). Keep it short.
ALLOWED = [
    "TCVN ISO 9001:2008",
    "Tiếng Việt",
    # Legal documents' numbers (Decision 101/2019/QĐ-TTg, an agency's own 45/QĐ-UBND) are cited as issued.
    "QĐ-TTg",
    "QĐ-UBND",
]
# The Word import page names the Vietnamese headings a procedure file must use: they are what to type.
ALLOWED_ON_PAGE = {
    "processes:revision_import": ["Mục đích", "Phạm vi áp dụng", "Tài liệu viện dẫn", "Định nghĩa", "Nội dung quy trình",
                                  "Biểu mẫu", "Hồ sơ cần lưu"],
}
# Letters a Vietnamese word has and an English one does not: đ, and vowels carrying a breve, a circumflex,
# a horn or a tone mark (grave, acute, hook above, tilde, dot below).
VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0302", "\u0303", "\u0306", "\u0309", "\u031b", "\u0323"}
WORD = re.compile(r"\w+", re.UNICODE)


def is_vietnamese(word):
    if "đ" in word.lower():
        return True
    return any(mark in VIETNAMESE_MARKS for mark in unicodedata.normalize("NFD", word))


def _strings(value):
    """The strings in a stored value (JSON fields hold the steps, records and forms tables)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def stored_texts():
    """Every text value in the database, longest first, each also split into lines and without tags."""
    texts = set()
    kinds = (models.CharField, models.TextField, models.JSONField)
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, kinds)]
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            for value in (text for item in row for text in _strings(item)):
                if not value or not any(is_vietnamese(w) for w in WORD.findall(value)):
                    continue
                plain = re.sub(r"<[^>]+>", "\n", value)
                # A name may also be shown by its initials (one-stop applicants to people who may not see them).
                texts |= {value, value.upper(), plain, initials_of(value)}
                texts |= {line.strip() for line in plain.splitlines() if len(line.strip()) > 1}
    return sorted(texts, key=len, reverse=True)


def vietnamese_left(text, data, allowed=()):
    text = unicodedata.normalize("NFC", text)
    for value in [*data, *ALLOWED, *allowed]:
        text = text.replace(value, " ")
    return sorted({w for w in WORD.findall(text) if is_vietnamese(w)})


VISIBLE_TEXT = """() => {
  document.querySelectorAll('[lang="vi"]:not(html), script, style, template').forEach(e => e.remove());
  return document.body.innerText;
}"""
# Most privileged first: the browser opens each page as the first and the last of these who may open it.
BROWSER = ["coordinator", "mgmt_rep", "head", "reviewer", "author", "auditor", "oversight", "staff", "outsider",
           "anonymous"]
assert sorted(BROWSER) == sorted(PERSONAS)
NOT_SHOWN = "//script | //style | //template | //noscript | //head | //*[@hidden] | //*[@lang='vi']"


def server_text(html):
    """What a reader sees of the page the server sent: the text of its body, without scripts, styles, templates
    and hidden elements (the browser pass checks what scripts add)."""
    root = lxml.html.document_fromstring(html)
    for element in root.xpath(NOT_SHOWN):
        if element.getparent() is not None:  # not one inside a part already dropped
            element.drop_tree()
    return " ".join(root.itertext())


def _from_server(client, url):
    """(status, text) of a page read through the test client; None for a file (PDF, XLSX, CSV), not a page."""
    response = client.get(url)
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    return response.status_code, server_text(response.content) if response.status_code == 200 else ""


def _pages(world):
    """(url name, url, the personas who may open it) of every GET page of the matrix."""
    for name, entry in sorted(ENTRIES.items()):
        if entry.method != "get" or name == "javascript-catalog":  # a script, not a page
            continue
        kwargs = entry.kwargs(world) if entry.kwargs else {}
        viewers = [p for p in BROWSER if entry.expect[p] == 200]
        if viewers:
            yield name, reverse(name, kwargs=kwargs) + (entry.query or ""), viewers


def _in_browser(viewers):
    return {viewers[0], viewers[-1]}


@pytest.fixture
def matrix_world(transactional_db, monkeypatch):
    # Built as the matrix builds it, inside one test transaction: what services schedule after commit
    # (renders, notifications) is not run, or it would make the rows the builders make themselves.
    with monkeypatch.context() as patch:
        patch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: None)
        world = build_world()
        for build in BUILDERS:
            build(world)
    User.objects.update(language="en")
    return world


def _client(persona, world, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if persona != "anonymous":
        client.force_login(world.people[persona])
    return client


def test_every_matrix_page_in_english_shows_no_vietnamese(matrix_world, browser, live_server, settings):
    settings.SITE_URL = live_server.url
    data = stored_texts()
    pages = list(_pages(matrix_world))
    failures, in_browser, from_server = [], 0, 0

    def check(persona, name, url, text):
        words = vietnamese_left(text, data, ALLOWED_ON_PAGE.get(name, ()))
        if words:
            failures.append(f"{persona} {name} {url}: {' '.join(words[:15])}")

    for persona in PERSONAS:
        client = _client(persona, matrix_world, settings)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
        if persona != "anonymous":
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url})
        context.add_cookies(cookies)
        page = context.new_page()
        for name, url, viewers in pages:
            if persona not in viewers:
                continue
            if persona not in _in_browser(viewers):
                read = _from_server(client, url)
                if read is None:
                    continue
                from_server += 1
                status, text = read
                if status != 200:
                    failures.append(f"{persona} {name} {url}: status {status}")
                else:
                    check(persona, name, url, text)
                continue
            try:
                response = page.goto(live_server.url + url)
            except Exception as exc:  # a file answered as a download is not a page
                if "Download is starting" in str(exc):
                    continue
                raise
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue
            in_browser += 1
            if response.status != 200:
                failures.append(f"{persona} {name} {url}: status {response.status}")
                continue
            check(persona, name, url, page.evaluate(VISIBLE_TEXT))
        context.close()
    assert in_browser > 100, f"only {in_browser} pages were opened in the browser: is the matrix world complete?"
    assert from_server > 300, f"only {from_server} pages were read from the server: is the matrix world complete?"
    assert not failures, f"{len(failures)} pages show Vietnamese in English:\n" + "\n".join(failures)


def test_what_the_server_sends_is_read_as_a_reader_sees_it():
    html = ("<html><head><title>Tài liệu</title></head><body><p>Documents <b>list</b></p>"
            "<script>var x = 'Tài liệu';</script><template><p>Mẫu</p></template><p hidden>Ẩn</p>"
            "<span lang='vi'>Tiếng Việt</span><p>Đơn vị</p></body></html>")
    text = server_text(html)
    assert text.split() == ["Documents", "list", "Đơn", "vị"]
    assert vietnamese_left(text, []) == ["vị", "Đơn"]


def test_the_check_sees_vietnamese_and_only_outside_data():
    assert is_vietnamese("Đánh") and is_vietnamese("giá") and is_vietnamese("ở")
    assert not is_vietnamese("Audit") and not is_vietnamese("naïve-free")
    assert vietnamese_left("Document Cấp phép xây dựng: Draft", ["Cấp phép xây dựng"]) == []
    assert vietnamese_left("Tài liệu: Cấp phép", ["Cấp phép"]) == ["Tài", "liệu"]
