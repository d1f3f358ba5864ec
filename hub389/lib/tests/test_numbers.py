"""THE parser of typed numbers: the shared examples (the browser's echo is held to the same file),
and round trips from every way an officer writes a number back to the number."""

import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from hub389.lib.numbers import format_quantity, parse_count, parse_money, parse_quantity
from hub389.lib.vnformat import group_thousands

EXAMPLES = json.loads((Path(__file__).parents[1] / "number_examples.json").read_text())
PARSERS: dict[str, Callable[[str], Any]] = {
    "money": parse_money,
    "quantity": parse_quantity,
    "count": parse_count,
}


@pytest.mark.parametrize(
    ("kind", "text", "expected"), [(k, t, e) for k, rows in EXAMPLES.items() for t, e in rows]
)
def test_examples(kind: str, text: str, expected: object) -> None:
    parse = PARSERS[kind]
    if expected is None:
        with pytest.raises(ValidationError) as caught:
            parse(text)
        assert caught.value.messages[0].strip(), "a refusal says why"
    else:
        value = parse(text)
        assert value == (Decimal(expected) if kind == "quantity" else expected)  # type: ignore[arg-type]


def test_refusals_say_how_to_write_it() -> None:
    with pytest.raises(ValidationError, match=re.escape("3.000.000.000")):
        parse_money("3.000000000")
    with pytest.raises(ValidationError, match="dấu phẩy"):
        parse_money("1,5")
    with pytest.raises(ValidationError, match="1,5"):
        parse_quantity("1.5")


amounts = st.integers(min_value=0, max_value=10**15)


@given(amounts, st.sampled_from([".", " ", "\u00a0", ""]), st.sampled_from(["", " ₫", "đ", " đồng", " VND"]))
def test_money_round_trip(amount: int, sep: str, suffix: str) -> None:
    text = group_thousands(amount).replace(".", sep) + suffix
    assert parse_money(text) == amount


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["triệu", "tr", "trieu"]))
def test_money_in_millions(millions: int, word: str) -> None:
    assert parse_money(f"{group_thousands(millions)} {word}") == millions * 10**6


@given(st.decimals(min_value=0, max_value=10**10, places=3, allow_nan=False, allow_infinity=False))
def test_quantity_round_trip(quantity: Decimal) -> None:
    """What the page shows (1.500,25) reads back as the same quantity."""
    assert parse_quantity(format_quantity(quantity)) == quantity


@given(st.integers(min_value=0, max_value=10**12))
def test_count_round_trip(n: int) -> None:
    assert parse_count(group_thousands(n)) == n


@given(st.text(alphabet="0123456789.,  ", max_size=12))
def test_never_guesses(text: str) -> None:
    """Whatever is typed, a reading either fails with a message or gives back a number that
    formats to what was typed (modulo the separator kind): nothing is silently reinterpreted."""
    try:
        value = parse_money(text)
    except ValidationError:
        return
    digits = text.replace(".", "").replace(" ", "").replace("\u00a0", "").lstrip("0")
    assert str(value) == (digits or "0")


def test_formats() -> None:
    assert format_quantity(Decimal("1500")) == "1.500"
    assert format_quantity(Decimal("1.5")) == "1,5"
    assert format_quantity(Decimal("2.000")) == "2"
    assert format_quantity(Decimal("1234567.125")) == "1.234.567,125"
