"""Dates as people type them: dd/mm/yyyy (the Vietnamese way) or ISO yyyy-mm-dd."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

INPUT_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d")  # 01/12/2026, 1/12/26, ISO


def parse_date(text: str) -> datetime.date | None:
    """The date in `text`, or None when it is not a valid date in either format."""
    for fmt in INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def require_date(text: str) -> datetime.date:
    """`parse_date`, or a ValidationError with the message every form uses."""
    day = parse_date(text)
    if day is None:
        raise ValidationError(_("Ngày không hợp lệ (dd/mm/yyyy)."))
    return day


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Civil Code 2015 Art. 147: same day `months` later, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
