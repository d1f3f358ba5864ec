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
    return emit_many(agency, kind, [(record, payload)])[0]


def emit_many(agency: Agency, kind: str, items: list[tuple[Model, dict[str, Any]]]) -> list[Event]:
    """`emit` for many records at once (an import): one insert of events, one of deliveries."""
    events = []
    for record, payload in items:
        reference = getattr(record, "reference", None) or getattr(record, "number", None) or str(record)
        events.append(
            Event(
                agency=agency,
                kind=kind,
                object_kind=record._meta.model_name or "",
                object_id=record.pk,
                reference=str(reference)[:40],
                payload=payload,
            )
        )
    Event.objects.bulk_create(events)
    hooks = Webhook.objects.filter(
        active=True,
        client__agency=agency,
        client__revoked_at__isnull=True,
        client__expires_on__gte=timezone.localdate(),
    ).select_related("client")
    # A handful per agency: the scope is read in Python (SQLite has no JSON containment).
    listening = [hook for hook in hooks if "events:read" in hook.client.scopes]
    deliveries = [Delivery(webhook=hook, event=event) for hook in listening for event in events]
    if deliveries:
        Delivery.objects.bulk_create(deliveries, batch_size=5000)
        from hub389.exchange.delivery import send_due  # the task module imports this one

        transaction.on_commit(lambda: send_due.enqueue())
    return events
