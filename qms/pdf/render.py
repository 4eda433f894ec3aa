"""HTML → PDF through WeasyPrint, locked down and bounded.

Two promises (spec PDF-5):

* **Nothing leaves the renderer.** :class:`StaticOnlyFetcher` serves the app's own static files
  (``/static/…`` on the pseudo-origin :data:`STATIC_ORIGIN`, or ``qms-static:path``) through the
  staticfiles finders, plus ``data:`` images; every other URL (``file://``, ``http(s)://`` including
  loopback, ``ftp:``…) is refused, logged and reported back to the caller.
* **A render cannot take the server down.** Each render runs in a forked child process with
  ``RLIMIT_AS`` raised only :data:`DEFAULT_MEMORY_MB` above what the process already maps, and is
  killed after :data:`DEFAULT_TIMEOUT` seconds. The parent gets :class:`RenderTimeout`,
  :class:`RenderMemoryExceeded` or :class:`RenderCrashed`, never a hang. The child dies with the
  process that forked it (``PR_SET_PDEATHSIG``): a worker killed mid-render leaves no render behind.

While it waits, the parent can call ``heartbeat`` every ``heartbeat_every`` seconds (the master render
renews its lease there, processes/copies/leases.py): from the waiting loop, not a thread, so nothing
else holds a lock when the next render forks. If ``heartbeat`` raises, the child is killed and the
exception goes to the caller.

Why fork and not a fresh interpreter: the child inherits the imported WeasyPrint, Django settings and
the warmed-up shared :class:`FontConfiguration`, so isolation costs a few milliseconds (the benchmark
``bench/pdf_bench.py`` shows it side by side with raw WeasyPrint) instead of a second of imports.
If another thread held a lock at fork time the child can only block, and the timeout then kills it.
The child never touches the database and leaves with ``os._exit``.
"""

from __future__ import annotations

import base64
import binascii
import ctypes
import logging
import mimetypes
import os
import resource
import select
import signal
import struct
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger("qms.pdf")
# WeasyPrint logs every layout step at INFO ("Step 5 - Creating layout - Page 12"): noise in worker logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Relative URLs in the printed HTML resolve against this origin. ".invalid" never resolves (RFC 2606),
# and the fetcher answers it from the staticfiles finders without any network.
STATIC_ORIGIN = "https://qms-static.invalid/"
STATIC_SCHEME = "qms-static"

DEFAULT_TIMEOUT = 120.0  # seconds per render
DEFAULT_MEMORY_MB = 768  # address space a render may add on top of the forked process
DEFAULT_HEARTBEAT_EVERY = 15.0  # seconds between two calls of the caller's heartbeat while the child renders

DATA_MIME_ALLOWED = {"image/png", "image/jpeg", "image/gif", "image/svg+xml"}
STATIC_SUFFIXES = {".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ttf", ".otf", ".woff", ".woff2"}


class RenderError(Exception):
    """The PDF could not be produced."""


class RenderLimitExceeded(RenderError):
    """A render went past its time or memory bound and was stopped."""


class RenderTimeout(RenderLimitExceeded):
    pass


class RenderMemoryExceeded(RenderLimitExceeded):
    pass


class RenderCrashed(RenderError):
    """The render process died without an answer (a C library aborting, usually out of memory)."""


class RefusedURL(ValueError):
    """Raised inside the fetcher; WeasyPrint logs it and drops the resource."""


@dataclass
class RenderResult:
    pdf: bytes
    refused: list[str] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[:limit] + "…"


def _import_weasyprint():
    import weasyprint  # noqa: F401  (slow import; only where a PDF is made)
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    return weasyprint, URLFetcher, URLFetcherResponse


def _make_fetcher_class():
    _, URLFetcher, URLFetcherResponse = _import_weasyprint()

    class StaticOnlyFetcher(URLFetcher):
        """Serve only the app's static files and data: images; refuse and record everything else."""

        def __init__(self):
            super().__init__(timeout=1, allowed_protocols=set(), allow_redirects=False)
            self.refused: list[str] = []

        def refuse(self, url, why):
            self.refused.append(_short(url))
            logger.warning("PDF render refused %s (%s)", _short(url), why)
            raise RefusedURL(f"refused by the QMS PDF fetcher: {why}")

        def fetch(self, url, headers=None):  # noqa: ARG002  (signature fixed by WeasyPrint)
            if url.startswith("data:"):
                return self._data(url)
            try:
                parts = urlsplit(url)
            except ValueError:
                self.refuse(url, "malformed URL")
            scheme = parts.scheme.lower()
            if scheme == STATIC_SCHEME:
                return self._static(url, unquote(parts.path).lstrip("/"))
            origin = urlsplit(STATIC_ORIGIN)
            static_prefix = urlsplit(settings.STATIC_URL).path or "/static/"
            if (
                scheme == origin.scheme
                and (parts.hostname or "") == origin.hostname
                and parts.port is None
                and not parts.username
                and parts.path.startswith(static_prefix)
            ):
                return self._static(url, unquote(parts.path)[len(static_prefix):])
            self.refuse(url, "only the application's static files may be loaded")

        def _static(self, url, relpath):
            if not relpath or "\x00" in relpath or any(p in ("..", "") for p in relpath.split("/")):
                self.refuse(url, "bad static path")
            if Path(relpath).suffix.lower() not in STATIC_SUFFIXES:
                self.refuse(url, "static file type not allowed")
            found = finders.find(relpath)
            if not found:
                self.refuse(url, "no such static file")
            body = Path(found).read_bytes()
            mime = mimetypes.guess_type(relpath)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": mime})

        def _data(self, url):
            header, sep, payload = url[5:].partition(",")
            if not sep:
                self.refuse(url, "malformed data URL")
            params = header.split(";")
            mime = params[0].strip().lower()
            if mime not in DATA_MIME_ALLOWED:
                self.refuse(url, f"data URL of type {mime or '?'} not allowed")
            try:
                body = base64.b64decode(payload, validate=False) if "base64" in params[1:] else unquote_to_bytes(payload)
            except (binascii.Error, ValueError):
                self.refuse(url, "undecodable data URL")
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return StaticOnlyFetcher


_state_lock = threading.Lock()
_state: dict = {}


def _engine():
    """WeasyPrint module, the fetcher class and the process-wide FontConfiguration (created once)."""
    with _state_lock:
        if not _state:
            weasyprint, _, _ = _import_weasyprint()
            from weasyprint.text.fonts import FontConfiguration

            _state["weasyprint"] = weasyprint
            _state["fetcher_class"] = _make_fetcher_class()
            _state["font_config"] = FontConfiguration()
        return _state


def make_fetcher():
    """A fresh locked-down fetcher (it records what it refused)."""
    return _engine()["fetcher_class"]()


def _apply_metadata(document, metadata: dict):
    meta = document.metadata
    if metadata.get("title"):
        meta.title = str(metadata["title"])
    if metadata.get("author"):
        meta.authors = [str(metadata["author"])]
    if metadata.get("subject"):
        meta.description = str(metadata["subject"])
    keywords = metadata.get("keywords")
    if keywords:
        meta.keywords = [keywords] if isinstance(keywords, str) else [str(k) for k in keywords]
    meta.generator = str(metadata.get("generator") or "QMS")
    for key in ("created", "modified"):
        if metadata.get(key):
            setattr(meta, key, str(metadata[key]))


def _render_here(html: str, *, base_url: str | None = None, metadata: dict | None = None) -> RenderResult:
    from qms.pdf import breaks  # imports WeasyPrint

    engine = _engine()
    fetcher = make_fetcher()
    started = time.perf_counter()
    source = engine["weasyprint"].HTML(
        string=html, base_url=base_url or STATIC_ORIGIN, url_fetcher=fetcher, media_type="print"
    )
    document = breaks.layout(source, font_config=engine["font_config"], refused=fetcher.refused)
    _apply_metadata(document, metadata or {})
    pdf = document.write_pdf()
    return RenderResult(pdf=pdf, refused=fetcher.refused, pages=len(document.pages),
                        seconds=time.perf_counter() - started)


def render_in_process(html: str, *, base_url: str | None = None, metadata: dict | None = None) -> RenderResult:
    """Render without isolation: what the bounded child runs; also for the benchmark. Not for user content."""
    return _render_here(html, base_url=base_url, metadata=metadata)


_WARM_HTML = (
    "<!doctype html><html lang=vi><head><link rel=stylesheet href='/static/pdf/print.css'></head>"
    "<body><p>Khởi động phông chữ: <b>Đậm</b> <i>Nghiêng</i> ỹỵửữựằẳẵặ</p></body></html>"
)


def warm_up():
    """Load fonts and the print CSS once in this process, so each forked render starts warm."""
    if not _state.get("warm"):
        _render_here(_WARM_HTML)
        _state["warm"] = True


# --- the bounded child ---------------------------------------------------------------------------------

_OK, _ERR_MEMORY, _ERR_OTHER = b"O", b"M", b"E"


def _vm_size_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _find_prctl():
    """libc's prctl, looked up here in the parent: the child must not dlopen (a lock another thread may hold)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux: a child still stops when it writes to the closed pipe
        return None


_prctl = _find_prctl()


def _die_with_parent(parent_pid):
    """Have the kernel kill this child when the parent dies (Linux); leave at once if it is dead already."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(70)


def _child(write_fd, html, base_url, metadata, memory_mb, parent_pid):
    """Runs in the forked process. Never returns."""
    code = 0
    try:
        _die_with_parent(parent_pid)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        limit = _vm_size_bytes() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            result = render_in_process(html, base_url=base_url, metadata=metadata)
            refused = "\n".join(result.refused).encode()
            payload = _OK + struct.pack(">II", len(refused), result.pages) + refused + result.pdf
        except MemoryError:
            payload = _ERR_MEMORY + b"the render needed more memory than allowed"
        except Exception as exc:  # reported to the parent, which raises RenderError
            payload = _ERR_OTHER + f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}".encode(
                "utf-8", "replace"
            )
        view = memoryview(payload)
        while view:
            written = os.write(write_fd, view[:1 << 20])
            view = view[written:]
    except BaseException:  # noqa: BLE001  (nothing may escape a forked child)
        code = 70
    finally:
        os._exit(code)


def _reap(pid, kill=False):
    if kill:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    return status


def render_result(html: str, *, base_url: str | None = None, metadata: dict | None = None,
                  timeout: float | None = None, memory_mb: int | None = None,
                  heartbeat=None, heartbeat_every: float = DEFAULT_HEARTBEAT_EVERY) -> RenderResult:
    """Render in a bounded child process; see :func:`render_pdf`.

    ``heartbeat``: a callable run every ``heartbeat_every`` seconds while the child renders (the caller
    proves it is alive); an exception it raises stops the child and propagates.
    """
    timeout = float(timeout if timeout is not None else getattr(settings, "QMS_PDF_TIMEOUT", DEFAULT_TIMEOUT))
    memory_mb = int(memory_mb if memory_mb is not None else getattr(settings, "QMS_PDF_MEMORY_MB", DEFAULT_MEMORY_MB))
    warm_up()
    started = time.perf_counter()
    read_fd, write_fd = os.pipe()
    parent_pid = os.getpid()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        _child(write_fd, html, base_url, metadata or {}, memory_mb, parent_pid)
    os.close(write_fd)
    chunks = []
    deadline = started + timeout
    next_beat = started + heartbeat_every
    try:
        while True:
            now = time.perf_counter()
            if heartbeat is not None and now >= next_beat:
                heartbeat()
                now = time.perf_counter()
                next_beat = now + heartbeat_every
            left = deadline - now
            if left <= 0:
                raise RenderTimeout(f"PDF render exceeded its time limit of {timeout:g} s and was stopped")
            wait = left if heartbeat is None else min(left, max(next_beat - now, 0.0))
            ready, _, _ = select.select([read_fd], [], [], wait)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    except BaseException as exc:  # time limit, or the caller interrupted: never leave the child behind
        _reap(pid, kill=True)
        if isinstance(exc, RenderTimeout):
            logger.error("PDF render stopped after %.1f s (time limit)", timeout)
        raise
    finally:
        os.close(read_fd)
    status = _reap(pid)
    data = b"".join(chunks)
    if not data:
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
        logger.error("PDF render process died (%s)", how)
        raise RenderCrashed(f"PDF render process died ({how}); likely over its memory limit of {memory_mb} MB")
    kind, body = data[:1], data[1:]
    if kind == _ERR_MEMORY:
        logger.error("PDF render stopped: memory limit %s MB", memory_mb)
        raise RenderMemoryExceeded(f"PDF render exceeded its memory limit of {memory_mb} MB and was stopped")
    if kind != _OK:
        message = body.decode("utf-8", "replace")
        logger.error("PDF render failed: %s", message)
        raise RenderError(message.splitlines()[0] if message else "PDF render failed")
    refused_len, pages = struct.unpack(">II", body[:8])
    refused = [u for u in body[8:8 + refused_len].decode().split("\n") if u]
    for url in refused:
        logger.warning("PDF render refused %s", url)
    return RenderResult(pdf=body[8 + refused_len:], refused=refused, pages=pages,
                        seconds=time.perf_counter() - started)


def render_pdf(html: str, *, base_url: str | None = None, metadata: dict,
               timeout: float | None = None, memory_mb: int | None = None) -> bytes:
    """Render trusted template HTML (with untrusted parts already passed through ``clean_for_print``).

    ``metadata``: ``title``, ``author`` (the agency), ``subject`` (code + issue), ``keywords`` (str or list),
    optional ``created``/``modified`` (ISO 8601). ``base_url`` defaults to :data:`STATIC_ORIGIN` so that
    ``{% static %}`` URLs resolve; any base is fine because the fetcher decides what loads.
    Raises :class:`RenderTimeout`, :class:`RenderMemoryExceeded`, :class:`RenderCrashed` or :class:`RenderError`.
    """
    return render_result(html, base_url=base_url, metadata=metadata, timeout=timeout, memory_mb=memory_mb).pdf


def render_template_pdf(template_name: str, context: dict, *, metadata: dict, **limits) -> bytes:
    """Django template → PDF. Context values that hold user HTML must be ``clean_for_print`` output."""
    from django.template.loader import render_to_string

    return render_pdf(render_to_string(template_name, context), metadata=metadata, **limits)
