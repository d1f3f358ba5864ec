"""Webhook delivery: the worker sends each pending delivery, signed, and retries with backoff.

Each send is claimed first (a short transaction moves `next_at` one lease ahead and counts the
attempt; rows claimed by another worker are skipped), then posted outside any transaction,
then marked. A worker that dies mid-send leaves the delivery to be claimed again when its lease
ends, and an event committed while no worker ran is found by the next `send_due` (the queue's
task, `manage.py send_webhooks`, or the next event's): nothing committed is lost. The receiver
sees the event's id (`X-Hub389-Event-Id`) to recognise a resend after such a crash.

Signature (as Stripe's): `X-Hub389-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<body>" under the webhook's secret>`."""

import datetime
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from hub389.exchange.models import Delivery, DeliveryStatus, Event, Webhook

logger = logging.getLogger(__name__)

LEASE = datetime.timedelta(seconds=60)
TIMEOUT = 10  # seconds per POST
MAX_ATTEMPTS = 12  # 30 s, 1 min, 2 min ... capped at 6 h: about 1.5 days in all
FIRST_RETRY, LONGEST_RETRY = 30, 6 * 3600


def secret_for(webhook: Webhook) -> str:
    """The webhook's signing secret: derived, never stored (rotate: bump `secret_version`)."""
    key = settings.HUB389_API_PEPPER.encode()
    return hmac.new(
        key, f"webhook:{webhook.pk}:{webhook.secret_version}".encode(), hashlib.sha256
    ).hexdigest()


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def event_body(event: Event) -> dict[str, Any]:
    """An event as the feed and the webhook both send it."""
    return {
        "id": event.pk,
        "uid": str(event.uid),
        "kind": event.kind,
        "object": {"kind": event.object_kind, "id": event.object_id, "reference": event.reference},
        "payload": event.payload,
        "at": timezone.localtime(event.at).isoformat(timespec="seconds"),
    }


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY))


def _claim(now: datetime.datetime) -> Delivery | None:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING, next_at__lte=now)
            .order_by("next_at", "pk")
            .select_related("event", "webhook")
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.next_at = now + LEASE
        delivery.save(update_fields=["attempts", "next_at"])
        return delivery


def _post(delivery: Delivery) -> tuple[int | None, str]:
    body = json.dumps(event_body(delivery.event), ensure_ascii=False).encode()
    if not delivery.webhook.url.startswith(("https://", "http://")):
        return None, "URL không phải http(s)"
    request = urllib.request.Request(  # noqa: S310 (http(s) only: checked above)
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "hub389-webhook/1",
            "X-Hub389-Event": delivery.event.kind,
            "X-Hub389-Event-Id": str(delivery.event.uid),
            "X-Hub389-Delivery": str(delivery.pk),
            "X-Hub389-Signature": sign(secret_for(delivery.webhook), int(time.time()), body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))[:300]


def _finish(delivery: Delivery, code: int | None, error: str) -> datetime.datetime | None:
    """Mark the result; the time of the next try when there is one."""
    now = timezone.now()
    fields: dict[str, Any] = {"last_code": code, "last_error": error}
    retry_at = None
    if code is not None and 200 <= code < 300:
        fields.update(status=DeliveryStatus.DELIVERED, delivered_at=now, last_error="")
    elif delivery.attempts >= MAX_ATTEMPTS:
        fields.update(status=DeliveryStatus.FAILED)
    else:
        retry_at = now + backoff(delivery.attempts)
        fields.update(next_at=retry_at)
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    return retry_at


def send_pending(limit: int = 500) -> dict[str, int]:
    """Send what is due now (at most `limit`); the counts of each outcome."""
    sent = failed = 0
    retry_at: datetime.datetime | None = None
    for _ in range(limit):
        delivery = _claim(timezone.now())
        if delivery is None:
            break
        code, error = _post(delivery)
        later = _finish(delivery, code, error)
        if later is None and code is not None and 200 <= code < 300:
            sent += 1
        else:
            failed += 1
            retry_at = min(retry_at, later) if retry_at and later else (later or retry_at)
    if retry_at is not None:
        send_due.using(run_after=retry_at).enqueue()
    return {"sent": sent, "failed": failed}


@task()
def send_due() -> None:
    send_pending()


def replay(webhook: Webhook, after: int) -> int:
    """Send again every event of the webhook's agency after the cursor `after` (the events it
    missed, or all of them again); the number queued."""
    agency = webhook.client.agency_id
    if agency is None:
        return 0  # a rights holder's system has no agency events
    events = Event.objects.filter(agency_id=agency, pk__gt=after).values_list("pk", flat=True)
    now = timezone.now()
    with transaction.atomic():
        queued = 0
        for event_id in events.iterator(chunk_size=1000):
            Delivery.objects.update_or_create(
                webhook=webhook,
                event_id=event_id,
                defaults={"status": DeliveryStatus.PENDING, "attempts": 0, "next_at": now, "last_error": ""},
            )
            queued += 1
        transaction.on_commit(lambda: send_due.enqueue())
    return queued
