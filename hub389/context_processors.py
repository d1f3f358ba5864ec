from typing import Any

from django.conf import settings
from django.http import HttpRequest

from hub389 import menu, policy
from hub389.audit.models import AuditEntry
from hub389.committee.services.flash import waiting_count
from hub389.notifications.services import unread_count
from hub389.registry.public import national_hotline


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    entries = menu.menu(user) if signed_in else []
    return {
        "menu": entries,
        "menu_active": menu.active_key(entries, request.path) if signed_in else "",
        "DEMO": not settings.PRODUCTION,
        "unread": unread_count(user) if user is not None and user.is_authenticated else 0,
        "can_audit": policy.can(user, "view", AuditEntry),
        "public_hotline": {} if signed_in else national_hotline(),
        # A leader sees the flash reports waiting for them on every page until acknowledged.
        "flash_waiting": waiting_count(user) if user is not None and signed_in else 0,
    }
