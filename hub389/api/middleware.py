"""Around every API call: refuse a NUL anywhere in the query or body (PostgreSQL cannot store
one; a 400, not a 500), keep the answer out of caches, and log the call (client, route, the
record it touched, status, time) once the answer is ready."""

import json
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from hub389.api.models import ApiCall
from hub389.api.problems import body
from hub389.lib.clientip import client_ip

PREFIX = "/api/v1/"


def _has_nul(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "").lower()
    if "%00" in query or "\x00" in query or "\x00" in request.path:
        return True
    if request.method in ("POST", "PUT", "PATCH") and request.content_type == "application/json":
        raw = request.body
        return b"\x00" in raw or b"\\u0000" in raw
    return False


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        started = time.monotonic()
        try:
            refused = _has_nul(request)
        except Exception:
            refused = False
        if refused:
            problem = body(400, "nul_character", "Ký tự NUL (\\u0000) không được phép.")
            response = HttpResponse(
                json.dumps(problem, ensure_ascii=False), status=400, content_type="application/problem+json"
            )
        else:
            response = self.get_response(request)
        response.setdefault("Cache-Control", "no-store")
        client = getattr(request, "api_client", None)
        if client is not None:
            match = request.resolver_match
            ApiCall.objects.create(
                client=client,
                method=request.method or "",
                route=(match.route if match else request.path)[:120],
                object_ref=str(getattr(request, "api_object", ""))[:60],
                status=response.status_code,
                ms=int((time.monotonic() - started) * 1000),
                ip=client_ip(request) or None,
            )
        return response
