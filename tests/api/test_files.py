"""The one-stop files of the API (issue 17 item 4): scopes, agency scoping, receiving with history naming the
token's owner, field errors in vi/en, the second taker's 409, applicants' details only for handlers (each read
logged), the public status with initials only and its per-address limit."""

import json

import pytest
from django.urls import reverse

from api.tokens import services
from api.tokens.models import Scope
from cases.files.models import Case, CaseStep, PersonalDataAccess
from cases.public.models import StatusLookup
from tests.cases.files.helpers import PAPERS, make_clerk, procedure, receive
from tests.processes.documents.helpers import make_document

ALL = list(Scope.values)


def bearer(raw, **extra):
    return {"Authorization": f"Bearer {raw}", **extra}


def make(user, scopes=ALL):
    return services.create_token(owner=user, created_by=user, name="test", scopes=scopes, days=30)[1]


def post(client, path, raw, body=None, **headers):
    return client.post(path, json.dumps(body or {}), content_type="application/json", headers=bearer(raw, **headers))


@pytest.fixture
def case(world):
    return receive(world)


def test_reads_need_cases_read_and_writes_cases_write(world, case, client):
    without = make(world.coordinator, [s for s in ALL if s != "cases:read"])
    for path in ("/api/v1/files", f"/api/v1/files/{case.pk}"):
        response = client.get(path, headers=bearer(without))
        assert response.status_code == 403 and "cases:read" in response.json()["detail"], path
    reader = make(make_clerk(world), ["cases:read"])
    assert client.get("/api/v1/files", headers=bearer(reader)).json()["items"][0]["code"] == case.code
    body = {"procedure": case.document_id, "applicant_name": "Trần Văn Bình", "papers": PAPERS}
    refused = post(client, "/api/v1/files", reader, body)
    assert refused.status_code == 403 and "cases:write" in refused.json()["detail"]
    step = case.steps.get(order=1)
    assert post(client, f"/api/v1/steps/{step.pk}/take", reader).status_code == 403
    assert Case.objects.count() == 1 and CaseStep.objects.get(pk=step.pk).taken_by is None


def test_another_agencys_file_is_404_and_not_listed(world, case, client):
    raw = make(world.outsider)
    step = case.steps.get(order=1)
    for response in (client.get(f"/api/v1/files/{case.pk}", headers=bearer(raw)),
                     post(client, f"/api/v1/steps/{step.pk}/take", raw)):
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/files", headers=bearer(raw)).json()["items"] == []
    assert CaseStep.objects.get(pk=step.pk).taken_by is None


def test_receive_leaves_history_with_the_token_owner(world, client):
    clerk = make_clerk(world)
    revision = procedure(world)
    raw = make(clerk)
    response = post(client, "/api/v1/files", raw, {
        "procedure": revision.document_id, "applicant_name": "Trần Văn Bình", "applicant_phone": "0912000111",
        "papers": PAPERS, "sets": 2, "channel": "post"})
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert body["code"] == case.code and case.revision == revision and case.sets == 2 and case.channel == "post"
    assert body["status"] == "received" and body["appointment_at"] and body["applicant"]["name"] == "Trần Văn Bình"
    assert [s["code"] for s in body["steps"]] == ["B1", "B2", "B3"]
    assert body["steps"][0]["state"] == "active" and body["steps"][0]["due_at"]
    assert body["handovers"][0]["kind"] == "receipt" and body["handovers"][0]["from_user"] == clerk.display_name
    record = case.history.earliest("history_date")
    assert record.history_user == clerk and record.history_change_reason == "Tiếp nhận hồ sơ"
    assert case.received_by == clerk


def test_receive_needs_the_desks_role(world, client):
    revision = procedure(world)
    response = post(client, "/api/v1/files", make(world.head), {
        "procedure": revision.document_id, "applicant_name": "Trần Văn Bình", "papers": PAPERS})
    assert response.status_code == 403 and not Case.objects.exists()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_receive_refusals_are_field_errors_in_the_callers_language(world, client, language):
    raw = make(make_clerk(world))
    effective = procedure(world)
    no_time = procedure(world, code="QT-NOTIME", processing_time_days=None)
    bare = make_document(world, code="QT-BARE")
    other = make_document(world, code="QT-OTHER", agency=world.other_agency)
    en = language == "en"

    def refused(body):
        response = post(client, "/api/v1/files", raw, {"applicant_name": "Trần Văn Bình", "papers": PAPERS, **body},
                        **{"Accept-Language": language})
        assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
        return response.json()["errors"]

    unknown = "There is no such administrative procedure in the agency." if en else \
        "Không có thủ tục hành chính này trong cơ quan."
    assert refused({"procedure": 999999})["procedure"] == [unknown]
    assert refused({"procedure": other.pk})["procedure"] == [unknown]
    effective_only = ("Files are received only under the agency's effective procedures." if en
                      else "Chỉ tiếp nhận hồ sơ theo quy trình đang hiệu lực của cơ quan.")
    assert refused({"procedure": bare.pk})["procedure"] == [effective_only]
    assert "5.4" in refused({"procedure": no_time.document_id})["procedure"][0]
    missing = refused({"procedure": effective.document_id, "papers": PAPERS[:1]})["papers"][0]
    assert ("2" in missing) and (("papers" in missing) if en else ("giấy tờ" in missing))
    assert "papers" in refused({"procedure": effective.document_id, "papers": ["Giấy lạ"]})
    assert "applicant_email" in refused({"procedure": effective.document_id, "applicant_email": "khong-phai-thu"})
    assert refused({"procedure": effective.document_id, "sets": 0})["sets"]
    assert not Case.objects.exists()


def test_a_second_taker_gets_409_with_who_took_it(world, case, client):
    step = case.steps.get(order=1)  # "Cán bộ một cửa": no department matched, anyone of the agency may take it
    first = post(client, f"/api/v1/steps/{step.pk}/take", make(world.coordinator))
    assert first.status_code == 200 and first.json()["active_step_id"] == step.pk
    assert first.json()["file"]["steps"][0]["taken_by"] == world.coordinator.display_name
    second = post(client, f"/api/v1/steps/{step.pk}/take", make(world.head), **{"Accept-Language": "vi"})
    body = second.json()
    assert second.status_code == 409 and body["type"] == "urn:qms:problem:conflict"
    assert world.coordinator.display_name in body["detail"] and "đã được" in body["detail"]
    assert CaseStep.objects.get(pk=step.pk).taken_by == world.coordinator
    record = CaseStep.objects.get(pk=step.pk).history.filter(history_change_reason="Nhận xử lý").get()
    assert record.history_user == world.coordinator


def test_a_file_handled_through_the_api_to_its_return(world, case, client):
    clerk, author = world.staff, world.author
    desk, urban = make(clerk), make(author)
    b1, b2, b3 = case.steps.order_by("order")
    assert post(client, f"/api/v1/steps/{b1.pk}/take", desk).status_code == 200
    handed = post(client, f"/api/v1/steps/{b1.pk}/complete", desk, {"note": "Đủ hồ sơ", "to_user": author.pk})
    assert handed.status_code == 200 and handed.json()["active_step_id"] == b2.pk
    assert handed.json()["file"]["handovers"][-1]["to_user"] == author.display_name
    stranger = post(client, f"/api/v1/steps/{b2.pk}/complete", desk, {"to_user": 999999})
    assert stranger.status_code == 422 and "to_user" in stranger.json()["errors"]
    # B2 goes back to B1 for information, then forward again.
    back = post(client, f"/api/v1/steps/{b2.pk}/return", urban, {"reason": "Thiếu bản vẽ mặt bằng"})
    assert back.status_code == 200 and back.json()["active_step_id"] == b1.pk
    assert back.json()["file"]["steps"][1]["return_reason"] == "Thiếu bản vẽ mặt bằng"
    assert post(client, f"/api/v1/steps/{b1.pk}/complete", desk, {"to_user": author.pk}).status_code == 200
    assert post(client, f"/api/v1/steps/{b2.pk}/complete", urban).status_code == 200
    early = post(client, f"/api/v1/files/{case.pk}/result", desk, {"result_text": "GPXD số 7"})
    assert early.status_code == 409  # B3 not done: the service's refusal, not a field error
    assert post(client, f"/api/v1/steps/{b3.pk}/take", make(world.head)).status_code == 200
    done = post(client, f"/api/v1/steps/{b3.pk}/complete", make(world.head))
    assert done.status_code == 200 and done.json()["active_step_id"] is None
    assert done.json()["file"]["status"] == "result_ready"
    result = post(client, f"/api/v1/files/{case.pk}/result", desk, {"result_text": "GPXD số 7"})
    assert result.status_code == 200 and result.json()["result_text"] == "GPXD số 7"
    returned = post(client, f"/api/v1/files/{case.pk}/return", desk, {"method": "post"})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    case.refresh_from_db()
    assert case.status == "returned" and case.returned_by == clerk and case.return_method == "post"
    assert case.history.latest("history_date").history_user == clerk
    status = client.get(f"/api/v1/public/files/{case.code.lower()}")  # anonymous, any case
    assert status.status_code == 200 and status.json()["status"] == "returned"


def test_applicant_details_only_for_handlers_and_each_read_logged(world, case, client):
    head = client.get(f"/api/v1/files/{case.pk}", headers=bearer(make(world.head)))  # not on any step
    assert head.status_code == 200 and head.json()["applicant"] is None
    assert head.json()["applicant_initials"] == "N.V.Á." and "Nguyễn" not in head.content.decode()
    assert not PersonalDataAccess.objects.exists()
    for user in (world.staff, world.author):  # the desk; a member of B2's department
        response = client.get(f"/api/v1/files/{case.pk}", headers=bearer(make(user)))
        assert response.json()["applicant"]["name"] == "Nguyễn Văn Ánh"
        assert response.json()["applicant"]["phone"] == "0912345678"
    assert sorted(PersonalDataAccess.objects.values_list("user__username", "what")) == [
        ("author", "api_detail"), ("staff", "api_detail")]
    # The list gives initials only, and a search by the applicant's name finds nothing.
    listed = client.get("/api/v1/files?q=Nguyen+Van+Anh", headers=bearer(make(world.staff))).json()
    assert listed["items"] == []
    by_code = client.get(f"/api/v1/files?q={case.code[-6:]}", headers=bearer(make(world.staff))).json()
    assert [i["code"] for i in by_code["items"]] == [case.code] and "applicant" not in by_code["items"][0]


def test_list_filters_mirror_the_register(world, case, client):
    raw = make(world.coordinator)
    other = receive(world, revision=procedure(world, code="QT-KHAC"))

    def codes(query):
        response = client.get(f"/api/v1/files?{query}", headers=bearer(raw))
        assert response.status_code == 200, response.content
        return {i["code"] for i in response.json()["items"]}

    assert codes(f"procedure={case.document_id}") == {case.code}
    assert codes(f"department={world.departments['urban'].pk}") == {case.code, other.code}
    assert codes(f"department={world.departments['justice'].pk}") == set()
    assert codes("status=received&late=false") == {case.code, other.code}
    assert codes("late=true") == set()
    assert codes("received_from=2000-01-01&received_to=2000-01-02") == set()
    bad = client.get("/api/v1/files?procedure=999999", headers=bearer(raw, **{"Accept-Language": "en"}))
    assert bad.status_code == 422 and "procedure" in bad.json()["errors"]


def test_public_status_shows_initials_and_limits_anonymous_lookups(world, case, client, settings):
    settings.QMS_CASE_LOOKUPS_PER_HOUR = 3
    first = client.get(f"/api/v1/public/files/{case.code}")
    body = first.json()
    assert first.status_code == 200 and body["applicant_initials"] == "N.V.Á." and body["status"] == "received"
    assert "Nguyễn" not in first.content.decode() and "0912345678" not in first.content.decode()
    assert client.get("/api/v1/public/files/KHONG-CO-0001").status_code == 404
    assert client.get(f"/api/v1/public/files/{case.code}").status_code == 200
    limited = client.get(f"/api/v1/public/files/{case.code}", headers={"Accept-Language": "en"})
    assert limited.status_code == 429 and limited["Retry-After"] == "3600"
    assert "too many" in limited.json()["detail"].lower()
    # A caller with a token is known (every use logged) and is not limited.
    token = client.get(f"/api/v1/public/files/{case.code}", headers=bearer(make(world.outsider, ["cases:read"])))
    assert token.status_code == 200 and token.json()["code"] == case.code


@pytest.mark.parametrize("last_door", ["page", "api"])
def test_lookups_through_the_status_page_and_the_api_count_together(world, case, client, settings, last_door):
    """One limit per citizen whichever door is used (cases.public.services.counted): N-1 on the page and one on
    the API use it up, and the next is refused on either door."""
    settings.QMS_CASE_LOOKUPS_PER_HOUR = 4
    page, api = reverse("case_public:lookup"), f"/api/v1/public/files/{case.code}"
    for _ in range(3):
        assert client.get(page, {"ma": case.code}).status_code == 200
    assert client.get(api).status_code == 200
    assert StatusLookup.objects.count() == 4
    if last_door == "page":
        refused = client.get(page, {"ma": case.code})
        assert refused.status_code == 429 and "quá nhiều lần" in refused.content.decode()
    else:
        refused = client.get(api)
        assert refused.status_code == 429 and refused["Retry-After"] == "3600"
        assert refused.json()["detail"] == "Tra cứu quá nhiều hồ sơ từ địa chỉ này. Vui lòng thử lại sau một giờ."
    assert StatusLookup.objects.count() == 4  # a refused lookup is not counted
    # Another address has its own count, on both doors.
    assert client.get(api, REMOTE_ADDR="203.0.113.9").status_code == 200
    assert client.get(page, {"ma": case.code}, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_procedures_to_receive_under_give_the_papers_as_receive_wants_them(world, client):
    revision = procedure(world)
    procedure(world, code="QT-NOTIME", processing_time_days=None)  # no time: the desk cannot receive under it
    raw = make(make_clerk(world))
    items = client.get("/api/v1/files/procedures", headers=bearer(raw)).json()["items"]
    assert [(i["code"], i["revision_id"], i["processing_time_days"]) for i in items] == [("QT-GPXD", revision.pk, 15)]
    assert items[0]["papers"] == PAPERS and items[0]["procedure_number"] == "1.009994"
    response = post(client, "/api/v1/files", raw, {"procedure": items[0]["procedure"], "applicant_name": "Lê Văn C",
                                                   "papers": items[0]["papers"]})
    assert response.status_code == 201 and all(p["received"] for p in response.json()["papers"])


def test_list_and_detail_query_counts_do_not_grow_with_files(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = receive(world)
    raw = make(world.coordinator)

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, headers=bearer(raw)).status_code == 200
        return len(captured)

    queries("/api/v1/files")  # the token's first use also marks it as used (once a minute)
    one = queries("/api/v1/files")
    for _ in range(3):
        receive(world, revision=first.revision)
    assert queries("/api/v1/files") == one <= 6
    assert queries(f"/api/v1/files/{first.pk}") <= 14
