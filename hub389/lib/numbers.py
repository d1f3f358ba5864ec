"""Numbers typed into the case and warehouse forms (one home for the parsing; the
Vietnamese-format parser of every form is the next step, issue 14)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError


def parse_money(value: str) -> int:
    """Đồng, with dots, commas or spaces between the thousands ("450.000.000")."""
    digits = value.replace(".", "").replace(",", "").replace(" ", "")
    if not digits.lstrip("-").isdigit():
        raise ValidationError("Số tiền không hợp lệ.")
    return int(digits)


def parse_decimal(value: str) -> Decimal:
    """A quantity, with a comma or a dot before the decimals ("1,5")."""
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError("Số lượng không hợp lệ.") from exc
