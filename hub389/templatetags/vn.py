from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from hub389.lib.numbers import format_quantity
from hub389.lib.vnformat import format_vnd, group_thousands

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """1.234.567 ₫, never broken before the ₫ (the text stays the same for search and copy)."""
    return format_html('<span class="vnd">{}</span>', format_vnd(amount))


@register.filter
def num(value: int | None) -> str:
    return "—" if value is None else group_thousands(int(value))


@register.filter
def qty(value: Decimal | int | None) -> str:
    """A quantity as Vietnamese write it: 1.500, 1,5."""
    return format_quantity(value)


@register.filter
def case_pk(reference: str) -> int:
    """The case a reference names: "VV-2026-000142" → 142 (the number is the case's key)."""
    tail = str(reference).rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


@register.filter
def tr(name: object) -> str:
    """A reference name shipped with hub389 (a field, a goods group, an indicator, a report
    type) in the reader's language; one an administrator added stays as typed."""
    return gettext(str(name)) if name else ""


@register.filter
def get(mapping: dict[str, object] | None, key: str) -> object:
    """`mapping[key]` in a template (figures by indicator code); None when absent."""
    return mapping.get(key) if mapping else None


@register.filter
def width(percent: float | int | str | None) -> str:
    """The class that draws a bar `percent` wide (`w-0` … `w-100` in site.css): no inline style
    attribute, so officers' pages keep a strict Content-Security-Policy."""
    try:
        value = float(percent or 0)
    except (TypeError, ValueError):
        value = 0.0
    return f"w-{max(0, min(100, round(value)))}"
