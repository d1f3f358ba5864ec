"""API tokens: `h389_<prefix>_<secret>`. The prefix finds the client; the row keeps only
HMAC-SHA256(pepper, token), the pepper from the environment (not in the database), so a copy
of the database does not let anyone call the API (as tip receipts are kept)."""

import hashlib
import hmac
import secrets

from django.conf import settings

PREFIX_LENGTH = 8


def make() -> tuple[str, str]:
    """A new (token, prefix)."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return f"h389_{prefix}_{secrets.token_urlsafe(32)}", prefix


def digest(token: str) -> str:
    return hmac.new(settings.HUB389_API_PEPPER.encode(), token.encode(), hashlib.sha256).hexdigest()


def prefix_of(token: str) -> str | None:
    parts = token.split("_")
    if len(parts) < 3 or parts[0] != "h389" or len(parts[1]) != PREFIX_LENGTH:
        return None
    return parts[1]


def matches(token: str, stored: str) -> bool:
    return hmac.compare_digest(digest(token), stored)
