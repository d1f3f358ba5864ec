import datetime

from django.http import HttpRequest

from hub389.lib.dates import parse_date


def period_from(request: HttpRequest, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The `from`/`to` query parameters (dd/mm/yyyy or ISO); the year so far when absent."""
    start = parse_date(request.GET.get("from", "")) or today.replace(month=1, day=1)
    end = parse_date(request.GET.get("to", "")) or today
    return (start, end) if start <= end else (end, start)


def year_from(request: HttpRequest, today: datetime.date, name: str = "year") -> int:
    """The year a page was asked for (`?year=2026`), or this year for anything else: another
    script's digits, 0, 99999 (a date that cannot exist would fail the page)."""
    text = request.GET.get(name, "").strip()
    if text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return today.year
