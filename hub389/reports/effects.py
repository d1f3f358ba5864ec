"""What a change to the records that reports count triggers, called by the services that make
it, in their own transaction: the report facts of the days it touches are marked stale
(`facts.mark`, recomputed before the next report reads them) and the cached dashboards of the
committees whose area holds the record are invalidated (`invalidate`).

Nothing here is wired to a model signal: a service that changes a case, a tip, a task
occurrence or a report says so, and a queryset write on a counted record is refused
(`lib.counted`). A change that moves no figure (a tip's work lock, a reminder date) calls
nothing, so it invalidates no dashboard."""

from typing import Any

from django.core.cache import cache

from hub389.registry.models import Area, Level
from hub389.reports import facts
from hub389.tips.models import Tip

NATIONAL = "national"

TIP_DAYS = ("received_on", "accepted_on", "settled_on")
# What the facts and dashboards read of a tip (`TipQuerySet.counted_fields`).
TIP_STATE = tuple(sorted(Tip.objects.all().counted_fields))


def case_state(case: Any) -> tuple[set[Any], Any]:
    """What a case counts under (its days and area), read before a correction moves them."""
    return facts.case_days([case.pk]), case.area


def case_changed(case: Any, before: tuple[set[Any], Any] | None = None) -> None:
    """A case, its goods, violators, sanctions, referrals or disposals changed: every day the
    case counts on is recomputed (for every owner, so a hand-over moves its figures too); with
    `before` (`case_state` read earlier), the days and area it counted under until now too."""
    days = facts.case_days([case.pk])
    if before is not None:
        days |= before[0]
        if before[1].pk != case.area.pk:
            invalidate(before[1])
    facts.mark(days)
    invalidate(case.area)


def tip_state(tip: Tip) -> dict[str, Any]:
    """What a tip counts under, read when a service locks its row (before the change)."""
    return {f: getattr(tip, f"{f}_id" if f in ("agency", "area") else f) for f in TIP_STATE}


def tip_changed(tip: Tip, before: dict[str, Any] | None) -> None:
    """A tip was created (`before` None) or changed: when what it counts under moved, mark its
    days, before and after, and invalidate the dashboards of its area (and the old one)."""
    now = tip_state(tip)
    if before == now:
        return
    old = before or {}
    facts.mark([*(old.get(f) for f in TIP_DAYS), *(now[f] for f in TIP_DAYS)])
    invalidate(tip.area)
    if old.get("area") not in (None, tip.area_id):
        invalidate(Area.objects.only("pk", "parent_id", "province_id").get(pk=old["area"]))


def tasks_changed(committee: Any) -> None:
    """A task occurrence of the committee's plans changed (issued, reported, escalated)."""
    invalidate(committee.area)


def reports_changed(committee: Any) -> None:
    """A report sent to the committee changed (opened, sent, returned, approved)."""
    invalidate(committee.area)


# Dashboards are cached under a version per area (`reports.dashboard.cached_context`).


def _version_key(area_key: Any) -> str:
    return f"dashboard:version:{area_key}"


def invalidate(area: Any) -> None:
    """The dashboards of `area`, of the areas above it and of the nation are out of date."""
    for key in {area.pk, area.parent_id, area.province_id, NATIONAL} - {None}:
        name = _version_key(key)
        if cache.add(name, 2, None) is False:
            try:
                cache.incr(name)
            except ValueError:  # evicted between add and incr
                cache.set(name, 2, None)


def version(committee: Any) -> int:
    """The version of the committee's cached dashboard."""
    key = NATIONAL if committee.level == Level.NATIONAL else committee.area_id
    return int(cache.get(_version_key(key), 1))
