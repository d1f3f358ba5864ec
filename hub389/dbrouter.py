"""Reads of reports and dashboards go to read replicas when the deployment has them.

Only code inside `replica()` reads from a replica: figures that may lag the primary by a few
seconds (reports, dashboards, exports). Everything else, and every write, uses the primary, so
an officer always sees what they just saved. Without replicas configured nothing changes."""

import contextvars
import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings

_reading = contextvars.ContextVar("hub389_replica", default=False)


@contextmanager
def replica() -> Iterator[None]:
    """Within this block, reads go to a replica (if any)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    def __init__(self, aliases: Iterable[str] | None = None) -> None:
        names = settings.DATABASES if aliases is None else aliases
        self.replicas = sorted(alias for alias in names if alias.startswith("replica"))
        self._next = itertools.cycle(self.replicas) if self.replicas else None

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if self._next is not None and _reading.get():
            return next(self._next)
        return "default"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # replicas hold the same data as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
