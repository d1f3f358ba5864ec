"""Who registers and manages an agency's API clients and webhooks: an administrator, or the
head of that agency; a rights holder's system, the holder's master user. The clients
themselves act through their own user (see `auth.py`), so what they read and write is decided
by the same rules as the pages."""

from typing import Any

from django.db.models import QuerySet

from hub389.accounts.access import is_admin, is_head
from hub389.api.models import ApiClient
from hub389.brands.access import manage_users, seat
from hub389.policy import rule, scope


@rule("manage", ApiClient)
def manage_client(user: Any, client: Any) -> bool:
    if getattr(user, "is_api_client", False):
        return False  # a client never manages clients, even its own
    if is_admin(user):
        return True
    if isinstance(client, type):
        return is_head(user) and user.agency_id is not None
    if client.holder_id is not None:  # a rights holder's system: its master user
        return manage_users(user, client.holder)
    return is_head(user) and client.agency_id is not None and client.agency_id == user.agency_id


@scope("manage", ApiClient)
def clients(user: Any) -> QuerySet[ApiClient]:
    if getattr(user, "is_api_client", False):
        return ApiClient.objects.none()
    if is_admin(user):
        return ApiClient.objects.all()
    if is_head(user) and user.agency_id is not None:
        return ApiClient.objects.filter(agency_id=user.agency_id)
    mine = seat(user)
    if mine is not None and manage_users(user, mine.holder):
        return ApiClient.objects.filter(holder_id=mine.holder_id)
    return ApiClient.objects.none()
