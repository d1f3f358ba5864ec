"""The strict Content-Security-Policy of the public side. Django's middleware writes the
header; this one, just inside it, gives every response to an anonymous reader the strict
policy (`settings.CSP_PUBLIC`) unless the view chose its own (the embeddable widget lets any
site frame it). Officers' pages keep `SECURE_CSP`, as strict for scripts and styles.

It also writes the one security header Django has no setting for, Permissions-Policy
(`settings.PERMISSIONS_POLICY`: the camera for this site only, for the barcode scanner; no
microphone, location, payment or USB for anybody)."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class PublicPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user: Any = getattr(request, "user", None)
        if (user is None or not user.is_authenticated) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.CSP_PUBLIC  # type: ignore[attr-defined]
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
