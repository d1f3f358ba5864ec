"""The one entry point for the audit log: `record(...)`."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from hub389.audit.context import current_ip
from hub389.audit.models import GENESIS_HASH, AuditEntry, AuditHead


def _normalise(changes: dict[str, Any] | None) -> dict[str, Any]:
    # Round-trip through JSON so the stored value hashes the same after it is read back.
    return json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder))


def entry(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """An entry not yet appended (`append` chains and writes it, with others)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        at=timezone.now(),
        actor=user,
        actor_label=user.get_username() if user else "hệ thống",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=_normalise(changes),
        reason=reason,
        ip=current_ip.get(),
    )


def append(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Chain the entries, in order, to the log's tail and write them in one insert. Call it
    inside the transaction of the writes they describe: if those roll back, so do they."""
    if not entries:
        return entries
    if _batch.get():  # the head is locked by the batch: chain to the latest entry as read
        previous = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        _chain(entries, previous or GENESIS_HASH)
        return AuditEntry.objects.bulk_create(entries)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        _chain(entries, head.last_hash)
        AuditEntry.objects.bulk_create(entries)
        head.last_hash = entries[-1].hash
        head.count += len(entries)
        head.save(update_fields=["last_hash", "count"])
    return entries


def record(actor: Any, action: str, obj: models.Model | None = None, **fields: Any) -> AuditEntry:
    """Append one entry to the audit log, chained to the previous one (`fields`: those of
    `entry`: changes, reason, object_type, object_id, object_repr).

    Call it inside the transaction of the write it describes: if the write rolls back, so does
    the entry. Appends are serialised by a row lock on AuditHead, so the chain has no forks.
    `actor` is a user, or None for the system (commands, migrations).
    """
    return append([entry(actor, action, obj, **fields)])[0]


_batch: ContextVar[bool] = ContextVar("audit_batch", default=False)


@contextmanager
def batch() -> Iterator[None]:
    """Many entries in one transaction (an import of thousands of cases): the head is locked
    once and written once, at the end, instead of once per entry. PostgreSQL follows a row's
    versions on every update of it within one transaction, so 15,000 updates of the head cost
    quadratic time (a 5,000-case import spent minutes there). Inside, each entry chains to the
    latest entry as read (the head's lock keeps other writers out; an entry rolled back to a
    savepoint is simply not read)."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        token = _batch.set(True)
        try:
            yield
        finally:
            _batch.reset(token)
        last = AuditEntry.objects.filter(id__gt=start).order_by("-id").first()
        if last is not None:
            head.last_hash = last.hash
            head.count += AuditEntry.objects.filter(id__gt=start).count()
            head.save(update_fields=["last_hash", "count"])


def _chain(entries: list[AuditEntry], previous: str) -> None:
    for made in entries:
        made.prev_hash = previous
        made.hash = previous = made.compute_hash()


@dataclass
class ChainCheck:
    ok: bool
    checked: int
    broken_at: int | None = None
    problem: str = ""


def verify_chain(chunk_size: int = 5000) -> ChainCheck:
    """Walk the whole log in order and say whether every link and every hash holds."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_id = None
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=chunk_size):
        if entry.prev_hash != expected_prev:
            return ChainCheck(
                False,
                checked,
                entry.pk,
                "liên kết với mục trước bị đứt (có mục bị xoá hoặc sửa trước nó)",
            )
        if entry.compute_hash() != entry.hash:
            return ChainCheck(False, checked, entry.pk, "nội dung mục đã bị sửa")
        expected_prev = entry.hash
        checked += 1
        last_id = entry.pk
    head = AuditHead.objects.filter(pk=1).first()
    head_hash = head.last_hash if head else GENESIS_HASH
    if head_hash != expected_prev:
        return ChainCheck(False, checked, last_id, "các mục cuối nhật ký đã bị xoá")
    return ChainCheck(True, checked)
