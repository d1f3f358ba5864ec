"""Case figures of an area and a period: what the standing office and the leaders compare
(seeds 002 and 004: cases by kind, violators, goods value, fines, prosecutions). Confidential
cases are counted like the others but never listed, so the standing office sees the figures of
every case and the details of none it may not open.

Conventions, kept here in one place:
- a case belongs to the period of its detection date and is counted once, for its owner
  (a case shared with other agencies is not counted twice);
- a case with several kinds of violation counts once, under its principal kind
  (`Case.principal`, see `models.PRINCIPAL_ORDER`), so the kinds add up to the number of cases,
  as the reports' validation rule requires;
- fines belong to the period of the sanction decision, prosecutions to the period of the
  prosecution decision, referrals to the period of the referral.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from hub389.cases.models import (
    Case,
    CaseChannel,
    CaseGoods,
    CaseStatus,
    CaseSubject,
    Referral,
    ReferralDecision,
    Sanction,
    SubjectRole,
    ViolationKind,
    placed_in,
)
from hub389.registry.models import Area, within


@dataclass
class Line:
    code: str
    label: str
    count: int


@dataclass
class Figures:
    label: str
    date_from: datetime.date
    date_to: datetime.date
    cases: int = 0
    confidential: int = 0
    violators: int = 0
    goods_value: int = 0
    sanctions: int = 0
    fines_decided: int = 0
    fines_paid: int = 0
    referrals: int = 0
    prosecuted: int = 0
    defendants: int = 0
    by_kind: list[Line] = field(default_factory=list)
    by_channel: list[Line] = field(default_factory=list)
    by_status: list[Line] = field(default_factory=list)
    by_goods: list[Line] = field(default_factory=list)
    by_owner: list[Line] = field(default_factory=list)


def cases_in(area: Area, start: datetime.date, end: datetime.date) -> QuerySet[Case]:
    """The cases an area's figures count: detected in the period, placed in the area."""
    return Case.objects.filter(placed_in(area), detected_on__range=(start, end))


def _lines(qs: QuerySet, key: str, labels: dict[str, Any]) -> list[Line]:
    counts = dict(qs.order_by().values_list(key).annotate(n=Count("pk")).values_list(key, "n"))
    return [Line(code, label, counts.get(code, 0)) for code, label in labels.items()]


def compute(area: Area, start: datetime.date, end: datetime.date) -> Figures:
    """Every figure of `area` over [start, end], in about ten aggregate queries."""
    return summarise(area.name, cases_in(area, start, end), within(area, "case__area"), start, end)


def summarise(
    label: str, cases: QuerySet[Case], related: Q, start: datetime.date, end: datetime.date
) -> Figures:
    """The figures of `cases`; sanctions and referrals are those of the cases that `related`
    selects (a Q over `case__…`), dated in the period."""
    fig = Figures(label, start, end)
    totals = cases.aggregate(n=Count("pk"), secret=Count("pk", filter=Q(confidential=True)))
    fig.cases, fig.confidential = totals["n"], totals["secret"]
    fig.goods_value = CaseGoods.objects.filter(case__in=cases).aggregate(v=Sum("value_vnd"))["v"] or 0
    fig.violators = (
        CaseSubject.objects.filter(case__in=cases, role=SubjectRole.VIOLATOR)
        .values("subject_id")
        .distinct()
        .count()
    )
    in_area = related
    fines = Sanction.objects.filter(in_area, decision_date__range=(start, end), annulled_on=None).aggregate(
        n=Count("pk"), decided=Sum("fine_decided"), paid=Sum("fine_paid")
    )
    fig.sanctions, fig.fines_decided, fig.fines_paid = fines["n"], fines["decided"] or 0, fines["paid"] or 0
    fig.referrals = Referral.objects.filter(in_area, referred_on__range=(start, end)).count()
    prosecuted = Referral.objects.filter(
        in_area, decision=ReferralDecision.PROSECUTED, decided_on__range=(start, end)
    ).aggregate(n=Count("pk"), d=Sum("defendants"))
    fig.prosecuted, fig.defendants = prosecuted["n"], prosecuted["d"] or 0
    fig.by_kind = _lines(cases, "principal", dict(ViolationKind.choices))
    fig.by_channel = _lines(cases, "channel", dict(CaseChannel.choices))
    fig.by_status = _lines(cases, "status", dict(CaseStatus.choices))
    fig.by_goods = [
        Line(code or "", name or "Chưa phân loại", n)
        for code, name, n in cases.values_list("goods_group__code", "goods_group__name")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("goods_group__code", "goods_group__name", "n")
    ]
    fig.by_owner = [
        Line(code, name, n)
        for code, name, n in cases.values_list("owner__code", "owner__name")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("owner__code", "owner__name", "n")
    ]
    return fig
