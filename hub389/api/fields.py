"""Typed inputs with the limits of the columns they land in, so a value the database would
refuse (too long, a NUL, a number past the column) is refused first with a 422."""

import decimal
from typing import Annotated, TypeAlias

from ninja import Path
from pydantic import Field, StringConstraints

MAX_ID = 2**53  # ids past JavaScript's safe integers are no id of ours
NO_NUL = r"^[^\x00]*$"


def Len(length: int, minimum: int = 0) -> StringConstraints:
    """A string's limits: at most `length` characters (the column's), at least `minimum`, no NUL."""
    return StringConstraints(max_length=length, min_length=minimum, pattern=NO_NUL)


Code: TypeAlias = Annotated[str, Len(40)]  # noqa: UP040
Money: TypeAlias = Annotated[int, Field(ge=0, le=10**15)]  # noqa: UP040
Quantity: TypeAlias = Annotated[decimal.Decimal, Field(gt=0, max_digits=14, decimal_places=3)]  # noqa: UP040
Count: TypeAlias = Annotated[int, Field(ge=0, le=10_000)]  # noqa: UP040


def object_id(description: str = "") -> int:
    """A path id: 1 to 2^53."""
    return Path(..., ge=1, le=MAX_ID, description=description)
