"""Who is acting and from where, for the audit log: set once per request by the middleware."""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from hub389.lib.clientip import client_ip

current_ip: ContextVar[str | None] = ContextVar("audit_ip", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request) or None)
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
