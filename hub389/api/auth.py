"""Who is calling: a client's bearer token, checked (known, not revoked, not expired, from an
allowed address, within its rate), the scope of the route, and the actor of a write: the
client's own user, or the officer named in `X-On-Behalf-Of`, who must be an active officer of
the client's agency. After this, `request.user` is that actor and every access rule of the
pages decides what the call may read and write."""

import ipaddress
import time
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer

from hub389.accounts.models import User
from hub389.api import tokens
from hub389.api.models import ApiClient
from hub389.api.problems import Problem
from hub389.api.services import touch
from hub389.lib.clientip import client_ip

ON_BEHALF = "X-On-Behalf-Of"


def _ip_allowed(client: ApiClient, ip: str) -> bool:
    if not client.allowed_ips.strip():
        return True
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net) for net in client.allowed_ips.split())


def _within_rate(client: ApiClient) -> int:
    """0 when the call may go on, else the seconds until the next minute."""
    now = time.time()
    key = f"api-rate:{client.token_prefix}:{int(now // 60)}"
    cache.add(key, 0, timeout=70)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=70)
        count = 1
    return 0 if count <= client.rate_per_minute else int(60 - now % 60) + 1


def find_client(token: str) -> ApiClient | None:
    prefix = tokens.prefix_of(token)
    if prefix is None:
        return None
    client = (
        ApiClient.objects.select_related("user__agency__area", "agency").filter(token_prefix=prefix).first()
    )
    if client is None or not tokens.matches(token, client.token_hash) or not client.active:
        return None
    return client


class ClientToken(HttpBearer):
    """`Authorization: Bearer h389_…` with one of `scopes` required (a 403 when the client has
    none; a route that takes several checks the one its input needs with `require_scope`)."""

    def __init__(self, *scopes: str) -> None:
        super().__init__()
        self.scopes = scopes

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        client = find_client(token)
        if client is None:
            return None  # 401, the same answer for unknown, revoked and expired tokens
        request.api_client = client  # type: ignore[attr-defined]
        if not _ip_allowed(client, client_ip(request)):
            raise Problem(403, "ip_not_allowed", "Địa chỉ IP này không được phép dùng khoá API này.")
        wait = _within_rate(client)
        if wait:
            raise Problem(429, "rate_limited", "Vượt quá số lần gọi cho phép mỗi phút.", retry_after=wait)
        if not set(self.scopes) & set(client.scopes):
            raise Problem(403, "scope_missing", f"Khoá API này không có quyền {' / '.join(self.scopes)}.")
        request.user = _actor(request, client)
        touch(client)
        return client


def _actor(request: HttpRequest, client: ApiClient) -> User:
    name = request.headers.get(ON_BEHALF, "").strip()
    if not name:
        return client.user
    officer = User.objects.officers().select_related("agency__area").filter(username=name).first()
    if officer is None or client.agency_id is None or officer.agency_id != client.agency_id:
        # (a rights holder's system acts as itself only: its users have no agency to compare)
        raise Problem(
            403,
            "not_an_officer",
            "Người được ghi nhân danh phải là cán bộ đang hoạt động của cơ quan sở hữu khoá.",
        )
    return officer


def require_scope(request: HttpRequest, scope: str) -> None:
    if scope not in client_of(request).scopes:
        raise Problem(403, "scope_missing", f"Khoá API này không có quyền {scope}.")


def client_of(request: HttpRequest) -> ApiClient:
    client: ApiClient = request.api_client  # type: ignore[attr-defined]
    return client


def actor(request: HttpRequest) -> User:
    """The user a call acts as (set by `ClientToken`: the client's own, or the named officer)."""
    user = request.user
    assert isinstance(user, User) and user.is_authenticated
    return user
