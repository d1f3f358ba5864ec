"""Dates as people type them: dd/mm/yyyy (the Vietnamese way) or ISO yyyy-mm-dd."""

import datetime

INPUT_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def parse_date(text: str) -> datetime.date | None:
    """The date in `text`, or None when it is not a valid date in either format."""
    for fmt in INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None
