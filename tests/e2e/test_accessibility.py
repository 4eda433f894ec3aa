"""Every page of the permission matrix, in Vietnamese and English, on a desktop and on a phone (issue 14, 5–6).

- axe-core (pinned in package-lock.json, installed by ``bin/setup --dev``) is loaded into each page by the test,
  never by the application, and must find no WCAG 2.0/2.1 A or AA violation;
- at 360×740 no page scrolls sideways: ``document.scrollingElement.scrollWidth <= window.innerWidth``.

axe runs on the desktop in both languages and on the phone in Vietnamese: the two languages share their markup,
styles and colours and differ by their words, which is what the phone's width check (in both) is about.
Each page is loaded once and resized to the phone: no script of ours reads the window's size, so the media rules
(which the browser applies again on resize) are all that differs from opening it on a phone.

The pages are the matrix's GET entries that answer an HTML 200 to some persona; each is opened as the first
such persona of ``VIEWERS`` (one person per page is enough to see its layout; the other personas see the
same templates with fewer buttons). A new view gets its matrix row and is checked here without more work.
"""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_permission_matrix import BUILDERS, ENTRIES

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
VIEWERS = ["anonymous", "coordinator", "head", "mgmt_rep", "reviewer", "author", "auditor", "staff", "oversight"]
SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 360, "height": 740}}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""
WIDTH = "[document.scrollingElement.scrollWidth, window.innerWidth]"
# The outermost elements that reach past the screen's right edge: what to fix when a page is too wide.
WIDE = """() => {
  const clipped = e => { for (let a = e.parentElement; a; a = a.parentElement) {
    if (["auto", "scroll", "hidden"].includes(getComputedStyle(a).overflowX) && a !== document.body
        && a !== document.documentElement) return true; } return false; };
  const wide = [...document.body.querySelectorAll("*")].filter(
    e => e.getBoundingClientRect().right > innerWidth + 1 && !clipped(e));
  return wide.filter(e => !wide.includes(e.parentElement)).slice(0, 3).map(e => {
    const r = e.getBoundingClientRect();
    return `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}.${[...e.classList].join(".")} (${Math.round(r.width)}px)`;
  });
}"""


def _pages(world):
    """(persona, url) of every GET matrix page that answers HTML 200 to one of VIEWERS."""
    client = Client()
    pages = []
    for name, entry in sorted(ENTRIES.items()):
        if entry.method != "get":
            continue
        persona = next((p for p in VIEWERS if entry.expect[p] == 200), None)
        if persona is None:
            continue
        url = reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else {}) + (entry.query or "")
        client.logout()
        if persona != "anonymous":
            client.force_login(world.people[persona])
        response = client.get(url)
        # Whole pages only: htmx fragments (a panel polled into its page) are checked inside their page.
        if (response.status_code == 200 and response["Content-Type"].startswith("text/html")
                and b"<html" in response.content[:300].lower()):
            pages.append((persona, url))
    return pages


def _axe(page, where):
    return [f"{where}: {v['id']} [{v['impact']}] {v['help']} at {v['nodes']}" for v in page.evaluate(RUN_AXE, WCAG)]


def _context(browser, live_server, persona, world, language, size):
    # bypass_csp: the page's CSP (script-src 'self') would refuse the checker the test injects.
    context = browser.new_context(viewport=SIZES[size], locale="vi-VN" if language == "vi" else "en-US",
                                  bypass_csp=True)
    context.set_default_timeout(15000)
    cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
    if persona != "anonymous":
        user = world.people[persona]
        user.language = language
        user.save(update_fields=["language"])
        client = Client()
        client.force_login(user)
        cookies.append({"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url})
    context.add_cookies(cookies)
    return context


@pytest.fixture
def no_renders(settings):
    """The live server commits, so queued master renders would run at once and collide with the matrix's own
    stored masters; the pages are what is checked here, not the renders."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_is_accessible_and_fits_a_phone(language, no_renders, world, browser, live_server, settings):
    assert AXE.exists(), f"{AXE} is missing: run bin/setup --dev (it installs axe-core from package-lock.json)"
    settings.SITE_URL = live_server.url
    for build in BUILDERS:
        build(world)
    pages = _pages(world)
    assert len(pages) >= 60, f"only {len(pages)} pages found: the matrix walk is broken"
    violations, too_wide = [], []
    for persona in dict.fromkeys(p for p, _ in pages):
        context = _context(browser, live_server, persona, world, language, "desktop")
        page = context.new_page()
        for url in (u for p, u in pages if p == persona):
            page.set_viewport_size(SIZES["desktop"])
            response = page.goto(live_server.url + url)
            assert response.status == 200, f"{url} as {persona}: {response.status}"
            assert page.locator("html").get_attribute("lang") == language, f"{url}: not in {language}"
            page.add_script_tag(path=str(AXE))
            violations += _axe(page, f"desktop {url} ({persona})")
            page.set_viewport_size(SIZES["phone"])
            scroll, inner = page.evaluate(WIDTH)
            if scroll > inner:
                too_wide.append(f"{url} ({persona}): {scroll}px wide on a {inner}px screen, "
                                f"past the edge: {', '.join(page.evaluate(WIDE))}")
            if language == "vi":
                violations += _axe(page, f"phone {url} ({persona})")
        context.close()
    assert not violations, f"{len(violations)} accessibility violations:\n" + "\n".join(violations)
    assert not too_wide, f"{len(too_wide)} pages scroll sideways on a phone:\n" + "\n".join(too_wide)
