"""`Idempotency-Key` on POST: the first answer is kept with the write, in its transaction, and
the same key with the same body gets that answer again (`Idempotent-Replayed: true`) without
doing the work twice; the same key with another body is refused (422). Keys live 24 hours."""

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Status

from hub389.api.auth import client_of
from hub389.api.models import IdempotentRequest
from hub389.api.problems import Problem

HEADER = "Idempotency-Key"
KEPT = datetime.timedelta(hours=24)
KEY_MAX = 100
SECRETS = frozenset({"receipt"})  # answered once, never kept in clear (a replay answers without)

Answer = tuple[int, dict[str, Any]]


def _digest(request: HttpRequest) -> str:
    """The body's fingerprint: of its JSON as parsed (spacing and key order do not matter), or
    of its bytes when it is not JSON (a spreadsheet's upload)."""
    try:
        canonical = json.dumps(json.loads(request.body), sort_keys=True, ensure_ascii=False).encode()
    except (ValueError, UnicodeDecodeError):
        canonical = request.body
    return hashlib.sha256(canonical).hexdigest()


def _stored(found: IdempotentRequest, route: str, digest: str) -> Answer:
    if found.route != route or found.body_hash != digest:
        raise Problem(
            422,
            "idempotency_key_reused",
            "Idempotency-Key này đã được dùng cho một yêu cầu khác trong 24 giờ qua.",
        )
    return found.status, {**found.response, "replayed": True}


def run(request: HttpRequest, work: Callable[[], Answer]) -> Status[Any]:
    """`work()` once per key: its answer, or the stored one (as the route's response)."""
    return Status(*_once(request, work))


def _once(request: HttpRequest, work: Callable[[], Answer]) -> Answer:
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return work()
    if len(key) > KEY_MAX:
        raise Problem(400, "bad_idempotency_key", f"Idempotency-Key tối đa {KEY_MAX} ký tự.")
    client = client_of(request)
    route, digest = f"{request.method} {request.path}", _digest(request)
    since = timezone.now() - KEPT
    found = IdempotentRequest.objects.filter(client=client, key=key, created_at__gte=since).first()
    if found is not None:
        return _stored(found, route, digest)
    IdempotentRequest.objects.filter(client=client, key=key, created_at__lt=since).delete()
    try:
        with transaction.atomic():
            status, data = work()
            IdempotentRequest.objects.create(
                client=client,
                key=key,
                route=route,
                body_hash=digest,
                status=status,
                response={k: v for k, v in data.items() if k not in SECRETS},
            )
    except IntegrityError:  # the same key sent twice at once: the other one won
        found = IdempotentRequest.objects.filter(client=client, key=key).first()
        if found is None:
            raise
        return _stored(found, route, digest)
    return status, data
