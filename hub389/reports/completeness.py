"""Completeness and timeliness (DHIS2's reporting rates): for a report type, a period and a
committee, which member agencies have sent their report, on time or late, and which have not;
the rates over recent periods; the daily reminders."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from hub389.lib import periods
from hub389.notifications.models import Notification
from hub389.notifications.services import notify_agency
from hub389.registry.models import Agency, SteeringCommittee
from hub389.reports.models import ReportType, Submission, SubmissionStatus, report_title
from hub389.reports.services import members

REMIND_DAYS_BEFORE = 3
SENT = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


STATE_LABELS = {
    "on_time": gettext_noop("Đúng hạn"),
    "late": gettext_noop("Trễ hạn"),
    "missing": gettext_noop("Chưa gửi (quá hạn)"),
    "pending": gettext_noop("Chưa gửi"),
}


@dataclass
class Row:
    agency: Agency
    submission: Submission | None
    state: str  # on_time | late | missing | pending (not yet due)

    @property
    def label(self) -> str:
        return gettext(STATE_LABELS[self.state])


@dataclass
class Status:
    period: periods.Period
    due: datetime.date
    rows: list[Row]

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def sent(self) -> int:
        return sum(r.state in ("on_time", "late") for r in self.rows)

    @property
    def on_time(self) -> int:
        return sum(r.state == "on_time" for r in self.rows)

    @property
    def rate(self) -> float | None:
        return round(100.0 * self.sent / self.expected, 1) if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100.0 * self.on_time / self.expected, 1) if self.expected else None


def _submissions(
    report_type: ReportType, codes: list[str], committee: SteeringCommittee
) -> QuerySet[Submission]:
    return Submission.objects.filter(report_type=report_type, period_code__in=codes, committee=committee)


def _state(submission: Submission | None, due: datetime.date, today: datetime.date) -> str:
    if submission is not None and submission.status in SENT and submission.submitted_at is not None:
        return "on_time" if timezone.localdate(submission.submitted_at) <= due else "late"
    return "missing" if today > due else "pending"


def status(
    report_type: ReportType,
    period_code: str,
    committee: SteeringCommittee,
    today: datetime.date | None = None,
) -> Status:
    today = today or timezone.localdate()
    period = report_type.period(period_code)
    due = report_type.due_on(period)
    sent = {s.agency_id: s for s in _submissions(report_type, [period.code], committee)}
    rows = [Row(a, sent.get(a.pk), _state(sent.get(a.pk), due, today)) for a in members(committee)]
    return Status(period, due, rows)


def history(
    report_type: ReportType, committee: SteeringCommittee, count: int = 6, today: datetime.date | None = None
) -> list[Status]:
    """The last `count` periods that are due, oldest first (two queries in all)."""
    today = today or timezone.localdate()
    current = periods.containing(report_type.period_kind, today)
    chosen = [current]
    while len(chosen) < count:
        chosen.append(chosen[-1].previous())
    chosen.reverse()
    agencies = members(committee)
    sent: dict[tuple[str, int], Submission] = {
        (s.period_code, s.agency_id): s
        for s in _submissions(report_type, [p.code for p in chosen], committee)
    }
    out = []
    for period in chosen:
        due = report_type.due_on(period)
        rows = [
            Row(a, sent.get((period.code, a.pk)), _state(sent.get((period.code, a.pk)), due, today))
            for a in agencies
        ]
        out.append(Status(period, due, rows))
    return out


def send_reminders(today: datetime.date) -> int:
    """Tell every member agency that has not sent a report due within three days (or overdue
    and not yet locked); at most once a day per agency and report."""
    count = 0
    for report_type in ReportType.objects.filter(active=True).exclude(period_kind=periods.Kind.RANGE):
        current = periods.containing(report_type.period_kind, today)
        for period in (current.previous(), current):
            due = report_type.due_on(period)
            if not (
                due - datetime.timedelta(days=REMIND_DAYS_BEFORE) <= today <= report_type.locks_on(period)
            ):
                continue
            for committee in SteeringCommittee.objects.filter(level=report_type.level).select_related("area"):
                st = status(report_type, period.code, committee, today)
                for row in st.rows:
                    if row.state not in ("pending", "missing"):
                        continue
                    late = "đã quá hạn, " if row.state == "missing" else ""
                    when = f"{late}{report_type.due_text(period)}"
                    title = f"Nhắc gửi {report_title(report_type, period).lower()}: {when}"
                    if Notification.objects.filter(
                        agency=row.agency, title=title, created_at__date=timezone.localdate()
                    ).exists():
                        continue
                    link = (
                        f"/reports/?type={report_type.code}&period={period.code}&committee={committee.code}"
                    )
                    if notify_agency(row.agency, title, committee.name, link):
                        count += 1  # agencies with officers on hub389 (the others have no inbox yet)
    return count
