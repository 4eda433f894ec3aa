"""Permission matrix of the JSON API (api/v1): every operation × every persona, each persona calling with a token
of their own holding every scope (anonymous: no Authorization header). The answers follow the pages' rules
(tests/matrix/audits.py, pdf.py, …): another agency's object 404, a missing role 403; without a token 401,
except on the public operations. ``tests/test_permission_matrix.py`` fails when an operation has no entry here.

The token pages (namespace "api") are ordinary pages and have URL entries like every other.
"""

from tests.matrix import Entry, expect

TOKEN = {"anonymous": 401}
MEMBERS = expect(200, anonymous=401, outsider=404, oversight=404)
READERS = expect(200, anonymous=401, author=403, staff=403, oversight=403)  # QMS roles; outsider reads its own
READERS_OBJECT = expect(200, anonymous=401, author=403, staff=403, oversight=404, outsider=404)
ANY_TOKEN = expect(200, **TOKEN)
PUBLIC = expect(200)
FILES = expect(200, anonymous=401, oversight=403, outsider=404)
FILE_CONFLICT = expect(409, anonymous=401, oversight=403, outsider=404)
FILE_PAPERS = ["Đơn đề nghị cấp giấy phép xây dựng", "Bản sao giấy tờ về quyền sử dụng đất", "Bản vẽ thiết kế"]




def obj(arg, name):
    return lambda w: {arg: w.objects[name].pk}


NC_DATA = {"source": "staff_report", "severity": "minor", "description": "Hồ sơ trả muộn qua API"}

# operationId → Entry (kwargs: the path's parameters; data: the JSON body of a POST).
OPERATIONS = {
    "document_list": Entry(expect=ANY_TOKEN, query="?q=chung+thuc"),
    "document_detail": Entry(kwargs=obj("document_id", "document"), expect=MEMBERS),
    "revision_detail": Entry(kwargs=obj("revision_id", "effective"), expect=MEMBERS),
    "revision_uncontrolled_pdf": Entry(kwargs=obj("revision_id", "pdf_effective"), expect=MEMBERS),
    # Its holder (staff) and the agency's managers, as the controlled copy's page link.
    "copy_controlled_pdf": Entry(kwargs=obj("copy_id", "pdf_controlled"),
                                 expect=expect(403, anonymous=401, coordinator=200, head=200, mgmt_rep=200, staff=200,
                                               outsider=404, oversight=404)),
    "copy_list": Entry(expect=ANY_TOKEN),
    "copy_verify": Entry(kwargs=lambda w: {"code": w.objects["pdf_controlled"].code}, expect=PUBLIC),
    "public_procedures": Entry(kwargs=lambda w: {"code": w.agency.code}, expect=PUBLIC),
    "feedback_submit": Entry(kwargs=lambda w: {"code": w.agency.code}, method="post",
                             data=lambda w: {"content": "Phản ánh gửi qua API"}, expect=expect(201)),
    "feedback_status": Entry(kwargs=lambda w: {"code": w.objects["feedback"].tracking_code}, expect=PUBLIC),
    "feedback_list": Entry(expect=expect(403, anonymous=401, coordinator=200, head=200, mgmt_rep=200, outsider=200)),
    "nc_list": Entry(expect=ANY_TOKEN, query="?status=open"),
    "nc_detail": Entry(kwargs=obj("nc_id", "nc_open"), expect=MEMBERS),
    # Anyone of an agency records an NC in their own agency, as on the page.
    "nc_create": Entry(method="post", data=lambda w: NC_DATA, expect=expect(201, anonymous=401)),
    "action_list": Entry(expect=ANY_TOKEN),
    "programme_list": Entry(expect=READERS),
    "programme_detail": Entry(kwargs=obj("programme_id", "programme"), expect=READERS_OBJECT),
    "audit_list": Entry(expect=ANY_TOKEN),
    "audit_detail": Entry(kwargs=obj("audit_id", "audit"), expect=READERS_OBJECT),
    "objective_list": Entry(expect=expect(200, anonymous=401, oversight=403)),
    "objective_detail": Entry(kwargs=obj("objective_id", "objective"),
                              expect=expect(200, anonymous=401, oversight=403, outsider=404)),
    # One-stop files (tests/matrix/cases_files.py builds the file): members read (oversight 403 as on the page,
    # before any file is looked at); the desk's clerk (staff) receives; the actions below are refused by the
    # services (a pending step, a file without its result) with 409, so nothing changes between personas.
    "file_list": Entry(expect=expect(200, anonymous=401, oversight=403), query="?status=received&late=false"),
    "file_procedures": Entry(expect=expect(200, anonymous=401, oversight=403)),
    "file_detail": Entry(kwargs=obj("file_id", "case"), expect=FILES),
    "file_receive": Entry(method="post", data=lambda w: {
        "procedure": w.objects["case"].document_id, "applicant_name": "Nguyễn Văn Ánh", "papers": FILE_PAPERS},
        expect=expect(403, anonymous=401, staff=201)),
    "file_step_take": Entry(kwargs=obj("step_id", "case_step_pending"), method="post", data=lambda w: {},
                            expect=FILE_CONFLICT, note="a pending step: 409"),
    "file_step_complete": Entry(kwargs=obj("step_id", "case_step_pending"), method="post", data=lambda w: {},
                                expect=FILE_CONFLICT, note="nobody holds it: 409"),
    "file_step_return": Entry(kwargs=obj("step_id", "case_step_pending"), method="post",
                              data=lambda w: {"reason": "Thiếu bản vẽ"}, expect=FILE_CONFLICT, note="409"),
    # The desk only (others 403, another agency's too: the role is refused first, as on the page).
    "file_result": Entry(kwargs=obj("file_id", "case"), method="post", data=lambda w: {"result_text": "GP số 1"},
                         expect=expect(403, anonymous=401, staff=409), note="no result ready yet: 409"),
    "file_return": Entry(kwargs=obj("file_id", "case"), method="post", data=lambda w: {"method": "in_person"},
                         expect=expect(403, anonymous=401, staff=409), note="no result ready yet: 409"),
    "file_status": Entry(kwargs=lambda w: {"code": w.objects["case"].code}, expect=PUBLIC),
}

# The schema and its docs page are public.
SCHEMA = {"api_v1:openapi-json": Entry(expect=PUBLIC), "api_v1:openapi-view": Entry(expect=PUBLIC)}

COORDINATOR = expect(403, anonymous=302, coordinator=200, outsider=200)
ENTRIES = {
    "api:token_list": Entry(expect=expect(200, anonymous=302)),
    "api:token_revoke": Entry(kwargs=lambda w: {"pk": w.objects["api_token"].pk}, method="post",
                              expect=expect(404, anonymous=302, coordinator=302)),
    "api:service_accounts": Entry(expect=COORDINATOR),
    "api:service_account_detail": Entry(kwargs=lambda w: {"pk": w.objects["service_account"].pk},
                                        expect=expect(403, anonymous=302, coordinator=200, outsider=404)),
}


def build(world):
    from api.tokens import services
    from qms.core.models import Role

    world.objects["api_token"], _raw = services.create_token(owner=world.coordinator, created_by=world.coordinator,
                                                             name="matrix", scopes=["documents:read"], days=30)
    world.objects["service_account"] = services.create_service_account(
        agency=world.agency, user=world.coordinator, name="Phần mềm một cửa", roles=[Role.STAFF])


BUILD = [build]
