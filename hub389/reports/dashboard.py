"""The leaders' dashboard of a committee: the last month's key figures against the same month
last year, twelve months of cases by kind, goods group and channel, cases by province or
commune for the map, what is overdue, and reporting completeness."""

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hub389.cases.figures import cases_in
from hub389.cases.models import Case, CaseChannel, Sanction, ViolationKind, placed_in
from hub389.lib import periods
from hub389.lib.dates import add_months
from hub389.plans.models import Occurrence, OccurrenceStatus, TaskStatus
from hub389.registry.models import Area, AreaKind, SteeringCommittee, within
from hub389.reports import assemble, completeness, effects, indicators, services
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
        by_goods[_(name) if name else _("Chưa phân loại")][_month_of(day)] += n
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


def cached_context(committee: SteeringCommittee, today: datetime.date, code: str = "") -> dict[str, Any]:
    language = translation.get_language() or "vi"
    key = f"dashboard:{committee.pk}:{today.isoformat()}:{code}:{language}:{effects.version(committee)}"
    data = cache.get(key)
    if data is None:
        data = context(committee, today, code)
        cache.set(key, data, CACHE_SECONDS)
    return data


KEY_CODES = (
    "cases_total",
    "goods_value",
    "fines_decided",
    "budget_collected",
    "prosecuted",
    "defendants",
    "tips_received",
    "tips_settled",
)
MONEY = {"goods_value", "fines_decided", "budget_collected"}
TOP = 10


def _range(start: datetime.date, end: datetime.date) -> periods.Period:
    return periods.Period(periods.Kind.RANGE, f"{start.isoformat()}..{end.isoformat()}", start, end)


def chosen_period(code: str, today: datetime.date) -> periods.Period:
    """The period the leader picked ("2026-11", "2026-Q4", "2026"), the current month's by default."""
    current = periods.containing(periods.Kind.MONTHLY, today)
    kind = {7: periods.Kind.MONTHLY, 4: periods.Kind.YEARLY}.get(len(code))
    if "-Q" in code:
        kind = periods.Kind.QUARTERLY
    try:
        return periods.period(kind, code) if kind and code else current
    except ValidationError:
        return current


def so_far(period: periods.Period, today: datetime.date) -> periods.Period:
    """The period up to today (itself when it has ended)."""
    return period if period.end <= today else _range(period.start, today)


def last_year(period: periods.Period) -> periods.Period:
    """The same days a year earlier (the same period last year, "cùng kỳ")."""
    if period.kind != periods.Kind.RANGE:
        return period.last_year()
    return _range(add_months(period.start, -12), add_months(period.end, -12))


def period_choices(today: datetime.date) -> list[tuple[str, str]]:
    """The picker: this month's period so far, the eleven before it, this year and last year."""
    month = periods.containing(periods.Kind.MONTHLY, today)
    out = []
    for _month in range(12):
        out.append((month.code, month.label))
        month = month.previous()
    year = periods.containing(periods.Kind.YEARLY, today)
    out += [(year.code, year.label), (year.previous().code, year.previous().label)]
    return out


def by_agency(
    committee: SteeringCommittee, period: periods.Period, today: datetime.date
) -> list[dict[str, Any]]:
    """A row per member agency: its cases, value, fines and budget in the period, its last
    monthly report (on time or not) and its task occurrences overdue today."""
    agencies = services.members(committee)
    table = indicators.grouped(committee.area, period, agencies=agencies)
    monthly = ReportType.objects.filter(code="monthly").first()
    reported: dict[int, str] = {}
    if monthly is not None:
        closed = periods.containing(periods.Kind.MONTHLY, today).previous()
        reported = {
            r.agency.pk: r.label for r in completeness.status(monthly, closed.code, committee, today).rows
        }
    late = dict(
        Occurrence.objects.filter(
            task__plan__committee=committee, task__status=TaskStatus.ISSUED, due_on__lt=today
        )
        .exclude(status=OccurrenceStatus.DONE)
        .values_list("task__lead_agency")
        .annotate(n=Count("pk"))
        .values_list("task__lead_agency", "n")
    )
    rows = [
        _row(a, table.get(a.pk), report=reported.get(a.pk, "—"), overdue_tasks=late.get(a.pk, 0))
        for a in agencies
    ]
    return sorted(rows, key=lambda r: (-r["cases"], -r["value"], r["name"]))


def _row(unit: Any, figures: dict[str, int] | None, **more: Any) -> dict[str, Any]:
    """A line of the table by agency or province: its figures of the period."""
    figures = figures or dict.fromkeys(indicators.CODES, 0)
    return {
        "name": unit.name,
        "code": unit.code,
        "cases": figures["cases_total"],
        "value": figures["goods_value"],
        "fines": figures["fines_decided"],
        "budget": figures["budget_collected"],
        **more,
    }


def by_province(committee: SteeringCommittee, period: periods.Period) -> list[dict[str, Any]]:
    """The nation's screen: a row per province (the cases are its agencies', not the
    ministries')."""
    table = indicators.grouped(committee.area, period, by="place")
    rows = [_row(p, table.get(p.pk)) for p in Area.objects.filter(kind=AreaKind.PROVINCE).order_by("code")]
    return sorted(rows, key=lambda r: (-r["cases"], -r["value"], r["name"]))


def largest(committee: SteeringCommittee, period: periods.Period) -> list[dict[str, Any]]:
    """The period's largest cases by the value of their goods; a confidential case shows only
    its figures (the cached page is the same for every reader)."""
    cases = (
        cases_in(committee.area, period.start, period.end)
        .annotate(value=Sum("goods__value_vnd"))
        .filter(value__gt=0)
        .select_related("owner", "area")
        .order_by("-value", "pk")[:TOP]
    )
    return [
        {
            "pk": c.pk,
            "reference": c.reference,
            "summary": "" if c.confidential else c.summary,
            "owner": c.owner.short_name or c.owner.name,
            "area": c.area.name,
            "value": c.value,
            "confidential": c.confidential,
        }
        for c in cases
    ]


def overdue(committee: SteeringCommittee, today: datetime.date) -> dict[str, Any]:
    """Everything overdue today: tips, task occurrences, sanction decisions."""
    tasks = (
        Occurrence.objects.filter(
            task__plan__committee=committee, task__status=TaskStatus.ISSUED, due_on__lt=today
        )
        .exclude(status=OccurrenceStatus.DONE)
        .select_related("task__lead_agency")
        .order_by("due_on")
    )
    sanctions = (
        Sanction.objects.filter(
            case__in=Case.objects.filter(placed_in(committee.area)),
            decision_date__isnull=True,
            decision_due__lt=today,
        )
        .select_related("case__owner")
        .order_by("decision_due")
    )
    return {
        "tips": Tip.objects.filter(
            within(committee.area), status__in=OPEN_STATUSES, due_on__lt=today
        ).count(),
        "tasks": tasks.count(),
        "task_list": [
            {
                "pk": o.task_id,
                "number": o.task.number,
                "title": o.task.title[:140],
                "agency": o.task.lead_agency.name if o.task.lead_agency else o.task.lead_group[:80],
                "due": o.due_on,
            }
            for o in tasks[:TOP]
        ],
        "sanctions": sanctions.count(),
        "sanction_list": [
            {
                "pk": s.case_id,
                "reference": s.case.reference,
                "owner": s.case.owner.short_name or s.case.owner.name,
                "record": s.record_no,
                "due": s.decision_due,
            }
            for s in sanctions[:TOP]
        ],
    }


def map_values(committee: SteeringCommittee, period: periods.Period) -> dict[str, int]:
    """Cases of the period per province code (for the outlines' colours)."""
    national = committee.area.kind == AreaKind.NATIONAL
    cases = cases_in(committee.area, period.start, period.end).order_by()
    out: Counter[str] = Counter()
    if national:
        for code, n in (
            cases.values_list("area__province__code")
            .annotate(n=Count("pk"))
            .values_list("area__province__code", "n")
        ):
            if code:
                out[code] += n
        for code, n in (
            cases.filter(area__kind=AreaKind.PROVINCE)
            .values_list("area__code")
            .annotate(n=Count("pk"))
            .values_list("area__code", "n")
        ):
            out[code] += n
    else:
        province = committee.area.province or committee.area
        out[province.code] = cases.count()
    return dict(out)


def context(committee: SteeringCommittee, today: datetime.date, code: str = "") -> dict[str, Any]:
    """The leader's screen: the chosen period so far (the current month's by default, so a case
    recorded today counts today) beside the last closed period, the year to date and the same
    days last year; the member agencies; the largest cases; everything overdue; the map."""
    picked = chosen_period(code, today)
    now_period = so_far(picked, today)
    closed = periods.containing(periods.Kind.MONTHLY, today).previous()
    before = picked.previous()  # the period just before the one viewed
    last_day = min(picked.end, today)
    year = periods.containing(periods.Kind.YEARLY, last_day)
    year_to_date = _range(year.start, last_day)
    scope = indicators.Scope(committee.area)
    columns = [
        (_("Kỳ đang xem"), now_period),
        (_("Cùng kỳ năm trước"), last_year(now_period)),
        (_("Kỳ liền trước"), before),
        (_("Từ đầu năm"), year_to_date),
    ]
    values = [indicators.compute(scope, p) for _label, p in columns]
    key = {r.code: r for r in assemble.compare(values[0], values[1])}
    names = {r.code: r.name for r in key.values()}
    monthly = ReportType.objects.filter(code="monthly").first()
    rates = completeness.history(monthly, committee, 6, today) if monthly else []
    reporting = completeness.status(monthly, closed.code, committee, today) if monthly else None
    late = overdue(committee, today)
    return {
        "committee": committee,
        "period": now_period,
        "picked": picked,
        "ongoing": now_period.end < picked.end,
        "choices": period_choices(today),
        "columns": [(label, p) for label, p in columns],
        "table": [
            {"code": c, "name": names.get(c, c), "money": c in MONEY, "values": [v.get(c, 0) for v in values]}
            for c in KEY_CODES
        ],
        "cards": [key[c] for c in KEY_CODES],
        "money": MONEY,
        "series": series(committee, periods.containing(periods.Kind.MONTHLY, min(picked.end, today))),
        "places": places(committee, now_period),
        "map_values": map_values(committee, now_period),
        "outline": outline(committee),
        "province_code": (committee.area.province or committee.area).code
        if committee.area.kind != AreaKind.NATIONAL
        else "",
        "agencies": by_province(committee, now_period)
        if committee.area.kind == AreaKind.NATIONAL
        else by_agency(committee, now_period, today),
        "national": committee.area.kind == AreaKind.NATIONAL,
        "largest": largest(committee, now_period),
        "overdue": late,
        "overdue_tips": late["tips"],
        "overdue_tasks": late["tasks"],
        "rates": rates,
        "reporting": reporting,
        "rates_chart": {
            "labels": [s.period.label for s in rates],
            # A period not yet due has no rate (a gap in the line, not a 0 %).
            "sent": [s.rate if s.due < today else None for s in rates],
            "on_time": [s.on_time_rate if s.due < today else None for s in rates],
            "names": {"sent": _("Đã gửi, %"), "on_time": _("Đúng hạn, %")},
        },
        "tile_url": settings.HUB389_MAP_TILES,
        "generated": timezone.now(),
    }
