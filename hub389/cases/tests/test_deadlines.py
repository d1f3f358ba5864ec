"""The legal deadlines of a case: working days over the holiday calendar, the sanction decision
(LXLVPHC Art. 66), limitation, seizure and criminal-track limits."""

import datetime

import pytest

from hub389.cases import deadlines
from hub389.registry.workdays import add_working_days, working_days_between

pytestmark = pytest.mark.django_db
D = datetime.date


def test_working_days_skip_weekends_and_the_holiday_calendar() -> None:
    # Friday 24/04/2026 + 7 working days: Mon 27/04 is the Hùng Kings day in lieu, 30/04 and
    # 01/05 are holidays → Tue 28, Wed 29, Mon 4, Tue 5, Wed 6, Thu 7, Fri 8 May.
    assert add_working_days(D(2026, 4, 24), 7) == D(2026, 5, 8)
    # Tết 2026 (16–20/02) is skipped too.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert working_days_between(D(2026, 4, 24), D(2026, 5, 8)) == 7


@pytest.mark.parametrize(
    ("route", "due"),
    [
        (deadlines.Route.STANDARD, D(2026, 11, 11)),  # Mon 2/11 + 7 working days
        (deadlines.Route.TRANSFERRED, D(2026, 11, 16)),  # + 10 working days
        (deadlines.Route.VERIFICATION, D(2026, 12, 2)),  # 1 month
        (deadlines.Route.COMPLEX, D(2027, 1, 2)),  # 2 months
    ],
)
def test_sanction_decision_deadlines(route: str, due: datetime.date) -> None:
    assert deadlines.decision_deadline(D(2026, 11, 2), route) == due


def test_limitation_seizure_and_criminal_deadlines() -> None:
    assert deadlines.limitation_ends(D(2024, 2, 29)) == D(2026, 2, 28)
    assert deadlines.limitation_ends(D(2025, 3, 1), trade_related=False) == D(2026, 3, 1)
    assert deadlines.seizure_deadline(D(2026, 11, 2), transferred=False) == D(2026, 11, 11)
    assert deadlines.seizure_deadline(D(2026, 11, 2), transferred=True) == D(2026, 11, 16)
    # an extension never runs past the Art. 66 limit
    capped = deadlines.seizure_deadline(
        D(2026, 11, 2), False, D(2027, 3, 1), D(2026, 11, 2), deadlines.Route.VERIFICATION
    )
    assert capped == D(2026, 12, 2)
    assert deadlines.criminal_transfer_due(D(2026, 12, 30)) == D(2027, 1, 2)
    assert deadlines.file_return_due(D(2026, 12, 31)) == D(2027, 1, 6)  # 1/1 is a holiday
