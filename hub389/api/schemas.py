"""Shapes shared by every route: the problem body, the errors each route may answer, pages."""

from collections.abc import Callable
from typing import Any

from ninja import Schema


class FieldProblem(Schema):
    field: str
    message: str


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    code: str
    detail: str
    errors: list[FieldProblem] | None = None


# The answers every authenticated route may give besides its own.
ERRORS: dict[int, type[Schema]] = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    413: ProblemOut,
    422: ProblemOut,
    429: ProblemOut,
}
WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ProblemOut, 412: ProblemOut}


class Created(Schema):
    """What a write answers: hub389's id and reference, the version to send back in If-Match,
    and whether it created the record or updated the one its external reference names."""

    id: int
    reference: str
    version: int
    created: bool
    replayed: bool = False


def page_after(qs: Any, key: str, after: Any, limit: int, row: Callable[[Any], Any]) -> dict[str, Any]:
    """One page of `qs` in `key` order after the key `after` (falsy: from the start): `items`,
    each made by `row`, and `next`, the key to ask `after` next time (None at the end)."""
    if after:
        qs = qs.filter(**{f"{key}__gt": after})
    rows = list(qs.order_by(key)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [row(r) for r in rows], "next": getattr(rows[-1], key) if more else None}
