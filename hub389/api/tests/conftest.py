"""API clients for the tests: registered through the service, as an agency head would."""

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hub389.api import services
from hub389.api.models import ApiClient, Scope
from hub389.tests.personas import persona

ALL_SCOPES = list(Scope.values)


def register(head_name: str = "head", scopes: list[str] | None = None, **extra: Any) -> tuple[ApiClient, str]:
    head = persona(head_name)
    agency = extra.pop("agency", head.agency)
    return services.register_client(
        head,
        agency,
        name=extra.pop("name", f"Hệ thống nghiệp vụ {agency.code}"),
        contact="Phòng CNTT, 024 3825 0000",
        scopes=scopes or ALL_SCOPES,
        expires_on=extra.pop("expires_on", timezone.localdate() + datetime.timedelta(days=30)),
        **extra,
    )


class Api:
    """Calls the API as one client (the Django test client: the full middleware and URL stack)."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.http = Client()

    def __call__(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        extra: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}
        extra.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
        url = path if path.startswith("/") else f"/api/v1/{path}"
        if method == "GET":
            return self.http.get(url, body or {}, **extra)
        data = body if isinstance(body, (str, bytes)) else json.dumps(body, default=str)
        return getattr(self.http, method.lower())(url, data, content_type="application/json", **extra)


@pytest.fixture
def api_as(db: Any) -> Callable[..., Api]:
    """`api_as("head", scopes=[...])`: an Api for a new client of that persona's agency."""

    def make(head_name: str = "head", scopes: list[str] | None = None, **extra: Any) -> Api:
        client, token = register(head_name, scopes, **extra)
        api = Api(token)
        api.client = client  # type: ignore[attr-defined]
        return api

    return make
