"""What every tip service shares: the row re-read under a lock (`_fresh`), saved with what it
triggers (`_save`), the 15-minute work lock, the history line and the audit entry."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from hub389 import policy
from hub389.accounts.models import User
from hub389.audit import services as audit
from hub389.registry.models import Agency
from hub389.reports import effects
from hub389.tips import clocks
from hub389.tips.models import (
    OPEN_STATUSES,
    EventKind,
    Status,
    Tip,
    TipEvent,
)

LOCK_MINUTES = 15


def _event(tip: Tip, kind: str, actor: Any = None, text: str = "", **agencies: Agency | None) -> TipEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return TipEvent.objects.create(tip=tip, kind=kind, actor=user, text=text, **agencies)


def _audit(actor: Any, action: str, tip: Tip, **kwargs: Any) -> None:
    audit.record(actor, action, tip, object_repr=tip.reference, **kwargs)


def _fresh(tip: Tip) -> Tip:
    """The tip's row re-read and locked till the transaction ends, remembering what it counts
    under before the change (`_save` compares)."""
    fresh = (
        Tip.objects.select_for_update(of=("self",)).select_related("agency", "handler", "area").get(pk=tip.pk)
    )
    fresh._counted_before = effects.tip_state(fresh)  # type: ignore[attr-defined]
    return fresh


def _save(tip: Tip) -> None:
    """Save a tip read by `_fresh` and tell the report facts and dashboards when what it counts
    under moved (status, agency, area, its days, its deadline); a lock alone moves nothing."""
    tip.save()
    effects.tip_changed(tip, getattr(tip, "_counted_before", None))


def _hold(actor: User, tip: Tip) -> None:
    """Refuse when another officer holds the tip's lock; otherwise (re)take it for the actor."""
    holder = tip.lock_holder()
    if holder is not None and holder.pk != actor.pk:
        until = timezone.localtime(tip.locked_until)
        raise ValidationError(
            f"{holder.full_name or holder.username} đang xử lý tin này (khoá đến {until:%H:%M}). "
            "Hãy chờ hoặc đề nghị họ mở khoá."
        )
    tip.locked_by = actor
    tip.locked_until = timezone.now() + datetime.timedelta(minutes=LOCK_MINUTES)


def _open(tip: Tip) -> None:
    if tip.status not in OPEN_STATUSES:
        raise ValidationError(f"Tin đã kết thúc ({tip.get_status_display().lower()}), không thao tác được.")


def _handling(actor: User, tip: Tip, action: str = "handle") -> Tip:
    tip = _fresh(tip)
    policy.require(actor, action, tip)
    _open(tip)
    _hold(actor, tip)
    return tip


def _refresh_clock(tip: Tip) -> None:
    tip.due_on = clocks.deadline(tip.clock)


def _accept(actor: User, tip: Tip) -> None:
    if tip.status == Status.NEW:
        tip.status = Status.IN_PROGRESS
        tip.accepted_on = timezone.localdate()
        _event(tip, EventKind.ACCEPTED, actor, to_agency=tip.agency)
