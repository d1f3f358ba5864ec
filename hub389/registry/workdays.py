"""Working days: Monday to Friday, minus the public holidays and days off in lieu kept in
`registry.Holiday` (RULES.md: "Working days exclude weekends and Vietnamese public holidays").
Periods "within N working days" of an event start counting on the next working day."""

import datetime

from hub389.registry.models import Holiday


def holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    return set(Holiday.objects.filter(day__range=(start, end)).values_list("day", flat=True))


def is_working_day(day: datetime.date, off: set[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in off


def add_working_days(start: datetime.date, days: int, off: set[datetime.date] | None = None) -> datetime.date:
    """The day on which a period of `days` working days that starts after `start` ends. Pass
    `off` (from `holidays_between`) when computing many deadlines, to read the calendar once."""
    if off is None:
        # Three calendar days per working day plus three weeks is more than any Tết needs.
        off = holidays_between(start, start + datetime.timedelta(days=days * 3 + 21))
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, off):
            left -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative when end < start)."""
    if end < start:
        return -working_days_between(end, start)
    off = holidays_between(start, end)
    return sum(
        1 for n in range(1, (end - start).days + 1) if is_working_day(start + datetime.timedelta(days=n), off)
    )
