"""Flood protection for the public side, with no third-party service: a per-IP rate limit
and a proof-of-work the browser solves before a tip is accepted (like Hashcash; GlobaLeaks does
the same). IPs are only kept as keyed hashes in the cache, for the window, never in the
database or the audit log."""

import hashlib
import ipaddress
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from hub389.lib.clientip import client_ip, parse

POW_SALT = "hub389.tips.pow"
POW_MAX_AGE = 3600


def client_key(request: HttpRequest) -> str:
    """The keyed hash the limits count under: one IPv4 address, or one IPv6 /64 (a single
    subscriber is given a whole /64 and could otherwise change address at every tip)."""
    address = client_ip(request) or "unknown"
    ip = parse(address)
    if isinstance(ip, ipaddress.IPv6Address):
        address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return salted_hmac("hub389.tips.ip", address, algorithm="sha256").hexdigest()[:32]


def hit(bucket: str, key: str, limit: int, window: int) -> bool:
    """Count one attempt; False once `limit` attempts were made in `window` seconds."""
    name = f"guard:{bucket}:{key}"
    cache.add(name, 0, window)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, window)
        count = 1
    return count <= limit


def blocked(bucket: str, key: str, limit: int) -> bool:
    return int(cache.get(f"guard:{bucket}:{key}", 0)) >= limit


def new_challenge() -> str:
    return signing.dumps(secrets.token_hex(12), salt=POW_SALT)


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def solve(challenge: str, bits: int) -> str:
    """What the browser does (pow.js); used by tests and scripted clients."""
    counter = 0
    while leading_zero_bits(hashlib.sha256(f"{challenge}:{counter}".encode()).digest()) < bits:
        counter += 1
    return str(counter)


def check_pow(challenge: str, solution: str) -> str | None:
    """None when the challenge is ours, fresh, unused and solved; else the message to show."""
    try:
        token = signing.loads(challenge, salt=POW_SALT, max_age=POW_MAX_AGE)
    except signing.SignatureExpired:
        return "Phiên gửi tin đã hết hạn, hãy gửi lại."
    except signing.BadSignature:
        return "Không xác minh được trình duyệt: hãy bật JavaScript và gửi lại."
    digest = hashlib.sha256(f"{challenge}:{solution}".encode()).digest()
    if not solution.isdigit() or leading_zero_bits(digest) < settings.HUB389_TIP_POW_BITS:
        return "Không xác minh được trình duyệt: hãy bật JavaScript và gửi lại."
    if not cache.add(f"guard:pow:{token}", 1, POW_MAX_AGE):
        return "Biểu mẫu này đã được gửi. Hãy tải lại trang để gửi tin mới."
    return None
