"""The three probes (see the package's docstring). Answers are for machines: JSON or Prometheus text."""

import hmac
import ipaddress
import logging
import secrets
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from qms.core.health import metrics
from qms.core.network import client_ip

logger = logging.getLogger("qms.health")

PROBE_PREFIX = ".qms-ready/"  # backups skip names starting with ".qms-" (qms/core/backup)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """The process answers; nothing else is asked (a database outage must not restart every node)."""
    return JsonResponse({"status": "ok"})


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_storage():
    """Write, read back and delete a tiny object: the storage every node shares is reachable and writable."""
    payload = secrets.token_bytes(16)
    name = default_storage.save(f"{PROBE_PREFIX}{secrets.token_hex(8)}.bin", ContentFile(payload))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != payload:
                raise OSError("read back differs from what was written")
    finally:
        default_storage.delete(name)


def _check_queue():
    depth, lag, _running = metrics.queue_state()
    if lag > settings.QMS_READY_MAX_QUEUE_LAG:
        raise RuntimeError(f"oldest task waited {lag:.0f} s (bound {settings.QMS_READY_MAX_QUEUE_LAG} s), "
                           f"{depth} waiting: are the workers running?")
    return {"depth": depth, "oldest_age_seconds": round(lag, 1)}


CHECKS = {"database": _check_database, "storage": _check_storage, "queue": _check_queue}


@login_not_required
@never_cache
@require_GET
def readyz(request):
    """Ready for traffic: 200, or 503 naming each check that failed and why."""
    body = {"status": "ok", "checks": {}}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail = check()
        except Exception as exc:  # any failure is the answer, not an error page
            logger.warning("readiness check %s failed: %s", name, exc)
            body["status"] = "fail"
            body["checks"][name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
            if name == "database":
                connection.close()  # a broken connection is not reused by the next check or request
        else:
            body["checks"][name] = {"ok": True, "seconds": round(time.perf_counter() - started, 4), **(detail or {})}
    failed = [name for name, result in body["checks"].items() if not result["ok"]]
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)


def _may_scrape(request):
    token = settings.METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in network for network in settings.METRICS_ALLOWED_NETWORKS)


@login_not_required
@never_cache
@require_GET
def metrics_view(request):
    if not _may_scrape(request):
        return HttpResponse("forbidden: send Authorization: Bearer METRICS_TOKEN, or scrape from an address in "
                            "METRICS_ALLOWED_IPS\n", status=403, content_type="text/plain; charset=utf-8")
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)
