import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models

GENESIS_HASH = "0" * 64


class AuditEntry(models.Model):
    """One line of the append-only audit log.

    Each entry carries the hash of the one before it, so altering or deleting any row breaks the
    chain from there on (`manage.py verify_audit`). On PostgreSQL a trigger also refuses UPDATE
    and DELETE on this table.
    """

    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "at"]),
        ]
        verbose_name = "mục nhật ký"
        verbose_name_plural = "nhật ký kiểm toán"

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("audit entries are append-only")

    def payload(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "reason": self.reason,
            "ip": self.ip,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(self.payload(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


class AuditHead(models.Model):
    """A single row holding the hash of the newest entry: the lock that orders appends and the
    witness that the log's tail was not cut off."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.count} mục, {self.last_hash[:12]}…"
