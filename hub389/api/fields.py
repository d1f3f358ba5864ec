"""Typed inputs with the limits of the columns they land in, so a value the database would
refuse (too long, a NUL, a number past the column) is refused first with a 422."""

import decimal
from typing import Annotated

from ninja import Path
from pydantic import Field, StringConstraints

MAX_ID = 2**53  # ids past JavaScript's safe integers are no id of ours
NO_NUL = r"^[^\x00]*$"


def text(length: int, minimum: int = 0) -> type[str]:
    return Annotated[str, StringConstraints(max_length=length, min_length=minimum, pattern=NO_NUL)]  # type: ignore[return-value]


Code = text(40)
Money = Annotated[int, Field(ge=0, le=10**15)]
Quantity = Annotated[decimal.Decimal, Field(gt=0, max_digits=14, decimal_places=3)]
Count = Annotated[int, Field(ge=0, le=10_000)]


def object_id(description: str = "") -> int:
    """A path id: 1 to 2^53."""
    return Path(..., ge=1, le=MAX_ID, description=description)  # type: ignore[no-any-return]
