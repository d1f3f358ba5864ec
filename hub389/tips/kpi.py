"""Tip KPIs for a committee's area and a period (seed 001 appendix II.3): received, accepted
(thụ lý; target 100%), settled (target > 90% of accepted), settled on time, overdue, transferred
out; by agency, by channel and by goods group. One computation feeds the page, the XLSX export
and the `tips_kpi` command, so the three always agree."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_noop

from hub389.registry.models import Agency, GoodsGroup, SteeringCommittee, within
from hub389.tips.models import EXCLUDED_STATUSES, OPEN_STATUSES, Channel, EventKind, Status, Tip, TipEvent

ACCEPT_TARGET = 100.0
SETTLE_TARGET = 90.0


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass
class Row:
    label: str
    code: str = ""
    received: int = 0
    accepted: int = 0
    settled: int = 0
    on_time: int = 0
    overdue: int = 0
    transferred_out: int = 0
    excluded: int = 0

    @property
    def accept_rate(self) -> float | None:
        return _rate(self.accepted, self.received)

    @property
    def settle_rate(self) -> float | None:
        return _rate(self.settled, self.accepted)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.settled)

    def add(self, other: "Row") -> None:
        for name in ("received", "accepted", "settled", "on_time", "overdue", "transferred_out", "excluded"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Report:
    committee: SteeringCommittee
    date_from: datetime.date
    date_to: datetime.date
    as_of: datetime.date
    agencies: list[Row] = field(default_factory=list)
    channels: list[Row] = field(default_factory=list)
    goods: list[Row] = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row(gettext_noop("Tổng cộng")))


def scope(committee: SteeringCommittee) -> Q:
    """Tips whose place lies in the committee's area (any depth)."""
    return within(committee.area)


def _counts(day_to: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    counted = ~Q(status__in=EXCLUDED_STATUSES)
    settled = Q(status=Status.SETTLED, settled_on__lte=day_to)
    return {
        "received": Count("pk", filter=counted),
        "accepted": Count("pk", filter=counted & Q(accepted_on__lte=day_to)),
        "settled": Count("pk", filter=settled),
        "on_time": Count(
            "pk",
            filter=settled & (Q(due_at_settlement__isnull=True) | Q(settled_on__lte=F("due_at_settlement"))),
        ),
        "overdue": Count(
            "pk",
            filter=counted
            & ~settled
            & Q(due_on__lt=as_of)
            & (Q(status__in=OPEN_STATUSES) | Q(status=Status.SETTLED, settled_on__gt=day_to)),
        ),
        "excluded": Count("pk", filter=Q(status__in=EXCLUDED_STATUSES)),
    }


def _rows(qs: QuerySet[Tip], key: str, day_to: datetime.date, as_of: datetime.date) -> dict[Any, Row]:
    found: dict[Any, Row] = {}
    for values in qs.values(key).annotate(**_counts(day_to, as_of)).order_by(key):
        ident = values.pop(key)
        found[ident] = Row(label="", **values)
    return found


def compute(
    committee: SteeringCommittee,
    date_from: datetime.date,
    date_to: datetime.date,
    today: datetime.date,
) -> Report:
    """The KPIs of tips received from `date_from` to `date_to` in the committee's area, their
    state as of `date_to` (or today, if earlier). Tips count for the agency now handling them."""
    as_of = min(date_to, today)
    report = Report(committee, date_from, date_to, as_of)
    tips = Tip.objects.filter(scope(committee), received_on__range=(date_from, date_to))

    by_agency = _rows(tips, "agency", date_to, as_of)
    transfers = (
        TipEvent.objects.filter(kind=EventKind.TRANSFERRED, at__date__range=(date_from, date_to))
        .filter(tip__in=Tip.objects.filter(scope(committee)))
        .values("from_agency")
        .annotate(n=Count("pk"))
    )
    for item in transfers:
        by_agency.setdefault(item["from_agency"], Row(label="")).transferred_out += item["n"]
    agencies = Agency.objects.in_bulk(list(by_agency))
    for pk, row in by_agency.items():
        row.label, row.code = agencies[pk].name, agencies[pk].code
    report.agencies = sorted(by_agency.values(), key=lambda r: (-r.received, r.code))
    for row in report.agencies:
        report.total.add(row)

    labels = dict(Channel.choices)
    report.channels = [
        Row(**{**vars(row), "label": labels.get(key, key), "code": key})
        for key, row in _rows(tips, "channel", date_to, as_of).items()
    ]
    groups = {g.pk: g for g in GoodsGroup.objects.all()}
    report.goods = [
        Row(
            **{
                **vars(row),
                "label": groups[key].name if key else "Không rõ / khác",
                "code": groups[key].code if key else "",
            }
        )
        for key, row in _rows(tips, "goods_group", date_to, as_of).items()
    ]
    report.goods.sort(key=lambda r: -r.received)
    return report


def table_lines(report: Report) -> list[str]:
    """The agency table as text (the `tips_kpi` command)."""

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f}%".replace(".", ",")

    widths = (5, 6, 6, 6, 6, 8, 7, 6)
    titles = ("Nhận", "Thụ lý", "%TL", "Đã GQ", "%GQ", "Đúng hạn", "Quá hạn", "Chuyển")

    def line(label: str, cells: tuple[object, ...]) -> str:
        return f"{label[:48]:<48} " + " ".join(f"{c!s:>{w}}" for c, w in zip(cells, widths, strict=True))

    head = line("Cơ quan", titles)
    lines = [head, "-" * len(head)]
    for row in [*report.agencies, report.total]:
        cells = (
            row.received,
            row.accepted,
            pct(row.accept_rate),
            row.settled,
            pct(row.settle_rate),
            row.on_time,
            row.overdue,
            row.transferred_out,
        )
        lines.append(line(row.label, cells))
    return lines
