import datetime

from django.http import HttpRequest

from hub389.lib.dates import parse_date


def period_from(request: HttpRequest, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The `from`/`to` query parameters (dd/mm/yyyy or ISO); the year so far when absent."""
    start = parse_date(request.GET.get("from", "")) or today.replace(month=1, day=1)
    end = parse_date(request.GET.get("to", "")) or today
    return (start, end) if start <= end else (end, start)
