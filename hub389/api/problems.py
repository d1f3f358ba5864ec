"""Errors as `application/problem+json` (RFC 9457): a machine-readable `code`, a Vietnamese
`detail` and, for refused input, every problem by field. Nothing the caller sent is echoed
back (an identity number in a refused body stays out of the answer and the logs)."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

PROBLEM_TYPE = "https://hub389.gov.vn/api/problems/"
TITLES = {
    400: "Yêu cầu không hợp lệ",
    401: "Chưa xác thực",
    403: "Không có quyền",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    409: "Xung đột phiên bản",
    412: "Điều kiện không thoả",
    413: "Nội dung quá lớn",
    422: "Dữ liệu không hợp lệ",
    429: "Quá nhiều yêu cầu",
}


class Problem(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        errors: list[dict[str, str]] | None = None,
        retry_after: int = 0,
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.errors = errors or []
        self.retry_after = retry_after


def body(status: int, code: str, detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {
        "type": PROBLEM_TYPE + code,
        "title": TITLES.get(status, "Lỗi"),
        "status": status,
        "code": code,
        "detail": detail,
    }
    if errors:
        found["errors"] = errors
    return found


def respond(api: NinjaAPI, request: HttpRequest, problem: Problem) -> HttpResponse:
    response = api.create_response(
        request, body(problem.status, problem.code, problem.detail, problem.errors), status=problem.status
    )
    response["Content-Type"] = "application/problem+json"
    if problem.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="hub389"'
    if problem.retry_after:
        response["Retry-After"] = str(problem.retry_after)
    return response


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [{"field": f, "message": str(m)} for f, msgs in exc.message_dict.items() for m in msgs]
    return [{"field": "", "message": str(m)} for m in exc.messages]


def _schema_errors(exc: SchemaError) -> list[dict[str, str]]:
    found = []
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")
        ]
        found.append({"field": ".".join(location), "message": _vietnamese(error)})
    return found


def _vietnamese(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return "Thiếu trường bắt buộc."
    if kind.startswith(("int", "decimal", "float")):
        return "Phải là một số."
    if kind.startswith("date"):
        return "Phải là một ngày theo ISO 8601 (yyyy-mm-dd)."
    if kind.startswith("bool"):
        return "Phải là true hoặc false."
    if kind.startswith(("string", "str")):
        return "Phải là một chuỗi (độ dài trong giới hạn cho phép)."
    if kind in ("json_invalid", "model_attributes_type", "dict_type", "model_type"):
        return "Nội dung phải là JSON đúng cấu trúc."
    if kind.startswith("list"):
        return "Phải là một danh sách."
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return "Giá trị ngoài khoảng cho phép."
    if kind in ("literal_error", "enum"):
        return "Giá trị không nằm trong danh sách cho phép."
    return "Giá trị không hợp lệ."


def install(api: NinjaAPI) -> None:
    """The handlers of every error the API answers."""

    def problem(request: HttpRequest, exc: Problem) -> HttpResponse:
        return respond(api, request, exc)

    def refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(api, request, Problem(422, "invalid", "Dữ liệu không hợp lệ.", field_errors(exc)))

    def schema(request: HttpRequest, exc: SchemaError) -> HttpResponse:
        return respond(
            api,
            request,
            Problem(422, "schema", "Dữ liệu không đúng kiểu hoặc thiếu trường.", _schema_errors(exc)),
        )

    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(api, request, Problem(403, "forbidden", "Không có quyền thực hiện thao tác này."))

    def missing(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(api, request, Problem(404, "not_found", "Không tìm thấy (hoặc không có quyền xem)."))

    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(
            api,
            request,
            Problem(401, "unauthenticated", "Khoá API không hợp lệ, đã hết hạn hoặc đã bị thu hồi."),
        )

    def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(api, request, Problem(413, "too_large", "Nội dung gửi lên quá lớn."))

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # ninja's: a body that is not the JSON the route reads
            detail = "Nội dung không đọc được: gửi JSON đúng cú pháp với Content-Type: application/json."
            return respond(api, request, Problem(400, "bad_request", detail))
        code = f"http_{exc.status_code}"
        return respond(api, request, Problem(exc.status_code, code, TITLES.get(exc.status_code, "Lỗi") + "."))

    # ninja types a handler's exception as "the class or an instance": ours take instances.
    api.add_exception_handler(Problem, problem)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, refused)  # type: ignore[arg-type]
    api.add_exception_handler(SchemaError, schema)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, forbidden)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, missing)  # type: ignore[arg-type]
    api.add_exception_handler(ObjectDoesNotExist, missing)  # type: ignore[arg-type]
    api.add_exception_handler(AuthenticationError, unauthenticated)  # type: ignore[arg-type]
    api.add_exception_handler(RequestDataTooBig, too_big)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, http_error)  # type: ignore[arg-type]
