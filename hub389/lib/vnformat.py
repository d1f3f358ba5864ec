"""Vietnamese number and money formats: 1.234.567 ₫ (money is always whole VND, never float)."""


def group_thousands(value: int) -> str:
    """Format an integer with dots between thousands: 1234567 → "1.234.567"."""
    return f"{value:,}".replace(",", ".")


def format_vnd(amount: int | None) -> str:
    """Format an amount in VND: 1234567 → "1.234.567 ₫"; None → "—"."""
    if amount is None:
        return "—"
    if not isinstance(amount, int):
        raise TypeError("VND amounts are integers")
    return f"{group_thousands(amount)} ₫"
