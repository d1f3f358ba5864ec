"""The value of every report indicator, computed from the records of a period, never typed.

A scope is a committee's area, optionally narrowed to one agency (an agency's own report: the
cases it owns, the tips it handles, the tasks it leads). Each indicator has one function; the
codes match the `Indicator` rows loaded by the data migration, and a test checks both sides.
`link(...)` answers "which records make this figure" for the links behind every number."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value, When

from hub389.lib.periods import Period
from hub389.plans.models import Occurrence, OccurrenceStatus, TaskStatus
from hub389.registry.models import Agency, Area, within
from hub389.reports import facts
from hub389.reports.models import MEASURES, DayFact
from hub389.tips.models import EXCLUDED_STATUSES, Tip


@dataclass(frozen=True)
class Scope:
    """A committee's area, optionally narrowed to one agency."""

    area: Area
    agency: Agency | None = None


def _grouped(qs: QuerySet[Any], key: Any, **aggregates: Any) -> dict[Any, dict[str, int]]:
    """{key value: {name: value}} in one GROUP BY query (no model ordering in the grouping)."""
    rows = qs.order_by().annotate(group_key=key).values("group_key").annotate(**aggregates)
    return {r["group_key"]: {name: int(r[name] or 0) for name in aggregates} for r in rows}


def grouped(
    area: Area,
    period: Period,
    *,
    by: str = "owner",
    agencies: list[Agency] | None = None,
    members: list[Agency] | None = None,
) -> dict[Any, dict[str, int]]:
    """Every indicator of `area` over `period` in about a dozen grouped queries, grouped
    `by` "owner" (the case's owner, the tip's handling agency, the task's lead: agency ids),
    by "place" (the unit directly below `area` where the record is: a province of the nation,
    a commune of a province; None for records placed at `area` itself), or "split": records
    owned by one of `members` under minus that agency's id, the others by place (one pass for
    a consolidated report). `agencies` keeps only those owners."""
    start, end = period.start, period.end
    member_ids = [a.pk for a in members or []]

    def place(area_field: str, parent_field: str) -> Any:
        """The unit directly below `area` where the record is (None: at `area` itself)."""
        return DbCase(
            When(**{parent_field: area.pk}, then=F(area_field)),
            When(**{area_field: area.pk}, then=Value(None)),
            default=F(parent_field),
            output_field=IntegerField(),
        )

    def key(owner: str, parent_field: str) -> Any:
        if by == "owner":
            return F(owner)
        if by == "place":
            return place("area_id", parent_field)
        return DbCase(
            When(**{f"{owner}__in": member_ids}, then=-F(owner)),
            default=place("area_id", parent_field),
            output_field=IntegerField(),
        )

    def owners(qs: QuerySet[Any], field: str) -> QuerySet[Any]:
        if agencies is not None:
            qs = qs.filter(**{f"{field}__in": [a.pk for a in agencies]})
        return qs

    out: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CODES, 0))

    def put(table: dict[Any, dict[str, int]]) -> None:
        for group, values in table.items():
            for name, value in values.items():
                out[group][name] += value

    # Every additive indicator (cases, sanctions, referrals, disposals, tips received, accepted,
    # settled): one query over the days kept ahead of time (`facts`), no join.
    facts.refresh()
    days = owners(DayFact.objects.filter(facts.within(area), day__range=(start, end)), "owner_id")
    case_figures = _grouped(days, key("owner_id", "parent_id"), **{m: Sum(m) for m in MEASURES})
    for values in case_figures.values():
        values["budget_collected"] = values.pop("disposal_proceeds")
    put(case_figures)
    # "Overdue at the end of the period" is a state, not a sum of days: the tips open at the end
    # whose deadline had passed. Those still open now come from one covering index
    # (`tip_open_due`); those settled since, from the settlement date's index.
    overdue = Tip.objects.filter(within(area), due_on__lt=end, received_on__lte=end).exclude(
        status__in=EXCLUDED_STATUSES
    )
    for still in (Q(settled_on__isnull=True), Q(settled_on__gt=end)):
        late = owners(overdue.filter(still), "agency_id")
        # COUNT(*): the covering index alone answers (a column would need the table)
        put(_grouped(late, key("agency_id", "area__parent_id"), tips_overdue=Count("*")))
    occurrences = owners(
        Occurrence.objects.filter(
            task__status__in=[TaskStatus.ISSUED, TaskStatus.DONE], task__plan__committee__area=area
        ),
        "task__lead_agency_id",
    )
    put(
        _grouped(
            occurrences,
            _occurrence_key(by, member_ids),
            tasks_done=Count("pk", filter=Q(status=OccurrenceStatus.DONE, done_on__range=(start, end))),
            tasks_overdue=Count(
                "pk",
                filter=Q(due_on__gte=start, due_on__lt=end) & (Q(done_on__isnull=True) | Q(done_on__gt=end)),
            ),
        )
    )
    for values in out.values():
        values["budget_collected"] += values["fines_paid"]
    return dict(out)


def _occurrence_key(by: str, member_ids: list[int]) -> Any:
    """Tasks belong to their committee's own level: by lead agency, or nowhere below."""
    if by == "owner":
        return F("task__lead_agency_id")
    if by == "split":
        return DbCase(
            When(task__lead_agency_id__in=member_ids, then=-F("task__lead_agency_id")),
            default=Value(None),
            output_field=IntegerField(),
        )
    return Value(None, output_field=IntegerField())


def compute(scope: Scope, period: Period) -> dict[str, int]:
    """Every indicator of `scope` over `period`."""
    table = grouped(scope.area, period, agencies=[scope.agency] if scope.agency else None)
    totals = dict.fromkeys(CODES, 0)
    for values in table.values():
        for code in CODES:
            totals[code] += values[code]
    return totals


CODES = (
    *MEASURES[:10],  # cases (total, by kind), violators, goods value, sanctions and fines
    "budget_collected",  # fines paid + disposal proceeds
    *MEASURES[10:13],  # referrals, prosecuted, defendants
    *MEASURES[14:],  # tips received, accepted, settled
    "tips_overdue",
    "tasks_done",
    "tasks_overdue",
)


def link(code: str, scope: Scope, period: Period) -> str:
    """The page listing the records behind an indicator, or "" when it has none to list."""
    province = scope.area.province or scope.area
    dates = f"from={period.start:%d/%m/%Y}&to={period.end:%d/%m/%Y}"
    where = f"&area={scope.area.code}" if scope.area.kind != "national" else ""
    owner = f"&agency={scope.agency.code}" if scope.agency else ""
    if code.startswith("cases_") or code in ("goods_value", "violators"):
        kind = {
            "cases_smuggling": "smuggling",
            "cases_fraud": "fraud",
            "cases_counterfeit_ip": "counterfeit,ip",
            "cases_unknown_origin": "unknown_origin",
        }.get(code, "")
        return f"/cases/?{dates}{where}{owner}" + (f"&principal={kind}" if kind else "")
    step = {
        "sanctions": "sanction",
        "fines_decided": "sanction",
        "fines_paid": "sanction",
        "budget_collected": "sanction",
        "referrals": "referral",
        "prosecuted": "prosecution",
        "defendants": "prosecution",
    }.get(code)
    if step:
        return f"/cases/?{dates}{where}{owner}&by={step}"
    committee = province.code if scope.area.kind != "national" else "national"
    if code.startswith("tips_"):
        return f"/tips/kpi/?committee={committee}&{dates}"
    if code.startswith("tasks_"):
        return f"/plans/?committee={committee}"
    return ""
