"""Pagination for lists that may hold a million rows."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    """One page of a list read by keyset ("the rows after this one"), not by OFFSET: page 2,000
    costs what page 1 costs, and nothing is counted. `next_key` reopens the list after the last
    row shown; `first` tells whether this is the start of the list."""

    object_list: list[Any]
    next_key: str
    first: bool
    number: int

    @property
    def has_next(self) -> bool:
        return bool(self.next_key)


def keyset_page(qs: QuerySet[Any], date_field: str, after: str, size: int, number: str = "1") -> KeysetPage:
    """The `size` rows of `qs`, newest `date_field` first then highest id, that come after the
    key `after` ("yyyy-mm-dd.id", as `next_key` gives it; anything else: the first page)."""
    key = _parse_key(after)
    if key is not None:
        day, pk = key
        qs = qs.filter(Q(**{f"{date_field}__lt": day}) | Q(**{date_field: day, "pk__lt": pk}))
    rows = list(qs.order_by(f"-{date_field}", "-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    next_key = f"{getattr(last, date_field):%Y-%m-%d}.{last.pk}" if more and last is not None else ""
    page_no = int(number) if key is not None and number.isdigit() else 1
    return KeysetPage(rows, next_key, key is None, page_no)


def parse_key_date(text: str) -> datetime.date | None:
    """The date part of a key from `next_key`, or None."""
    key = _parse_key(text)
    return key[0] if key else None


def _parse_key(text: str) -> tuple[datetime.date, int] | None:
    day, _, pk = text.partition(".")
    try:
        return datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None
