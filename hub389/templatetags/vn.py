from django import template

from hub389.lib.vnformat import format_vnd, group_thousands

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    return format_vnd(amount)


@register.filter
def num(value: int | None) -> str:
    return "—" if value is None else group_thousands(int(value))
