"""Pagination for lists that may hold a million rows."""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows: past that the list says "more than 1.000" and asks for a
    narrower filter. A COUNT over a province's 100,000 cases costs more than the page itself."""

    cap = 1000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()  # type: ignore[attr-defined]

    @property
    def capped(self) -> bool:
        return self.count > self.cap
