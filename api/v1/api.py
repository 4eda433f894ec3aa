"""The NinjaAPI instance of /api/v1/: one router per subject, errors as problem details, the schema's error
answers typed ``application/problem+json`` and its PDF answers ``application/pdf``.

django-ninja rather than DRF + drf-spectacular: the schema comes from the same pydantic types that validate
the input and shape the output (one place, checked by schemathesis against the live server), the Swagger UI
assets ship inside the package (served by the app, no internet, no inline script), and operations are plain
functions that call the subjects' access and service functions like the views do.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from api.v1 import capa, copies, documents, feedback, files, internal, quality
from api.v1.problems import CONTENT_TYPE, ApiProblem, problem

PDF_OPERATIONS = {"revision_uncontrolled_pdf", "copy_controlled_pdf"}


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        return operation.view_func.__name__  # short, stable ids: the permission matrix is keyed by them

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema["paths"].values():
            for operation in methods.values():
                # Answered by the web server (gunicorn: request line over 4094 bytes) before the API sees the request.
                operation.setdefault("responses", {})["414"] = {"description": "URI Too Long (the web server's limit)"}
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[CONTENT_TYPE] = content.pop("application/json")
                    elif int(status) == 200 and operation.get("operationId") in PDF_OPERATIONS:
                        answer["content"] = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
        return schema


class Utf8Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Vietnamese as it is written, not as \u escapes


api = Api(
    renderer=Utf8Renderer(),
    title="QMS API",
    version="1",
    description=_("API của hệ thống quản lý chất lượng cho các hệ thống khác của tỉnh. Xác thực bằng tiêu đề "
                  "Authorization: Bearer <mã truy cập> (tạo ở trang Mã truy cập API); lỗi trả về dạng "
                  "application/problem+json theo ngôn ngữ của Accept-Language (vi/en)."),
    urls_namespace="api_v1",
    docs_url="/docs/",
    openapi_url="/openapi.json",
    docs_decorator=login_not_required,
)

api.add_router("", documents.router, tags=["documents"])
api.add_router("", copies.router, tags=["copies"])
api.add_router("", feedback.router, tags=["feedback"])
api.add_router("", capa.router, tags=["nonconformities"])
api.add_router("", internal.router, tags=["audits"])
api.add_router("", quality.router, tags=["objectives"])
api.add_router("", files.router, tags=["one-stop files"])

# Pydantic's error types → a message in the caller's language.
_FIELD_MESSAGES = {
    "missing": lambda e: _("Thiếu trường bắt buộc."),
    "string_too_short": lambda e: _("Cần nhập nội dung."),
    "string_too_long": lambda e: _("Quá dài (tối đa %(n)s ký tự).") % {"n": e.get("ctx", {}).get("max_length", "")},
    "int_parsing": lambda e: _("Cần một số nguyên."),
    "int_type": lambda e: _("Cần một số nguyên."),
    "date_from_datetime_parsing": lambda e: _("Ngày không hợp lệ (dạng YYYY-MM-DD)."),
    "date_parsing": lambda e: _("Ngày không hợp lệ (dạng YYYY-MM-DD)."),
    "date_type": lambda e: _("Ngày không hợp lệ (dạng YYYY-MM-DD)."),
    "enum": lambda e: _("Giá trị không nằm trong danh sách cho phép."),
    "literal_error": lambda e: _("Giá trị không nằm trong danh sách cho phép."),
}


def _field(loc):
    parts = [str(p) for p in loc[1:] if p not in ("payload",)] or [str(loc[0])]
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    errors = {}
    for error in exc.errors:
        message = _FIELD_MESSAGES.get(error.get("type"), lambda e: _("Giá trị không hợp lệ."))(error)
        errors.setdefault(_field(error.get("loc", ("body",))), []).append(message)
    return problem(request, 422, _("Dữ liệu gửi lên không hợp lệ."), errors=errors)


@api.exception_handler(ApiProblem)
def _problem(request, exc):
    return problem(request, exc.status, exc.detail, errors=exc.errors, slug=exc.slug, headers=exc.headers)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem(request, 401, _("Cần mã truy cập: gửi tiêu đề Authorization: Bearer <mã truy cập>."),
                   headers={"WWW-Authenticate": "Bearer"})


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400:  # ninja's answer to a body it cannot parse
        return problem(request, 400, _("Nội dung gửi lên không phải JSON hợp lệ."))
    return problem(request, exc.status_code, "")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(request, 404, _("Không tìm thấy, hoặc không thuộc cơ quan của anh/chị."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem(request, 403, str(exc) or _("Vai trò của chủ mã truy cập không cho phép việc này."))


@api.exception_handler(DjangoValidationError)
def _refused(request, exc):
    if hasattr(exc, "error_dict"):
        return problem(request, 422, " ".join(exc.messages), errors=exc.message_dict)
    return problem(request, 422, " ".join(exc.messages))


def urlpatterns():
    """The API's URL patterns, each reachable without a session (LoginRequiredMiddleware): the token decides."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns, app_name, namespace
