"""Copies of a stored master PDF: a stamp drawn as a small PDF content stream, overlaid on every page.

The master is never re-rendered (spec PDF-2). The stamp page is drawn directly (text in an embedded
Liberation Serif subset covering Vietnamese, the QR code as filled rectangles), which is ~100× faster
than laying out a stamp template with WeasyPrint. It is added once to the master as a Form XObject and
placed on every page with ``pikepdf.Page.add_overlay``; each page also gets a link annotation to the
verification URL.

Stamp kinds (wording comes from the agency, e.g. ``Agency.stamp_controlled``):

* ``controlled``: red box in the bottom margin ("BẢN KIỂM SOÁT số 03", holder, department, date);
* ``uncontrolled``: dark box ("BẢN KHÔNG KIỂM SOÁT – in lúc hh:mm dd/mm/yyyy");
* ``obsolete``: red box plus the headline written diagonally, translucent, across every page.

Every kind carries the QR code, the human-typable code and the verification URL as text. The bottom
25 mm of each page is kept free by ``static/pdf/print.css``, so the box never covers content.
"""

from __future__ import annotations

import io
import logging
import math
import subprocess
import threading
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

import pikepdf
import segno
from pikepdf import Array, Dictionary, Name, String

MM = 72 / 25.4

CONTROLLED, UNCONTROLLED, OBSOLETE = "controlled", "uncontrolled", "obsolete"
KINDS = (CONTROLLED, UNCONTROLLED, OBSOLETE)

RED = (0.78, 0.0, 0.0)
DARK = (0.12, 0.12, 0.12)
KIND_COLOUR = {CONTROLLED: RED, UNCONTROLLED: DARK, OBSOLETE: RED}

# Characters the embedded subset carries (~250 glyphs, ~20 KB per face): ASCII, Latin-1 letters, the
# Vietnamese letters of Latin Extended-A/B and all of Latin Extended Additional, the dong sign, punctuation.
_CHARSET = (
    set(range(0x20, 0x7F)) | {0xA0, 0xA9, 0xB0, 0xB7} | set(range(0xC0, 0x100))
    | {0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1A0, 0x1A1, 0x1AF, 0x1B0}
    | set(range(0x1EA0, 0x1EFA)) | {0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x20AB, 0x2116}
)


class StampError(ValueError):
    pass


def _font_file(pattern: str, fallback: str) -> str:
    try:
        path = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()
        if path:
            return path
    except (OSError, subprocess.SubprocessError):
        pass
    return fallback


@dataclass(frozen=True, eq=False)  # hashed by identity: one per face, cached
class _Font:
    name: str  # PostScript-ish name with a subset tag
    data: bytes  # subset TrueType
    gid: dict  # codepoint → glyph id in the subset
    widths: list  # glyph id → advance in 1/1000 em
    bbox: tuple
    ascent: int
    descent: int
    cap_height: int

    def width(self, text: str, size: float) -> float:
        return sum(self.widths[self.gid.get(ord(ch), 0)] for ch in text) * size / 1000

    def encode(self, text: str) -> bytes:
        out = bytearray()
        for ch in text:
            out += self.gid.get(ord(ch), self.gid.get(ord("?"), 0)).to_bytes(2, "big")
        return bytes(out)


_font_lock = threading.Lock()


@lru_cache(maxsize=4)
def _load_font(style: str) -> _Font:
    """Subset Liberation Serif (DejaVu Serif if missing) once per process."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    pattern = {"bold": "Liberation Serif:style=Bold", "regular": "Liberation Serif:style=Regular"}[style]
    fallback = {"bold": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
                "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"}[style]
    with _font_lock:
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        font = TTFont(_font_file(pattern, fallback))
        options = subset.Options()
        options.layout_features = []
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.hinting = False
        options.glyph_names = False
        options.drop_tables += ["FFTM"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=_CHARSET)
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        data = buffer.getvalue()
        font = TTFont(io.BytesIO(data))
        scale = 1000 / font["head"].unitsPerEm
        order = font.getGlyphOrder()
        index = {name: i for i, name in enumerate(order)}
        gid = {cp: index[name] for cp, name in font.getBestCmap().items()}
        hmtx = font["hmtx"]
        widths = [round(hmtx[name][0] * scale) for name in order]
        head = font["head"]
        os2 = font["OS/2"]
        base = (font["name"].getDebugName(6) or "LiberationSerif").replace(" ", "")
        return _Font(
            name=("QMSSTP" if style == "regular" else "QMSSTB") + "+" + base,
            data=data, gid=gid, widths=widths,
            bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
            ascent=round(font["hhea"].ascent * scale), descent=round(font["hhea"].descent * scale),
            cap_height=round(getattr(os2, "sCapHeight", 0) * scale or 700),
        )


@lru_cache(maxsize=8)
def _deflated(font: _Font, what: str) -> bytes:
    """Font program and ToUnicode map, compressed once per process (not once per copy)."""
    return zlib.compress(font.data if what == "font" else _to_unicode(font), 6)


def _flate_stream(pdf: pikepdf.Pdf, deflated: bytes) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, b"")
    stream.write(deflated, filter=Name.FlateDecode)
    return stream


def _font_object(pdf: pikepdf.Pdf, font: _Font) -> pikepdf.Object:
    file_stream = _flate_stream(pdf, _deflated(font, "font"))
    file_stream.Length1 = len(font.data)
    descriptor = Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/" + font.name), Flags=34,
        FontBBox=Array(font.bbox), ItalicAngle=0, Ascent=font.ascent, Descent=font.descent,
        CapHeight=font.cap_height, StemV=80, FontFile2=file_stream,
    )
    cid_font = Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/" + font.name),
        CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor), DW=1000, W=Array([0, Array(font.widths)]),
        CIDToGIDMap=Name.Identity,
    )
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/" + font.name), Encoding=Name("/Identity-H"),
        DescendantFonts=Array([pdf.make_indirect(cid_font)]),
        ToUnicode=_flate_stream(pdf, _deflated(font, "tounicode")),
    ))


@lru_cache(maxsize=4)
def _to_unicode(font: _Font) -> bytes:
    pairs = sorted({g: cp for cp, g in font.gid.items() if g}.items())
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    for start in range(0, len(pairs), 100):
        chunk = pairs[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for g, cp in chunk:
            lines.append(f"<{g:04X}> <{chr(cp).encode('utf-16-be').hex().upper()}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


class _Canvas:
    """A tiny PDF content-stream writer (only what stamps need)."""

    def __init__(self, fonts: dict[str, _Font]):
        self.fonts = fonts
        self.ops: list[str] = []

    def colour(self, rgb, stroke=False):
        self.ops.append("{:.3f} {:.3f} {:.3f} {}".format(*rgb, "RG" if stroke else "rg"))

    def rect(self, x, y, w, h, *, fill=False, stroke=False, line=1.0):
        self.ops.append(f"{line:.2f} w {x:.2f} {y:.2f} {w:.2f} {h:.2f} re " + ("B" if fill and stroke else "f" if fill else "S"))

    def fit(self, text, font_key, size, max_width, min_size=5.0):
        """Shrink the size until the text fits; cut with an ellipsis below ``min_size``."""
        font = self.fonts[font_key]
        width = font.width(text, size)
        if width > max_width:
            size = max(min_size, size * max_width / width * 0.995)
            while text and font.width(text, size) > max_width:
                text = text[:-2] + "…"
        return text, size

    def text(self, x, y, text, font_key, size, *, align="left", max_width=None, angle=0.0):
        text = unicodedata.normalize("NFC", text)
        if max_width:
            text, size = self.fit(text, font_key, size, max_width)
        font = self.fonts[font_key]
        width = font.width(text, size)
        cos, sin = math.cos(angle), math.sin(angle)
        shift = {"left": 0, "center": width / 2, "right": width}[align]
        x0, y0 = x - shift * cos, y - shift * sin
        self.ops.append(
            f"BT /{font_key} {size:.2f} Tf {cos:.5f} {sin:.5f} {-sin:.5f} {cos:.5f} {x0:.2f} {y0:.2f} Tm "
            f"<{font.encode(text).hex()}> Tj ET"
        )

    def qr(self, matrix, x, y, size):
        modules = len(matrix)
        quiet = 2
        unit = size / (modules + 2 * quiet)
        self.colour((1, 1, 1))
        self.rect(x, y, size, size, fill=True, line=0)
        self.colour((0, 0, 0))
        top = y + size - quiet * unit
        for r, row in enumerate(matrix):
            c = 0
            while c < modules:
                if row[c]:
                    start = c
                    while c < modules and row[c]:
                        c += 1
                    self.ops.append(f"{x + (quiet + start) * unit:.3f} {top - (r + 1) * unit:.3f} "
                                    f"{(c - start) * unit:.3f} {unit:.3f} re")
                else:
                    c += 1
        self.ops.append("f")

    def content(self) -> bytes:
        return ("\n".join(self.ops)).encode("ascii")


def _layout(canvas: _Canvas, kind, width, height, text_lines, verify_url, verify_code, verify_label, verify_hint):
    colour = KIND_COLOUR[kind]
    left, right = 30 * MM, width - 15 * MM
    bottom, band = 4 * MM, 17 * MM  # 4–21 mm from the page edge: ≥ 4 mm clear of the 25 mm body margin
    qr_size = band
    box_w = min(95 * MM, (right - left) * 0.55)
    headline, details = text_lines[0], list(text_lines[1:4])

    if kind == OBSOLETE:  # translucent diagonal headline across the whole page
        canvas.ops.append("q /GSstamp gs")
        canvas.colour(colour)
        angle = math.atan2(height, width)
        diagonal = math.hypot(width, height) * 0.66
        text, size = canvas.fit(headline, "FB", 200, diagonal)
        canvas.text(width / 2 + size * 0.3 * math.sin(angle), height / 2 - size * 0.3 * math.cos(angle),
                    text, "FB", size, align="center", angle=angle)
        canvas.ops.append("Q")

    # the box: double red/dark border, headline and up to three detail lines
    canvas.ops.append("q")
    canvas.colour((1, 1, 1))
    canvas.rect(left, bottom, box_w, band, fill=True, line=0)
    canvas.colour(colour, stroke=True)
    canvas.rect(left, bottom, box_w, band, stroke=True, line=1.4)
    canvas.rect(left + 0.8 * MM, bottom + 0.8 * MM, box_w - 1.6 * MM, band - 1.6 * MM, stroke=True, line=0.5)
    canvas.colour(colour)
    top = bottom + band
    inner = box_w - 4 * MM
    canvas.text(left + box_w / 2, top - 5.4 * MM, headline, "FB", 11.5, align="center", max_width=inner)
    for i, line in enumerate(details):
        canvas.text(left + box_w / 2, top - (9.0 + 3.2 * i) * MM, line, "FR", 8.2, align="center", max_width=inner)
    canvas.ops.append("Q")

    # verification: QR at the right edge, code and URL beside it
    qr_x = right - qr_size
    # a fixed mask skips segno's evaluation of all eight (two thirds of the stamp's time); any mask is valid
    canvas.qr(segno.make(verify_url, error="m", micro=False, mask=4, boost_error=False).matrix, qr_x, bottom, qr_size)
    text_right = qr_x - 2 * MM
    text_w = text_right - (left + box_w + 4 * MM)
    canvas.colour((0, 0, 0))
    canvas.text(text_right, top - 5 * MM, f"{verify_label}: {verify_code}", "FB", 9.5, align="right", max_width=text_w)
    canvas.text(text_right, top - 9.5 * MM, verify_hint, "FR", 7.5, align="right", max_width=text_w)
    canvas.text(text_right, top - 13 * MM, verify_url, "FR", 7.5, align="right", max_width=text_w)
    link_rect = (text_right - text_w, bottom, right, top)
    return link_rect


def make_stamp_pdf(*, kind: str, text_lines, verify_url: str, verify_code: str, width: float = 595.28,
                   height: float = 841.89, verify_label: str = "Mã xác minh",
                   verify_hint: str = "Kiểm tra tính hiệu lực của bản này tại:") -> tuple[pikepdf.Pdf, tuple]:
    """A one-page stamp (transparent except for the box and the QR) and the rectangle to link."""
    if kind not in KINDS:
        raise StampError(f"unknown stamp kind {kind!r}")
    text_lines = [unicodedata.normalize("NFC", str(t)) for t in text_lines if str(t).strip()]
    if not text_lines:
        raise StampError("a stamp needs at least its headline")
    if not verify_url.startswith(("https://", "http://")):
        raise StampError("the verification URL must be absolute http(s)")
    fonts = {"FB": _load_font("bold"), "FR": _load_font("regular")}
    canvas = _Canvas(fonts)
    link_rect = _layout(canvas, kind, width, height, text_lines, verify_url, verify_code, verify_label, verify_hint)
    pdf = pikepdf.new()
    resources = Dictionary(
        Font=Dictionary(FB=_font_object(pdf, fonts["FB"]), FR=_font_object(pdf, fonts["FR"])),
        ExtGState=Dictionary(GSstamp=Dictionary(Type=Name.ExtGState, ca=0.22, CA=0.22)),
    )
    page = pikepdf.Page(Dictionary(
        Type=Name.Page, MediaBox=Array([0, 0, width, height]), Resources=resources,
        Contents=pikepdf.Stream(pdf, canvas.content()),
    ))
    pdf.pages.append(page)
    return pdf, link_rect


def stamp_pdf(master_bytes: bytes, *, kind: str, text_lines, verify_url: str, verify_code: str,
              verify_label: str = "Mã xác minh", verify_hint: str = "Kiểm tra tính hiệu lực của bản này tại:") -> bytes:
    """Overlay a ``kind`` stamp on every page of ``master_bytes`` and return the copy.

    ``text_lines``: the headline (agency wording, e.g. "BẢN KIỂM SOÁT số 03") then up to three detail
    lines (holder, department, date). ``verify_code`` is printed as given (use ``codes.format_code``).
    """
    with pikepdf.open(io.BytesIO(master_bytes)) as master:
        stamps: dict = {}
        for page in master.pages:
            box = page.mediabox
            x0, y0, x1, y1 = (float(v) for v in box)
            size = (round(x1 - x0, 1), round(y1 - y0, 1))
            if size not in stamps:
                stamp, link_rect = make_stamp_pdf(
                    kind=kind, text_lines=text_lines, verify_url=verify_url, verify_code=verify_code,
                    width=size[0], height=size[1], verify_label=verify_label, verify_hint=verify_hint)
                form = master.copy_foreign(stamp.pages[0].as_form_xobject())
                stamps[size] = (form, link_rect)
            form, link_rect = stamps[size]
            page.add_overlay(form, pikepdf.Rectangle(x0, y0, x1, y1))
            lx0, ly0, lx1, ly1 = link_rect
            annotation = master.make_indirect(Dictionary(
                Type=Name.Annot, Subtype=Name.Link, Rect=Array([x0 + lx0, y0 + ly0, x0 + lx1, y0 + ly1]),
                Border=Array([0, 0, 0]), F=4, P=page.obj,
                A=Dictionary(S=Name.URI, URI=String(verify_url)),
            ))
            if "/Annots" in page.obj:
                page.obj.Annots.append(annotation)
            else:
                page.obj.Annots = Array([annotation])
        out = io.BytesIO()
        # the master's streams are copied as they are (no decode/re-encode); only new streams get compressed
        master.save(out, compress_streams=True, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                    object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


# --- wording helpers (the headline words come from the agency) ---------------------------------------

def controlled_lines(stamp_text: str, copy_number: int, holder: str, department: str, issued_on: str) -> list[str]:
    return [f"{stamp_text} số {copy_number:02d}", f"Người giữ: {holder}", f"Bộ phận: {department}",
            f"Ngày cấp: {issued_on}"]


def uncontrolled_lines(stamp_text: str, printed_at: str, reader: str = "") -> list[str]:
    lines = [f"{stamp_text} – in lúc {printed_at}", "Không kiểm soát khi in"]
    if reader:
        lines.append(f"Người in: {reader}")
    return lines


def obsolete_lines(stamp_text: str, superseded_on: str = "", note: str = "") -> list[str]:
    lines = [stamp_text]
    if superseded_on:
        lines.append(f"Hết hiệu lực từ ngày {superseded_on}")
    if note:
        lines.append(note)
    return lines
