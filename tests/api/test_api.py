"""The API's guarantees (issue 17): scopes, expiry, revocation, agency scoping, history with the token's owner,
ETags, problems in vi/en, stable cursor pages, tokens stored hashed and shown once, failed tokens limited."""

import datetime
import hashlib
import json

import pytest
from django.utils import timezone

from api.tokens import services
from api.tokens.models import ApiRequestLog, Scope, Token
from tests.matrix import pdf as pdf_matrix

ALL = list(Scope.values)


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def make(user, scopes=ALL, days=30):
    return services.create_token(owner=user, created_by=user, name="test", scopes=scopes, days=days)


@pytest.fixture
def built(world):
    pdf_matrix.build(world)
    return world


def test_token_is_stored_hashed_and_shown_once(world, client):
    client.force_login(world.coordinator)
    response = client.post("/api/ma-truy-cap/", {"name": "Một cửa", "scopes": ["documents:read"], "days": "30"})
    raw = response.context["raw"]
    assert raw in response.content.decode() and response["Cache-Control"] == "no-store"
    token = Token.objects.get()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest() and raw not in (token.prefix, token.digest)
    assert raw not in client.get("/api/ma-truy-cap/").content.decode()  # never shown again
    assert services.find(raw) == token and services.find(raw[:-1] + "x") is None


@pytest.mark.parametrize("scope,path", [("documents:read", "/api/v1/documents"), ("nc:read", "/api/v1/ncs"),
                                        ("audits:read", "/api/v1/audits"), ("figures:read", "/api/v1/objectives"),
                                        ("feedback:read", "/api/v1/feedback")])
def test_a_token_without_the_scope_gets_403(world, client, scope, path):
    _token, without = make(world.coordinator, [s for s in ALL if s != scope])
    response = client.get(path, headers=bearer(without))
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert scope in response.json()["detail"]
    _token, with_scope = make(world.coordinator, [scope])
    assert client.get(path, headers=bearer(with_scope)).status_code == 200


def test_nc_create_needs_nc_write(world, client):
    _t, raw = make(world.staff, ["nc:read"])
    body = json.dumps({"source": "staff_report", "severity": "minor", "description": "x"})
    assert client.post("/api/v1/ncs", body, content_type="application/json", headers=bearer(raw)).status_code == 403


def test_expired_and_revoked_tokens_get_401(world, client):
    token, raw = make(world.coordinator)
    assert client.get("/api/v1/documents", headers=bearer(raw)).status_code == 200
    Token.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1),
                                             created_at=timezone.now() - datetime.timedelta(days=2))
    response = client.get("/api/v1/documents", headers=bearer(raw))
    assert response.status_code == 401 and response.json()["type"] == "urn:qms:problem:token-expired"
    token2, raw2 = make(world.coordinator)
    services.revoke_token(token=token2, user=world.coordinator)
    response = client.get("/api/v1/documents", headers=bearer(raw2))
    assert response.status_code == 401 and response.json()["type"] == "urn:qms:problem:token-revoked"
    # Every use is logged with the token's id, refused ones included.
    assert set(ApiRequestLog.objects.values_list("token_id", "status")) >= {(token.pk, 200), (token.pk, 401),
                                                                            (token2.pk, 401)}


def test_another_agencys_token_gets_404(built, client):
    _t, raw = make(built.outsider)
    revision = built.objects["pdf_effective"]
    for path in (f"/api/v1/revisions/{revision.pk}", f"/api/v1/documents/{revision.document_id}",
                 f"/api/v1/revisions/{revision.pk}/uncontrolled.pdf"):
        assert client.get(path, headers=bearer(raw)).status_code == 404, path


def test_session_is_not_accepted(world, client):
    client.force_login(world.coordinator)
    assert client.get("/api/v1/documents").status_code == 401
    body = json.dumps({"source": "staff_report", "severity": "minor", "description": "x"})
    assert client.post("/api/v1/ncs", body, content_type="application/json").status_code == 401


def test_nc_created_through_the_api_has_history_with_the_token_owner(world, client):
    from audits.capa.models import Nonconformity

    _t, raw = make(world.staff)
    body = json.dumps({"source": "staff_report", "severity": "minor", "description": "Hồ sơ trả muộn"})
    response = client.post("/api/v1/ncs", body, content_type="application/json", headers=bearer(raw))
    assert response.status_code == 201
    nc = Nonconformity.objects.get(pk=response.json()["id"])
    record = nc.history.get()
    assert record.history_user == world.staff and record.history_change_reason == "Ghi nhận sự không phù hợp"
    assert nc.created_by == world.staff and nc.agency == world.agency


def test_feedback_submitted_with_a_token_records_its_owner(world, client):
    from audits.feedback.models import Feedback

    _t, raw = make(world.coordinator, ["feedback:write"])
    response = client.post(f"/api/v1/public/agencies/{world.agency.code}/feedback",
                           json.dumps({"content": "Trả kết quả muộn"}), content_type="application/json",
                           headers=bearer(raw))
    assert response.status_code == 201
    feedback = Feedback.objects.get(tracking_code=response.json()["tracking_code"])
    assert feedback.history.get().history_user == world.coordinator
    status = client.get(f"/api/v1/public/feedback/{feedback.tracking_code}")  # anonymous, as the public page
    assert status.status_code == 200 and status.json()["status"] == "received"


def test_etag_answers_304_and_pdf_304_writes_no_copy(built, client):
    from processes.copies.models import CopyDownload

    _t, raw = make(built.coordinator)
    revision = built.objects["pdf_effective"]
    first = client.get(f"/api/v1/revisions/{revision.pk}", headers=bearer(raw))
    assert first.status_code == 200 and first.json()["steps"] is not None
    again = client.get(f"/api/v1/revisions/{revision.pk}", headers={**bearer(raw), "If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    pdf = client.get(f"/api/v1/copies/{built.objects['pdf_controlled'].pk}/controlled.pdf", headers=bearer(raw))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    logged = CopyDownload.objects.count()
    cached = client.get(f"/api/v1/copies/{built.objects['pdf_controlled'].pk}/controlled.pdf",
                        headers={**bearer(raw), "If-None-Match": pdf["ETag"]})
    assert cached.status_code == 304 and CopyDownload.objects.count() == logged


@pytest.mark.parametrize("language,title", [("vi", "Không tìm thấy"), ("en", "Not found"), ("fr", "Không tìm thấy")])
def test_problem_in_the_callers_language_with_request_id(world, client, language, title):
    _t, raw = make(world.coordinator)
    response = client.get("/api/v1/ncs/999999", headers={**bearer(raw), "Accept-Language": language,
                                                          "X-Request-ID": "abc-123"})
    body = response.json()
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert body["title"] == title and body["status"] == 404 and body["request_id"] == "abc-123"
    assert response["X-Request-ID"] == "abc-123"


def test_field_errors_in_english(world, client):
    _t, raw = make(world.coordinator)
    response = client.post("/api/v1/ncs", json.dumps({"source": "nope", "severity": "minor", "description": ""}),
                           content_type="application/json", headers={**bearer(raw), "Accept-Language": "en"})
    assert response.status_code == 422
    assert response.json()["errors"]["source"] == ["The value is not one of the allowed values."]
    assert response.json()["errors"]["description"] == ["This cannot be empty."]
    # A service's own refusal comes as field errors too (nothing saved): a department of another agency.
    from audits.capa.models import Nonconformity
    from qms.core.models import Department

    other = Department.objects.create(agency=world.other_agency, code="x", name="Phòng khác")
    refused = client.post("/api/v1/ncs", json.dumps({"source": "staff_report", "severity": "minor",
                                                     "description": "x", "department": other.pk}),
                          content_type="application/json", headers=bearer(raw))
    assert refused.status_code == 422 and "department" in refused.json()["errors"]
    assert not Nonconformity.objects.exists()


def test_cursor_pages_are_stable(world, client):
    from tests.audits.capa.helpers import nc_at
    from audits.capa.models import Nonconformity

    for _ in range(5):
        nc_at(world, Nonconformity.Status.OPEN)
    _t, raw = make(world.coordinator)
    first = client.get("/api/v1/ncs?limit=2", headers=bearer(raw)).json()
    nc_at(world, Nonconformity.Status.OPEN)  # a new row goes after every cursor: pages already read do not shift
    second = client.get(f"/api/v1/ncs?limit=2&cursor={first['next_cursor']}", headers=bearer(raw)).json()
    ids = [i["id"] for i in first["items"]] + [i["id"] for i in second["items"]]
    assert ids == sorted(ids) and len(set(ids)) == 4
    assert client.get("/api/v1/ncs?cursor=!!", headers=bearer(raw)).status_code == 422


def test_failed_tokens_are_rate_limited_per_address(world, client, settings):
    settings.QMS_API_FAILED_TOKEN_LIMIT = 3
    bad = bearer("qms_aaaaaaaa_" + "x" * 43)
    assert [client.get("/api/v1/documents", headers=bad).status_code for _ in range(4)] == [401, 401, 401, 429]
    response = client.get("/api/v1/documents", headers=bad)
    assert response.status_code == 429 and response["Retry-After"] and response.json()["status"] == 429
    _t, raw = make(world.coordinator)
    assert client.get("/api/v1/documents", headers=bearer(raw)).status_code == 200  # a real token still works


def test_objectives_carry_their_plan_or_none(world, client):
    """An objective's 6.2.2 plan reaches the API as the objective page shows it; an unplanned one says so (null)."""
    from quality.objectives.services import objective_save

    year = timezone.localdate().year
    common = dict(year=year, indicator="Tỷ lệ hồ sơ đúng hạn", unit="%", target=95, direction="at_least",
                  frequency="quarterly", method="manual")
    objective_save(agency=world.agency, user=world.coordinator, code="MT-01", title="Hồ sơ đúng hạn",
                   plan_actions="Rà soát quy trình một cửa", plan_resources="2 cán bộ", plan_owner=world.staff,
                   plan_due=datetime.date(year, 12, 15), plan_evaluation="Đo hằng quý", **common)
    objective_save(agency=world.agency, user=world.coordinator, code="MT-02", title="Chưa lập kế hoạch", **common)
    _token, raw = make(world.coordinator, ["figures:read"])
    items = {o["code"]: o for o in client.get("/api/v1/objectives", headers=bearer(raw)).json()["items"]}
    assert items["MT-01"]["plan"] == {"actions": "Rà soát quy trình một cửa", "resources": "2 cán bộ",
                                      "owner": world.staff.display_name, "due": f"{year}-12-15",
                                      "evaluation": "Đo hằng quý"}
    assert items["MT-02"]["plan"] is None
