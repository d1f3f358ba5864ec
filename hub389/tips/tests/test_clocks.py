"""Every clock rule of RULES.md ("Tips"), from the one module that computes them."""

import datetime

import pytest

from hub389.lib.dates import add_months
from hub389.tips import clocks
from hub389.tips.clocks import Clock, deadline

D = datetime.date


def test_twenty_calendar_days_from_receipt() -> None:
    # Art. 147(1): weekends and holidays count (2/9 is inside this window).
    assert deadline(Clock(start=D(2026, 8, 25))) == D(2026, 9, 14)


def test_complex_case_runs_two_months_from_receipt() -> None:
    # Art. 147(2)
    assert deadline(Clock(start=D(2026, 3, 10), extended_on=D(2026, 3, 25))) == D(2026, 5, 10)


def test_months_end_on_the_last_day_when_the_day_does_not_exist() -> None:
    # Civil Code 2015 Art. 147
    assert add_months(D(2025, 12, 31), 2) == D(2026, 2, 28)
    assert add_months(D(2027, 12, 31), 2) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_procuracy_extension_at_most_two_more_months() -> None:
    clock = Clock(start=D(2026, 1, 5), extended_on=D(2026, 1, 20))
    assert clocks.latest_procuracy_extension(clock) == D(2026, 5, 5)
    assert clocks.procuracy_extension_problem(clock, D(2026, 5, 5)) is None
    assert "02 tháng" in (clocks.procuracy_extension_problem(clock, D(2026, 5, 6)) or "")
    # not before the current deadline, not before the 2-month extension, only once
    assert (
        clocks.procuracy_extension_problem(clock, D(2026, 3, 5)) == "Ngày gia hạn phải sau thời hạn hiện tại."
    )
    assert "sau khi đã kéo dài" in (
        clocks.procuracy_extension_problem(Clock(start=D(2026, 1, 5)), D(2026, 4, 1)) or ""
    )
    extended = Clock(start=D(2026, 1, 5), extended_on=D(2026, 1, 20), procuracy_until=D(2026, 4, 20))
    assert deadline(extended) == D(2026, 4, 20)
    assert "một lần" in (clocks.procuracy_extension_problem(extended, D(2026, 5, 1)) or "")


def test_complex_extension_only_once_and_before_the_deadline() -> None:
    start = D(2026, 6, 1)
    assert clocks.extension_problem(Clock(start=start), D(2026, 6, 21)) is None  # the last day
    assert "quá hạn" in (clocks.extension_problem(Clock(start=start), D(2026, 6, 22)) or "")
    assert "đã được gia hạn" in (clocks.extension_problem(Clock(start=start, extended_on=start), start) or "")


def test_suspension_stops_the_clock() -> None:
    # Art. 148
    clock = Clock(start=D(2026, 6, 1), suspended_on=D(2026, 6, 10))
    assert clock.is_stopped
    assert deadline(clock) is None
    assert clocks.urgency(None, D(2027, 1, 1)) == "stopped"
    assert clocks.extension_problem(clock, D(2026, 6, 12)) is not None


def test_resumption_gives_at_most_one_month() -> None:
    # Art. 149: from the resumption decision, whatever was left before the suspension.
    clock = Clock(start=D(2026, 6, 1), suspended_on=D(2026, 6, 10), resumed_on=D(2026, 9, 30))
    assert deadline(clock) == D(2026, 10, 30)
    extended = Clock(
        start=D(2026, 6, 1), extended_on=D(2026, 6, 5), suspended_on=D(2026, 6, 10), resumed_on=D(2026, 7, 31)
    )
    assert deadline(extended) == D(2026, 8, 31)
    assert clocks.extension_problem(clock, D(2026, 10, 1)) is not None


def test_procuracy_notice_within_three_days() -> None:
    # Art. 146(3), 148, 149
    assert clocks.procuracy_notice_due(D(2026, 12, 30)) == D(2027, 1, 2)


@pytest.mark.parametrize(
    ("due", "today", "left", "word"),
    [
        (D(2026, 5, 20), D(2026, 5, 1), 19, "ok"),
        (D(2026, 5, 20), D(2026, 5, 17), 3, "near"),
        (D(2026, 5, 20), D(2026, 5, 20), 0, "near"),
        (D(2026, 5, 20), D(2026, 5, 21), -1, "overdue"),
    ],
)
def test_days_left_and_urgency(due: datetime.date, today: datetime.date, left: int, word: str) -> None:
    assert clocks.days_left(due, today) == left
    assert clocks.urgency(due, today) == word
