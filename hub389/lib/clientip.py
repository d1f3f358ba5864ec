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
    return tuple(ipaddress.ip_network(item) for item in spec)


def parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as proxies write it: bare, with a port (`203.0.113.7:51234`,
    `[2001:db8::1]:443`), or IPv4 mapped into IPv6 (`::ffff:10.0.0.5`, from a server listening
    on `[::]`), which is the IPv4 address it maps."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _trusted(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(ip in net for net in _networks(tuple(settings.HUB389_TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str:
    """The client's address ("" when the server was not told one)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    remote_ip = parse(remote)
    if remote_ip is None:
        return remote
    if not settings.HUB389_TRUSTED_PROXIES or not _trusted(remote_ip):
        return str(remote_ip)
    found = remote_ip
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        ip = parse(hop)
        if ip is None:
            # Only a proxy of ours can have written this far: what it could not read, we do
            # not guess; the last address it vouched for stands.
            return str(found)
        found = ip
        if not _trusted(ip):
            return str(ip)
    return str(found)
