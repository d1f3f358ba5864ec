"""The address of the person on the other end, in one place.

Behind a reverse proxy (the nginx of docs/deploy.md) every request comes from the proxy's own
address and the client's is in `X-Forwarded-For`, which anybody can also send. So the header is
read only when the request comes from a network in `HUB389_TRUSTED_PROXIES`, and from the
right: each proxy appends the address it saw, so the first hop from the right that is not one
of our proxies is the client (whatever a client wrote further left is ignored). Without trusted
proxies (development, or a server facing the internet itself) it is `REMOTE_ADDR`.

The tip guard, sign-in throttling (django-axes' `AXES_CLIENT_IP_CALLABLE`), the audit log, the
API's address allow-list and its call log all take the address from here.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _trusted(address: str) -> bool:
    networks = _networks(tuple(settings.HUB389_TRUSTED_PROXIES))
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's address ("" when the server was not told one)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not settings.HUB389_TRUSTED_PROXIES or not _trusted(remote):
        return remote
    found = remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            # Only a proxy of ours can have written this far: what it could not read, we do
            # not guess; the last address it vouched for stands.
            return found
        found = hop
        if not _trusted(hop):
            return hop
    return found
