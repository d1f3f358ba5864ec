"""Querysets of the records that reports count (cases, their goods, violators, sanctions,
referrals, disposals, tips).

The services tell the report facts and the dashboards what they changed (`reports.effects`).
A queryset write skips them, so it is refused here: an `update()` that touches a counted field,
and any `bulk_create`, `bulk_update` or `delete()`, unless the caller says it tells the facts
itself (`with counted.bulk():`, as a service that bulk-creates goods lines, or a bulk load that
rebuilds the facts afterwards). Updating fields no figure reads (a reminder date) is allowed.
"""

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.db import models

_bulk = contextvars.ContextVar("counted_bulk", default=False)


class CountedWriteRefused(RuntimeError):
    pass


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Queryset writes allowed inside: the caller marks what they change itself."""
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)


class CountedQuerySet[M: models.Model](models.QuerySet[M]):
    """`counted_fields`: the fields a figure reads (their names, without `_id`)."""

    counted_fields: frozenset[str] = frozenset()

    def _refuse(self, what: str) -> None:
        if not _bulk.get():
            raise CountedWriteRefused(
                f"{what} on {self.model.__name__} bypasses the report facts: "
                "write through the service, or mark the change inside counted.bulk()."
            )

    def update(self, **kwargs: Any) -> int:
        if {k.removesuffix("_id") for k in kwargs} & self.counted_fields:
            self._refuse("update()")
        return super().update(**kwargs)

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[M]:
        self._refuse("bulk_create()")
        return super().bulk_create(*args, **kwargs)

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        self._refuse("bulk_update()")
        return super().bulk_update(*args, **kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse("delete()")
        return super().delete()
