from typing import Any

from django.conf import settings
from django.http import HttpRequest

from hub389 import policy
from hub389.audit.models import AuditEntry
from hub389.notifications.services import unread_count


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "DEMO": not settings.PRODUCTION,
        "unread": unread_count(user) if user is not None and user.is_authenticated else 0,
        "can_audit": policy.can(user, "view", AuditEntry),
    }
