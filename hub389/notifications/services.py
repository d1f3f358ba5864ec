"""Notifications: the in-app inbox and e-mail through Django's mail backend."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from hub389.accounts.models import User
from hub389.audit import services as audit
from hub389.notifications.models import Notification
from hub389.registry.models import Agency


def notify_users(
    users: Iterable[User],
    title: str,
    body: str = "",
    url: str = "",
    *,
    agency: Agency | None = None,
    email: bool = True,
) -> list[Notification]:
    """Put a message in each user's inbox and, after the transaction commits, e-mail those
    with an address. Never carries protected data (an informant's identity): callers pass a
    title and a link, the page behind the link checks access."""
    batch = uuid.uuid4()
    recipients = [u for u in users if u.is_active]
    rows = Notification.objects.bulk_create(
        [
            Notification(batch=batch, recipient=u, agency=agency, title=title, body=body, url=url)
            for u in recipients
        ]
    )
    if email:
        link = f"{settings.SITE_URL}{url}" if url else settings.SITE_URL
        messages = [
            (f"[hub389] {title}", f"{body}\n\n{link}", settings.DEFAULT_FROM_EMAIL, [u.email])
            for u in recipients
            if u.email
        ]
        if messages:
            transaction.on_commit(lambda: _send(batch, messages))
    return rows


def _send(batch: uuid.UUID, messages: list[tuple[str, str, str, list[str]]]) -> None:
    send_mass_mail(tuple(messages), fail_silently=False)
    Notification.objects.filter(batch=batch, recipient__email__gt="").update(emailed=True)


def notify_agency(
    agency: Agency, title: str, body: str = "", url: str = "", *, email: bool = True
) -> list[Notification]:
    """Send a message to an agency: every active officer of it receives it."""
    return notify_users(
        User.objects.officers().filter(agency=agency), title, body, url, agency=agency, email=email
    )


def mark_read(user: Any, notification: Notification) -> None:
    if notification.recipient_id != user.pk:
        raise PermissionError("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit.record(user, "notification.read", notification)


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
