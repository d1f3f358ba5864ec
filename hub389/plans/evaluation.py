"""Year-end evaluation of a committee's member agencies: task completion on time, reporting
timeliness, tip settlement and how much of what was found in the areas an agency answers for
it found itself (the other forces' findings count against it), weighted by criteria the
committee edits (the national criteria of Decision 1219/QĐ-BCĐ389 are not public in detail, so
none is hard-coded).

A criterion with no data for an agency (no task due, no tip received) is left out of that
agency's score and the remaining weights are scaled up, rather than counted as 0 or 100%."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone

from hub389.cases.models import Case
from hub389.committee.models import AreaAssignment, AreaFinding
from hub389.plans.models import Criterion, CriterionSource, Occurrence, OccurrenceStatus, TaskStatus
from hub389.registry.models import Agency, SteeringCommittee
from hub389.reports.models import ReportType, Submission, SubmissionStatus
from hub389.tips.models import EXCLUDED_STATUSES, Status, Tip

DEFAULT_WEIGHTS = {
    CriterionSource.TASKS: 4,
    CriterionSource.REPORTS: 3,
    CriterionSource.TIPS: 3,
    CriterionSource.AREAS: 2,
}


@dataclass
class Score:
    agency: Agency
    rates: dict[str, float | None] = field(default_factory=dict)
    counts: dict[str, str] = field(default_factory=dict)
    total: float | None = None


def criteria(committee: SteeringCommittee) -> dict[str, int]:
    """The committee's weights by source; the defaults where it has not set its own."""
    own = dict(Criterion.objects.filter(committee=committee).values_list("source", "weight"))
    return {str(s): own.get(s, w) for s, w in DEFAULT_WEIGHTS.items()}


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _task_rates(agencies: list[int], start: datetime.date, end: datetime.date) -> dict[int, tuple[int, int]]:
    rows = (
        Occurrence.objects.filter(
            task__lead_agency_id__in=agencies,
            due_on__range=(start, end),
            task__status__in=[TaskStatus.ISSUED, TaskStatus.DONE],
        )
        .values("task__lead_agency_id")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(status=OccurrenceStatus.DONE, done_on__lte=F("due_on"))),
        )
    )
    return {r["task__lead_agency_id"]: (r["on_time"], r["due"]) for r in rows}


def _tip_rates(agencies: list[int], start: datetime.date, end: datetime.date) -> dict[int, tuple[int, int]]:
    rows = (
        Tip.objects.filter(agency_id__in=agencies, received_on__range=(start, end))
        .exclude(status__in=EXCLUDED_STATUSES)
        .values("agency_id")
        .annotate(received=Count("pk"), settled=Count("pk", filter=Q(status=Status.SETTLED)))
    )
    return {r["agency_id"]: (r["settled"], r["received"]) for r in rows}


def _report_rates(
    committee: SteeringCommittee, agencies: list[int], year: int, today: datetime.date
) -> dict[int, tuple[int, int]]:
    """Monthly reports of `year` already due: sent on time / due, per member agency."""
    monthly = ReportType.objects.filter(code="monthly", active=True).first()
    if monthly is None:
        return {}
    due = {p.code: monthly.due_on(p) for p in (monthly.period(f"{year}-{m:02d}") for m in range(1, 13))}
    due = {code: day for code, day in due.items() if day < today}
    if not due:
        return {}
    on_time: Counter[int] = Counter()
    sent = Submission.objects.filter(
        report_type=monthly,
        committee=committee,
        period_code__in=due,
        agency_id__in=agencies,
        status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED],
    ).values_list("agency_id", "period_code", "submitted_at")
    for agency_id, code, at in sent:
        if at is not None and timezone.localdate(at) <= due[code]:
            on_time[agency_id] += 1
    return {agency_id: (on_time[agency_id], len(due)) for agency_id in agencies}


def _assignment_cases(assignments: list[AreaAssignment], start: datetime.date, end: datetime.date) -> Q:
    """The agency's own cases within its assignments (area, field, period) in [start, end]."""
    found = Q(pk__in=[])
    for a in assignments:
        since, until = max(start, a.valid_from), min(end, a.valid_to or end)
        if since > until:
            continue
        one = Q(owner_id=a.agency_id, area_id=a.area_id, detected_on__range=(since, until))
        found |= one & Q(field_id=a.field_id) if a.field_id else one
    return found


@dataclass
class Keeper:
    """An officer answering for areas: what their own agency found there and what others did."""

    officer: Any
    unit: str
    areas: list[str] = field(default_factory=list)
    own: int = 0
    by_others: int = 0
    undetected_days: list[int] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return _pct(self.own, self.own + self.by_others)

    @property
    def average_undetected(self) -> float | None:
        days = self.undetected_days
        return round(sum(days) / len(days), 1) if days else None


def _area_rows(
    committee: SteeringCommittee, start: datetime.date, end: datetime.date
) -> list[AreaAssignment]:
    return list(
        AreaAssignment.objects.filter(committee=committee, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .select_related("officer", "area")
    )


def keepers(committee: SteeringCommittee, year: int) -> list[Keeper]:
    """The officers who answer for the committee's areas in `year`, worst rate first: the
    violations found in their areas by their own agency and by other forces, and how long
    those went undetected where the case establishes when they began."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = _area_rows(committee, start, end)
    # Each assignment's own cases in one query: a filtered count per assignment.
    own = (
        Case.objects.aggregate(
            **{f"a{a.pk}": Count("pk", filter=_assignment_cases([a], start, end)) for a in rows}
        )
        if rows
        else {}
    )
    people: dict[int, Keeper] = {}
    for a in rows:
        k = people.setdefault(a.officer_id, Keeper(a.officer, a.unit))
        k.areas.append(a.area.name)
        k.own += own[f"a{a.pk}"]
    for f in AreaFinding.objects.filter(
        assignment__in=rows, case__isnull=False, found_on__range=(start, end)
    ).select_related("assignment"):
        k = people[f.assignment.officer_id]
        k.by_others += 1
        if f.undetected_days is not None:
            k.undetected_days.append(f.undetected_days)
    return sorted(people.values(), key=lambda k: (k.rate is None, k.rate or 0, str(k.officer)))


def _area_rates(
    committee: SteeringCommittee, start: datetime.date, end: datetime.date
) -> dict[int, tuple[int, int]]:
    """Per agency: violations in its assigned areas it found itself / all found there."""
    rows = _area_rows(committee, start, end)
    by_agency: dict[int, list[AreaAssignment]] = {}
    for a in rows:
        by_agency.setdefault(a.agency_id, []).append(a)
    others = dict(
        AreaFinding.objects.filter(assignment__in=rows, case__isnull=False, found_on__range=(start, end))
        .values_list("assignment__agency_id")
        .annotate(n=Count("pk"))
        .values_list("assignment__agency_id", "n")
    )
    out = {}
    for agency_id, assigned in by_agency.items():
        own = Case.objects.filter(_assignment_cases(assigned, start, end)).count()
        out[agency_id] = (own, own + others.get(agency_id, 0))
    return out


def evaluate(committee: SteeringCommittee, year: int) -> list[Score]:
    """Scores of the committee's member agencies for `year`, best first (no score last)."""
    weights = criteria(committee)
    members = list(Agency.objects.filter(membership__committee=committee).order_by("name"))
    ids = [a.pk for a in members]
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    sources = {
        CriterionSource.TASKS: _task_rates(ids, start, end),
        CriterionSource.TIPS: _tip_rates(ids, start, end),
        CriterionSource.REPORTS: _report_rates(committee, ids, year, timezone.localdate()),
        CriterionSource.AREAS: _area_rates(committee, start, end),
    }
    scores = []
    for agency in members:
        score = Score(agency)
        weighted = total_weight = 0.0
        for source, by_agency in sources.items():
            part, whole = by_agency.get(agency.pk, (0, 0))
            rate = _pct(part, whole)
            score.rates[str(source)] = rate
            score.counts[str(source)] = f"{part}/{whole}" if whole else "—"
            weight = weights[str(source)]
            if rate is not None and weight:
                weighted += rate * weight
                total_weight += weight
        score.total = round(weighted / total_weight, 1) if total_weight else None
        scores.append(score)
    scores.sort(key=lambda s: (s.total is None, -(s.total or 0), s.agency.name))
    return scores
