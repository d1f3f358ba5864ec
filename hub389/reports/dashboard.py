"""The leaders' dashboard of a committee: the last month's key figures against the same month
last year, twelve months of cases by kind, goods group and channel, cases by province or
commune for the map, what is overdue, and reporting completeness."""

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from hub389.cases.figures import cases_in
from hub389.cases.models import CaseChannel, ViolationKind
from hub389.lib import periods
from hub389.plans.models import Occurrence, OccurrenceStatus, TaskStatus
from hub389.registry.models import Area, AreaKind, SteeringCommittee, within
from hub389.reports import assemble, completeness, effects, indicators
from hub389.reports.models import ReportType
from hub389.tips.models import OPEN_STATUSES, Tip

MONTHS = 12
SPECIAL_KINDS = [k for k in AreaKind.values if k not in (AreaKind.PROVINCE, AreaKind.COMMUNE)]


def _month_of(day: datetime.date) -> str:
    """The monthly reporting period a day falls in (from the 15th: the next month's)."""
    return periods.containing(periods.Kind.MONTHLY, day).code


def series(committee: SteeringCommittee, last: periods.Period) -> dict[str, Any]:
    """Cases per monthly period over the last twelve, by principal kind, goods group and
    channel: three grouped queries by day, folded into periods here."""
    months = [last]
    while len(months) < MONTHS:
        months.append(months[-1].previous())
    months.reverse()
    cases = cases_in(committee.area, months[0].start, last.end).order_by()
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for day, kind, n in cases.values_list("detected_on", "principal").annotate(n=Count("pk")):
        by_kind[kind or ""][_month_of(day)] += n
    by_goods: dict[str, Counter[str]] = defaultdict(Counter)
    for day, name, n in cases.values_list("detected_on", "goods_group__name").annotate(n=Count("pk")):
        by_goods[name or "Chưa phân loại"][_month_of(day)] += n
    by_channel: Counter[str] = Counter(
        dict(cases.values_list("channel").annotate(n=Count("pk")).values_list("channel", "n"))
    )
    codes = [m.code for m in months]
    top_goods = sorted(by_goods, key=lambda g: -sum(by_goods[g].values()))[:6]
    return {
        "labels": [f"{c[5:]}/{c[:4]}" for c in codes],
        "kinds": [
            {"label": label, "data": [by_kind[code][m] for m in codes]}
            for code, label in ViolationKind.choices
        ],
        "goods": [{"label": g, "data": [by_goods[g][m] for m in codes]} for g in top_goods],
        "channels": {
            "labels": [label for _, label in CaseChannel.choices],
            "data": [by_channel[c] for c in CaseChannel.values],
        },
    }


def places(committee: SteeringCommittee, period: periods.Period) -> list[dict[str, Any]]:
    """Cases of the period per province (the nation) or per commune (a province), with the
    unit's coordinates when the registry has them."""
    cases = cases_in(committee.area, period.start, period.end).order_by()
    national = committee.area.kind == AreaKind.NATIONAL
    key = "area__province" if national else "area"
    rows: list[Any] = list(
        cases.values_list(f"{key}__code", f"{key}__name", f"{key}__lat", f"{key}__lng").annotate(
            n=Count("pk")
        )
    )
    if national:  # cases placed on the province itself have no province parent
        rows += list(
            cases.filter(area__kind=AreaKind.PROVINCE)
            .values_list("area__code", "area__name", "area__lat", "area__lng")
            .annotate(n=Count("pk"))
        )
    merged: dict[str, dict[str, Any]] = {}
    for code, name, lat, lng, n in rows:
        if code is None:
            continue
        row = merged.setdefault(code, {"code": code, "name": name, "lat": lat, "lng": lng, "n": 0})
        row["n"] += n
    return sorted(merged.values(), key=lambda r: -r["n"])


def outline(committee: SteeringCommittee) -> list[tuple[float, float]]:
    """The points of the committee's units (provinces of the nation, communes of a province)."""
    units = Area.objects.filter(parent=committee.area, lat__isnull=False).exclude(kind__in=SPECIAL_KINDS)
    return [(lat, lng) for lat, lng in units.values_list("lat", "lng") if lat is not None and lng is not None]


# The dashboard is cached per committee and day, under the version of the committee's area that
# `reports.effects` bumps when a record placed there changes. With several processes the cache
# must be shared (Redis, REDIS_URL) for the bump to reach them all; CACHE_SECONDS bounds the
# staleness otherwise.
CACHE_SECONDS = 300


def cached_context(committee: SteeringCommittee, today: datetime.date) -> dict[str, Any]:
    key = f"dashboard:{committee.pk}:{today.isoformat()}:{effects.version(committee)}"
    data = cache.get(key)
    if data is None:
        data = context(committee, today)
        cache.set(key, data, CACHE_SECONDS)
    return data


def context(committee: SteeringCommittee, today: datetime.date) -> dict[str, Any]:
    last = periods.containing(periods.Kind.MONTHLY, today).previous()
    scope = indicators.Scope(committee.area)
    now, before = indicators.compute(scope, last), indicators.compute(scope, last.last_year())
    key = {r.code: r for r in assemble.compare(now, before)}
    monthly = ReportType.objects.filter(code="monthly").first()
    rates = completeness.history(monthly, committee, 6, today) if monthly else []
    reporting = completeness.status(monthly, last.code, committee, today) if monthly else None
    overdue_tips = Tip.objects.filter(
        within(committee.area), status__in=OPEN_STATUSES, due_on__lt=today
    ).count()
    overdue_tasks = (
        Occurrence.objects.filter(
            task__plan__committee=committee, task__status=TaskStatus.ISSUED, due_on__lt=today
        )
        .exclude(status=OccurrenceStatus.DONE)
        .count()
    )
    return {
        "committee": committee,
        "period": last,
        "cards": [
            key[c]
            for c in (
                "cases_total",
                "goods_value",
                "fines_decided",
                "budget_collected",
                "prosecuted",
                "defendants",
                "tips_received",
                "tips_settled",
            )
        ],
        "series": series(committee, last),
        "places": places(committee, last),
        "outline": outline(committee),
        "overdue_tips": overdue_tips,
        "overdue_tasks": overdue_tasks,
        "rates": rates,
        "reporting": reporting,
        "rates_chart": {
            "labels": [s.period.label for s in rates],
            "sent": [s.rate or 0 for s in rates],
            "on_time": [s.on_time_rate or 0 for s in rates],
        },
        "tile_url": settings.HUB389_MAP_TILES,
        "generated": timezone.now(),
    }
