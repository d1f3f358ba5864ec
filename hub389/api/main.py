"""The REST API at /api/v1/: django-ninja, OpenAPI 3 at /api/v1/openapi.json, its documentation
page at /api/v1/docs (Swagger UI from ninja's own static files, no CDN)."""

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from hub389.api import problems
from hub389.api.auth import ClientToken
from hub389.api.routes import cases, events, exports, products, registry, subjects, tips, work

DESCRIPTION = """API liên thông của hub389 cho hệ thống của các cơ quan (Công an, Hải quan, Thuế,
Quản lý thị trường, Biên phòng…). Xác thực: `Authorization: Bearer h389_…` (khoá do lãnh đạo
cơ quan hoặc quản trị cấp, mỗi khoá có quyền riêng). Lỗi trả về `application/problem+json`.
Ngày theo ISO 8601; trang sau theo `after`. Hướng dẫn đầy đủ: docs/api.md trong mã nguồn hub389
(bộ phận CNTT của cơ quan nhận kèm khoá).

hub389's exchange API for the agencies' own systems: bearer tokens per client, a scope per
route (shown on each), errors as RFC 9457 problems, ISO 8601 dates, keyset pages (`after`)."""


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class Api(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Errors are documented as what they are: `application/problem+json` (RFC 9457)."""
        doc = super().get_openapi_schema(*args, **kwargs)
        scopes = self._scopes()
        for path, methods in doc["paths"].items():
            for method, operation in methods.items():
                scope = next((s for (p, m), s in scopes.items() if m == method and path.endswith(p)), None)
                if scope:
                    operation["security"] = [{"ClientToken": [one]} for one in scope]
                    notes = ["Quyền / scope: " + " hoặc / or ".join(f"`{one}`" for one in scope) + "."]
                    if method in ("post", "put"):
                        notes.append(WRITE_NOTE)
                    operation["description"] = " ".join([*notes, operation.get("description", "")]).strip()
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content["application/problem+json"] = content.pop("application/json")
        return doc

    def _scopes(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """The scope each route's token must hold, by (path, method), from the routes' auth."""
        found = {}
        for _prefix, router in self._routers:
            default = router.auth if isinstance(router.auth, ClientToken) else None
            for path, view in router.path_operations.items():
                for operation in view.operations:
                    own = [a for a in operation.auth_callbacks if isinstance(a, ClientToken)]
                    scope = own[0].scopes if own else (default.scopes if default else None)
                    for method in operation.methods:
                        if scope:
                            found[("/" + path.strip("/"), method.lower())] = scope
        return found


WRITE_NOTE = (
    "Tiêu đề tuỳ chọn / optional headers: `Idempotency-Key` (gửi lại không làm hai lần), "
    "`X-On-Behalf-Of` (cán bộ của cơ quan được ghi nhân danh); vụ việc: `If-Match` (phiên bản từ ETag)."
)


api = Api(
    title="hub389 API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=Renderer(),
)
problems.install(api)
api.add_router("/", registry.router)
api.add_router("/", cases.router)
api.add_router("/", subjects.router)
api.add_router("/", tips.router)
api.add_router("/", events.router)
api.add_router("/", exports.router)
api.add_router("/", work.router)
api.add_router("/", products.router)


@api.get(
    "/health", auth=None, tags=["meta"], summary="API đang chạy / API is up", response={200: dict[str, str]}
)
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok", "version": "1"}
