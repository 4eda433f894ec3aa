"""Untrusted HTML fragments (rich text from users, mammoth output) → HTML that is safe to print.

The fetcher in :mod:`qms.pdf.render` already refuses every external URL; this is the first wall: it removes
what could reach for one (``<link>``, ``<style>``, ``<img>`` with a non-``data:`` source, ``<svg>``,
``<object>``, ``<iframe>``, ``<base>``, ``<meta>``, ``rel=attachment``…) and style attributes that could
smuggle ``url()``/``@import`` (including CSS escapes), so user content cannot restyle the controlled layout.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

import nh3

TAGS = {
    "p", "br", "hr", "div", "span", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small",
    "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "a", "img",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "col": {"span"},
    "ol": {"start", "type"},
    "p": {"style"},
    "span": {"style"},
    "div": {"style"},
}
STYLE_PROPERTIES = {
    "text-align", "font-weight", "font-style", "text-decoration", "vertical-align", "text-indent",
    "padding-left", "margin-left", "width",
}
IMAGE_DATA_RE = re.compile(r"^data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]+$")
STYLE_FORBIDDEN_RE = re.compile(r"url|image|import|expression|attr|var\(|src|@|\\", re.IGNORECASE)
HREF_RE = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)


def _printable_link(href: str) -> bool:
    """Links stay clickable in the PDF, but never to a local machine (loopback, private or IP-literal hosts)."""
    if not HREF_RE.match(href):
        return False
    if not href.lower().startswith(("http:", "https:")):
        return True
    try:
        host = (urlsplit(href).hostname or "").rstrip(".")
    except ValueError:
        return False
    if not host or host == "localhost" or host.endswith((".localhost", ".local", ".internal", ".invalid")):
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return "." in host and not host.replace(".", "").isdigit()
    return False


def _attribute_filter(tag: str, attribute: str, value: str):
    if attribute == "src":
        return value if tag == "img" and IMAGE_DATA_RE.match(value) else None
    if attribute == "href":
        return value if _printable_link(value.strip()) else None
    if attribute == "style":
        return None if STYLE_FORBIDDEN_RE.search(value) else value
    if attribute in ("width", "height", "colspan", "rowspan", "span", "start"):
        return value if value.isdigit() and len(value) <= 4 else None
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style", "svg", "math", "object", "iframe", "noscript", "template", "title"},
    attributes=ATTRIBUTES,
    attribute_filter=_attribute_filter,
    url_schemes={"http", "https", "mailto", "data"},
    filter_style_properties=STYLE_PROPERTIES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean_for_print(html: str | None) -> str:
    """Sanitise an untrusted fragment for a print template (NFC-normalised). Mark it safe in the template."""
    if not html:
        return ""
    return _CLEANER.clean(unicodedata.normalize("NFC", html.replace("\x00", "")))
