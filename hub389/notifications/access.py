"""A notification is read by its recipient only (administrators included: it is personal)."""

from typing import Any

from django.db.models import QuerySet

from hub389.notifications.models import Notification
from hub389.policy import rule, scope


@rule("view", Notification)
def view_notification(user: Any, notification: Any) -> bool:
    return not isinstance(notification, type) and notification.recipient_id == user.pk


@scope("view", Notification)
def notifications(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk)
