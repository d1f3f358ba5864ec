"""The case indicators per day, owner and place, kept ahead of time (`DayFact`).

DHIS2 rebuilds its analytics tables whole, overnight. Here every change to a case, its goods,
violators, sanctions, referrals or disposals marks the days it touches as stale (`StaleDay`, in
the change's own transaction, by `reports.effects`), and `refresh()` recomputes only those days
before a report reads the table. A report then reads one narrow table instead of joining six.
The services say what they changed through `reports.effects`, which calls `mark`; no signal
does it behind their back.

Concurrency: a writer upserts the day's marker of its shard (its thread), which holds that
row's lock until the writer commits; `refresh()` locks the markers it finds (waiting for
writers holding them), reads the records, and deletes only those markers. A writer it did not
wait for (a marker still uncommitted, so invisible) leaves its marker for the next refresh.
A change is never lost, at worst counted one refresh later; writers of the same day on other
threads do not queue on one row (a tip's whole transaction would hold it)."""

import datetime
import os
import threading
from collections.abc import Iterable, Iterator

from django.db import connections, transaction
from django.db.models import Max, Min, Q

from hub389.cases.models import (
    Case,
    Referral,
    ReferralDecision,
    Sanction,
    SubjectRole,
)
from hub389.registry.models import Area, AreaKind
from hub389.reports.models import MEASURES, DayFact, StaleDay
from hub389.tips.models import EXCLUDED_STATUSES, Status, Tip
from hub389.warehouse.models import Disposal

SHARDS = 64  # marker rows per day: writers on other threads rarely share one
CHUNK_DAYS = 31  # a refresh recomputes stale days in runs of at most a month
REBUILD_DAYS = 366  # a rebuild goes a year per statement (national: 10 statements, ~25 s)
DB = "default"  # the table is written on the primary, whatever block reads it


def mark(days: Iterable[datetime.date | None]) -> None:
    """Mark days stale (None and repeats ignored); takes each marker's row lock till commit."""
    wanted = sorted({d for d in days if d is not None})
    if wanted:
        shard = hash((os.getpid(), threading.get_ident())) % SHARDS
        StaleDay.objects.using(DB).bulk_create(
            [StaleDay(day=d, shard=shard) for d in wanted],
            update_conflicts=True,
            unique_fields=["day", "shard"],
            update_fields=["marked_at"],
        )


def refresh() -> int:
    """Recompute the stale days; returns how many there were."""
    if not StaleDay.objects.using(DB).exists():
        return 0
    with transaction.atomic(using=DB):
        locked = list(StaleDay.objects.using(DB).select_for_update().values_list("pk", "day"))
        days = sorted({day for _, day in locked})
        for start, end in _runs(days):
            _rebuild(start, end)
        # Only the markers locked here: one a writer added since (another shard) stays.
        ids = [pk for pk, _ in locked]
        for at in range(0, len(ids), 500):
            StaleDay.objects.using(DB).filter(pk__in=ids[at : at + 500]).delete()
    return len(days)


def rebuild(start: datetime.date | None = None, end: datetime.date | None = None) -> int:
    """Recompute every day in [start, end] (by default, all the records hold); returns the
    number of `DayFact` rows written. For bulk loads, which bypass the services."""
    bounds = [
        qs.aggregate(lo=Min(field), hi=Max(field))
        for qs, field in (
            (Case.objects.all(), "detected_on"),
            (Sanction.objects.all(), "decision_date"),
            (Referral.objects.all(), "referred_on"),
            (Referral.objects.all(), "decided_on"),
            (Disposal.objects.all(), "done_on"),
            (Tip.objects.all(), "received_on"),
            (Tip.objects.all(), "settled_on"),
        )
    ]
    lows = [b["lo"] for b in bounds if b["lo"]]
    highs = [b["hi"] for b in bounds if b["hi"]]
    if not lows:
        DayFact.objects.using(DB).all().delete()
        return 0
    start, end = start or min(lows), end or max(highs)
    written = 0
    day = start
    while day <= end:
        last = min(day + datetime.timedelta(days=REBUILD_DAYS - 1), end)
        with transaction.atomic(using=DB):
            written += _rebuild(day, last)
        day = last + datetime.timedelta(days=1)
    StaleDay.objects.using(DB).filter(day__range=(start, end)).delete()
    return written


def _runs(days: list[datetime.date]) -> Iterator[tuple[datetime.date, datetime.date]]:
    """Consecutive days in runs of at most CHUNK_DAYS: one computation each."""
    start = prev = days[0] if days else None
    for d in days[1:]:
        assert start is not None and prev is not None
        if d - prev > datetime.timedelta(days=1) or d - start >= datetime.timedelta(days=CHUNK_DAYS):
            yield start, prev
            start = d
        prev = d
    if start is not None and prev is not None:
        yield start, prev


def _rebuild(start: datetime.date, end: datetime.date) -> int:
    """Replace the `DayFact` rows of [start, end] with what the records say, in two statements."""
    DayFact.objects.using(DB).filter(day__range=(start, end)).delete()
    with connections[DB].cursor() as cursor:
        cursor.execute(REBUILD, [start, end] * len(_PARTS))
        return int(cursor.rowcount)


# One row per source record and measure (zeros elsewhere), summed per day, area and owner.
# Plain SQL that SQLite and PostgreSQL both run: a national rebuild is one aggregation, not a
# million Python objects. Violators: distinct within the day, area and owner.
_ZERO = dict.fromkeys(MEASURES, "0")


def _select(day: str, case: str, source: str, where: str, owner: str = "owner_id", **measures: str) -> str:
    values = ", ".join(f"{measures.get(m, _ZERO[m])} AS {m}" for m in MEASURES)
    return (
        f"SELECT {day} AS day, {case}.area_id AS area_id, {case}.{owner} AS owner_id, {values} "  # noqa: S608
        f"FROM {source} WHERE {day} BETWEEN %s AND %s{where}"  # (module constants; dates are parameters)
    )


def _kind(*kinds: str) -> str:
    names = ", ".join(f"'{k}'" for k in kinds)
    return f"CASE WHEN c.principal IN ({names}) THEN 1 ELSE 0 END"


_COUNTED_TIP = " AND t.status NOT IN ({})".format(", ".join(f"'{s}'" for s in EXCLUDED_STATUSES))
_PARTS = [
    _select(
        "c.detected_on",
        "c",
        "cases_case c",
        "",
        cases_total="1",
        cases_smuggling=_kind("smuggling"),
        cases_fraud=_kind("fraud"),
        cases_counterfeit_ip=_kind("counterfeit", "ip"),
        cases_unknown_origin=_kind("unknown_origin"),
    ),
    _select(
        "c.detected_on",
        "c",
        "cases_casegoods g JOIN cases_case c ON c.id = g.case_id",
        "",
        goods_value="g.value_vnd",
    ),
    "SELECT day, area_id, owner_id, "  # noqa: S608
    + ", ".join("COUNT(DISTINCT subject_id)" if m == "violators" else "0" for m in MEASURES)
    + " FROM ("
    + _select(
        "c.detected_on",
        "c",
        "cases_casesubject s JOIN cases_case c ON c.id = s.case_id",
        f" AND s.role = '{SubjectRole.VIOLATOR}'",
    ).replace(" AS owner_id, ", " AS owner_id, s.subject_id AS subject_id, ", 1)
    + ") v GROUP BY day, area_id, owner_id",
    _select(
        "x.decision_date",
        "c",
        "cases_sanction x JOIN cases_case c ON c.id = x.case_id",
        " AND x.annulled_on IS NULL",
        sanctions="1",
        fines_decided="x.fine_decided",
        fines_paid="x.fine_paid",
    ),
    _select(
        "r.referred_on", "c", "cases_referral r JOIN cases_case c ON c.id = r.case_id", "", referrals="1"
    ),
    _select(
        "r.decided_on",
        "c",
        "cases_referral r JOIN cases_case c ON c.id = r.case_id",
        f" AND r.decision = '{ReferralDecision.PROSECUTED}'",
        prosecuted="1",
        defendants="r.defendants",
    ),
    _select(
        "d.done_on",
        "c",
        "warehouse_disposal d JOIN warehouse_lot l ON l.id = d.lot_id JOIN cases_case c ON c.id = l.case_id",
        "",
        disposal_proceeds="d.proceeds_vnd",
    ),
    # Tips: owned by the agency handling them; merged and "not a tip" never count.
    _select("t.received_on", "t", "tips_tip t", _COUNTED_TIP, owner="agency_id", tips_received="1"),
    _select("t.accepted_on", "t", "tips_tip t", _COUNTED_TIP, owner="agency_id", tips_accepted="1"),
    _select(
        "t.settled_on",
        "t",
        "tips_tip t",
        f" AND t.status = '{Status.SETTLED}'",
        owner="agency_id",
        tips_settled="1",
    ),
]
_SUMS = ", ".join(f"SUM(f.{m})" for m in MEASURES)
_COLUMNS = ", ".join(MEASURES)
REBUILD = (
    f"INSERT INTO reports_dayfact (day, area_id, parent_id, province_id, owner_id, {_COLUMNS}) "  # noqa: S608
    f"SELECT f.day, f.area_id, a.parent_id, a.province_id, f.owner_id, {_SUMS} "
    f"FROM ({' UNION ALL '.join(_PARTS)}) f JOIN registry_area a ON a.id = f.area_id "
    "GROUP BY f.day, f.area_id, a.parent_id, a.province_id, f.owner_id "
    # Written in day order, so a period's rows sit on a few pages (unordered, every row of a
    # month was on a page of its own: 15,000 page reads for a national month instead of 250).
    "ORDER BY f.day"
)


def within(area: Area) -> Q:
    """`DayFact` rows placed in `area` or below it (`registry.within` without the join)."""
    if area.kind == AreaKind.NATIONAL:
        return Q()
    if area.kind == AreaKind.PROVINCE:
        return Q(area_id=area.pk) | Q(province_id=area.pk)
    return Q(area_id=area.pk) | Q(parent_id=area.pk)


def case_days(case_ids: Iterable[int]) -> set[datetime.date | None]:
    """Every day the cases count on: detected, sanctioned, referred, prosecuted, disposed
    (None for a step not taken: `mark` drops it)."""
    ids = list(case_ids)
    days: set[datetime.date | None] = set(
        Case.objects.filter(pk__in=ids).values_list("detected_on", flat=True)
    )
    days.update(Sanction.objects.filter(case__in=ids).values_list("decision_date", flat=True))
    for referred, decided in Referral.objects.filter(case__in=ids).values_list("referred_on", "decided_on"):
        days.update((referred, decided))
    days.update(Disposal.objects.filter(lot__case__in=ids).values_list("done_on", flat=True))
    return days
