"""/healthz, /readyz and /metrics (qms/core/health): what a load balancer and an operator read."""

import datetime
import json
import logging

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from qms.core.health.logs import JsonFormatter


def _metric(text, name, **labels):
    """The value of one sample of the exposition text (None when absent)."""
    wanted = name + ("{" + ",".join(f'{k}="{v}"' for k, v in sorted(labels.items())) + "}" if labels else "")
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        key, _, value = line.rpartition(" ")
        if key == wanted or (labels and key.startswith(name + "{") and
                             sorted(key[len(name) + 1:-1].split(",")) == sorted(wanted[len(name) + 1:-1].split(","))):
            return float(value)
    return None


def test_healthz_answers_without_a_login_or_the_database(client):
    # No django_db mark: any query would raise here.
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] and not response.cookies


@pytest.mark.django_db
def test_readyz_names_each_check_and_the_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and set(body["checks"]) == {"database", "storage", "queue"}
    assert body["checks"]["queue"]["depth"] == 0


def _queue_task(minutes_ago):
    from django_tasks_db.models import DBTaskResult, get_date_max

    task = DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="processes.copies.tasks.x",
                                       backend_name="default", queue_name="default", run_after=get_date_max())
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    return task


@pytest.mark.django_db
def test_readyz_fails_with_503_naming_the_queue_when_tasks_wait_too_long(client, settings):
    settings.QMS_READY_MAX_QUEUE_LAG = 60
    _queue_task(minutes_ago=0)
    assert client.get("/readyz").status_code == 200  # a fresh task is no lag
    _queue_task(minutes_ago=5)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail" and body["failed"] == ["queue"]
    assert "oldest task waited" in body["checks"]["queue"]["error"] and "2 waiting" in body["checks"]["queue"]["error"]
    assert body["checks"]["database"]["ok"] and body["checks"]["storage"]["ok"]


@pytest.mark.django_db
def test_readyz_fails_naming_the_storage_when_it_cannot_write(client, settings, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")  # the media "folder" is a file: nothing can be written below it
    monkeypatch.setattr("qms.core.health.views.default_storage", FileSystemStorage(location=blocker))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]
    assert response.json()["checks"]["storage"]["error"]


@pytest.mark.django_db
def test_metrics_refuse_without_token_or_allowed_address(client, settings):
    settings.METRICS_TOKEN = "s3cret-token-of-the-monitoring"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    # An allowed address must be the client's own: a forged X-Forwarded-For from an untrusted peer is ignored.
    settings.METRICS_ALLOWED_NETWORKS = __import__("qms.core.network", fromlist=["x"]).parse_networks(["10.0.0.9"])
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="10.0.0.9").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9").status_code == 200
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token-of-the-monitoring")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain; version=0.0.4")


@pytest.mark.django_db
def test_metrics_count_requests_logins_lockouts_and_the_queue(client, world, settings):
    settings.METRICS_TOKEN = "t" * 40
    auth = {"HTTP_AUTHORIZATION": "Bearer " + "t" * 40}
    before = client.get("/metrics", **auth).content.decode()
    client.get("/healthz")
    client.get("/healthz")
    client.get("/khong-co-trang-nay/")
    world.staff.set_password("dung-mat-khau-2026")
    world.staff.save()
    client.post("/dang-nhap/", {"username": "staff", "password": "dung-mat-khau-2026"})
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/dang-nhap/", {"username": "staff", "password": "sai"})
    _queue_task(minutes_ago=3)
    after = client.get("/metrics", **auth).content.decode()

    def grew(name, **labels):
        return (_metric(after, name, **labels) or 0) - (_metric(before, name, **labels) or 0)

    assert grew("qms_http_requests_total", view="core:healthz", method="GET", status="200") == 2
    assert grew("qms_http_requests_total", view="unresolved", method="GET", status="404") == 1
    assert grew("qms_http_request_duration_seconds_count", view="core:healthz") == 2
    assert grew("qms_logins_total") == 1
    assert grew("qms_login_failures_total") == settings.AXES_FAILURE_LIMIT
    assert grew("qms_lockouts_total") >= 1
    assert _metric(after, "qms_task_queue_depth") == 1
    assert 170 <= _metric(after, "qms_task_queue_oldest_age_seconds") <= 400
    assert _metric(after, "qms_master_pdfs", status="failed") == 0
    assert "qms_master_render_seconds_bucket" in after


def test_json_log_lines_carry_the_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    assert len(client.get("/healthz")["X-Request-ID"]) == 32  # made up when none (or a bad one) was sent
    record = logging.LogRecord("qms.test", logging.WARNING, __file__, 1, "thư %s", ("gửi",), None)
    record.request_id = "abc-123"
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "thư gửi" and line["request_id"] == "abc-123" and line["level"] == "WARNING"
