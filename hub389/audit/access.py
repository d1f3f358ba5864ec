"""The audit log is read by administrators only."""

from typing import Any

from django.db.models import QuerySet

from hub389.accounts.access import is_admin
from hub389.audit.models import AuditEntry
from hub389.policy import rule, scope


@rule("view", AuditEntry)
def view_audit(user: Any, entry: Any) -> bool:
    return is_admin(user)


@scope("view", AuditEntry)
def audit_entries(user: Any) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.all() if is_admin(user) else AuditEntry.objects.none()
