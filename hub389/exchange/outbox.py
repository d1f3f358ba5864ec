"""The outbox: `emit` writes what an agency must hear in the transaction of the change, with a
delivery row for each of its webhooks; the worker sends them after commit (`delivery.py`). A
change that rolls back leaves no event; an event committed is never lost (the sweep finds it
even if the queue did not)."""

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from hub389.exchange.models import Delivery, Event, Webhook
from hub389.registry.models import Agency


def emit(agency: Agency | None, kind: str, record: Model, **payload: Any) -> Event | None:
    """Record an event about `record` for `agency` (None: nobody to tell) and queue its webhook
    deliveries. The event names the record by its kind, id and reference; `payload` is small."""
    if agency is None:
        return None
    reference = getattr(record, "reference", None) or getattr(record, "number", None) or str(record)
    event = Event.objects.create(
        agency=agency,
        kind=kind,
        object_kind=record._meta.model_name or "",
        object_id=record.pk,
        reference=str(reference)[:40],
        payload=payload,
    )
    hooks = Webhook.objects.filter(
        active=True,
        client__agency=agency,
        client__revoked_at__isnull=True,
        client__expires_on__gte=timezone.localdate(),
    ).select_related("client")
    # A handful per agency: the scope is read in Python (SQLite has no JSON containment).
    deliveries = [
        Delivery(webhook=hook, event=event) for hook in hooks if "events:read" in hook.client.scopes
    ]
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        from hub389.exchange.delivery import send_due  # the task module imports this one

        transaction.on_commit(lambda: send_due.enqueue())
    return event
