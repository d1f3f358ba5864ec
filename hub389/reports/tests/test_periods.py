"""Reporting periods (Decree 09/2019 Art. 12), due days, lock days."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hub389.lib import periods
from hub389.reports.models import ReportType

D = datetime.date


@pytest.mark.parametrize(
    ("kind", "code", "start", "end"),
    [
        ("monthly", "2026-10", D(2026, 9, 15), D(2026, 10, 14)),
        ("monthly", "2026-01", D(2025, 12, 15), D(2026, 1, 14)),
        ("quarterly", "2026-Q1", D(2025, 12, 15), D(2026, 3, 14)),
        ("quarterly", "2026-Q4", D(2026, 9, 15), D(2026, 12, 14)),
        ("half_year", "2026-H1", D(2025, 12, 15), D(2026, 6, 14)),
        ("half_year", "2026-H2", D(2026, 6, 15), D(2026, 12, 14)),
        ("yearly", "2026", D(2025, 12, 15), D(2026, 12, 14)),
        ("range", "2025-05-15..2025-06-15", D(2025, 5, 15), D(2025, 6, 15)),
    ],
)
def test_periods(kind: str, code: str, start: datetime.date, end: datetime.date) -> None:
    period = periods.period(kind, code)
    assert (period.start, period.end) == (start, end)
    assert periods.containing(kind, start).code == code if kind != "range" else True


def test_same_period_last_year_previous_and_bad_codes() -> None:
    assert periods.period("monthly", "2026-03").last_year().code == "2025-03"
    assert periods.period("quarterly", "2026-Q1").previous().code == "2025-Q4"
    assert periods.containing("monthly", D(2026, 12, 15)).code == "2027-01"
    assert periods.containing("yearly", D(2026, 12, 15)).code == "2027"
    for kind, bad in (("monthly", "2026-13"), ("quarterly", "2026-Q5"), ("range", "2026-02-30..2026-03-01")):
        with pytest.raises(ValidationError, match="không hợp lệ"):
            periods.period(kind, bad)


@pytest.mark.django_db
def test_due_and_lock_days() -> None:
    monthly = ReportType.objects.get(code="monthly")
    october = monthly.period("2026-10")
    # Seed 003 "trước ngày 17": a report sent on the 17th is late; the 16th is the last day.
    assert monthly.named_due_on(october) == D(2026, 10, 17)
    assert monthly.due_on(october) == D(2026, 10, 16)
    assert monthly.due_text(october) == "trước ngày 17/10/2026 (hạn cuối 16/10/2026)"
    # Decree 09 Art. 13 "chậm nhất ngày 25": the 25th itself.
    assert monthly.upward_due_on(october) == D(2026, 10, 25)
    assert monthly.upward_due_text(october) == "chậm nhất ngày 25/10/2026"
    assert monthly.locks_on(october) == D(2026, 11, 6)  # 10 working days after the 25th
    plan = ReportType.objects.get(code="plan_yearly")
    assert plan.due_on(plan.period("2026")) == D(2026, 9, 24)  # seed 001: "trước ngày 25 tháng 9"
    campaign = ReportType.objects.get(code="campaign")
    assert campaign.due_on(campaign.period("2025-05-15..2025-06-15")) == D(2025, 6, 18)


@pytest.mark.django_db
def test_plan_midterm_and_final_reports_are_due_before_25_december() -> None:
    midterm = ReportType.objects.get(code="plan_midterm")
    assert midterm.named_due_on(midterm.period("2026-01-01..2027-12-14")) == D(2027, 12, 25)
    assert midterm.due_on(midterm.period("2026-01-01..2027-12-14")) == D(2027, 12, 24)
    final = ReportType.objects.get(code="plan_final")
    assert final.due_on(final.period("2026-01-01..2030-12-14")) == D(2030, 12, 24)
