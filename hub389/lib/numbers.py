"""THE parser of numbers typed by officers, for every form of hub389 (amounts, quantities,
counts), and the form fields that use it.

Vietnamese writes a dot (or a space) between thousands and a comma before decimals:
``450.000.000`` đồng, ``1.500`` chai, ``1,5`` tấn. A number is read only when it can mean one
thing; anything else is refused with a message that says how to write it, never guessed:

- money and counts are whole: ``450.000.000``, ``450000000``, ``450 000 000`` (a trailing
  ``₫``/``đ``/``đồng``/``VND`` is allowed) and ``450 triệu``, ``1,5 tỷ`` (the multiplier makes
  the comma unambiguous); ``1,5`` or ``450,000`` alone is refused (is it 1.5 or 1500?), and so
  is ``3.000000000`` (the groups after a dot have three digits);
- quantities may have decimals after a comma: ``1.500`` is fifteen hundred, ``1,5`` one and a
  half, ``1.500,25``; ``1.5`` is refused (a dot groups thousands).

The browser echoes what will be saved (``= 450.000.000 ₫``) with the same rules
(static/hub389/numbers.js); both are held to the examples in ``number_examples.json``."""

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hub389.lib.text import fold
from hub389.lib.vnformat import group_thousands

SPACES = "\u00a0\u202f\u2009 "
CURRENCY = re.compile(r"\s*(₫|đ|đồng|dong|vnđ|vnd)\.?$", re.IGNORECASE)
MULTIPLIERS = {
    "nghin": 10**3,
    "ngan": 10**3,
    "k": 10**3,
    "trieu": 10**6,
    "tr": 10**6,
    "ty": 10**9,
    "ti": 10**9,
}
MULTIPLIER = re.compile(r"^(?P<n>[\d.,]+)\s*(?P<m>nghin|ngan|k|trieu|tr|ty|ti)$")
# One kind of separator between groups of three (the first group has one to three digits).
GROUPED = {sep: re.compile(rf"^\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+$") for sep in ". "}
PLAIN = re.compile(r"^\d+$")


def _normalise(text: str) -> str:
    text = str(text).strip()
    for space in SPACES:
        text = text.replace(space, " ")
    return re.sub(r" +", " ", text)


def _whole(text: str, what: str) -> int:
    """Digits with dots or spaces between groups of three: the integer part of every number."""
    if PLAIN.match(text):
        return int(text)
    for sep, pattern in GROUPED.items():
        if sep in text and pattern.match(text):
            return int(text.replace(sep, ""))
    if "." in text and " " in text:
        raise ValidationError(
            _("“%(v)s”: dùng một kiểu phân nhóm nghìn, dấu chấm hoặc khoảng trắng.") % {"v": what}
        )
    if "." in text or " " in text:
        raise ValidationError(
            _("“%(v)s”: sau mỗi dấu chấm phân nhóm nghìn phải có đúng 3 chữ số (ví dụ 3.000.000.000).")
            % {"v": what}
        )
    raise ValidationError(_("“%(v)s” không phải là số.") % {"v": what})


def _decimal(text: str, what: str) -> Decimal:
    """An integer part as in `_whole`, then optionally a comma and decimals."""
    whole, comma, decimals = text.partition(",")
    if comma and not PLAIN.match(decimals):
        raise ValidationError(_("“%(v)s” không phải là số.") % {"v": what})
    if not comma and "." in whole:
        last = whole.rsplit(".", 1)[1]
        if PLAIN.match(last) and len(last) != 3:
            raise ValidationError(
                _("“%(v)s”: dấu chấm phân nhóm nghìn; phần thập phân viết sau dấu phẩy (ví dụ 1,5).")
                % {"v": what}
            )
    value = Decimal(_whole(whole, what))
    return value + Decimal(f"0.{decimals}") if comma else value


def parse_money(text: str) -> int:
    """Whole đồng: ``450.000.000``, ``450000000``, ``450 000 000 ₫``, ``450 triệu``, ``1,5 tỷ``."""
    what = _normalise(text)
    body = CURRENCY.sub("", what).strip()
    if not body:
        raise ValidationError(_("Hãy nhập số tiền."))
    if body.startswith("-"):
        raise ValidationError(_("“%(v)s”: số tiền không được âm.") % {"v": what})
    found = MULTIPLIER.match(fold(body).replace(" ", "")) if not PLAIN.match(body) else None
    if found:
        amount = _decimal(found["n"], what) * MULTIPLIERS[found["m"]]
        if amount != amount.to_integral_value():
            raise ValidationError(_("“%(v)s” không phải là một số đồng chẵn.") % {"v": what})
        return int(amount)
    if "," in body:
        raise ValidationError(
            _(
                "“%(v)s”: số tiền tính bằng đồng chẵn; dấu phẩy không dùng ở đây. Viết 450.000.000, "
                "450000000 hoặc 450 triệu."
            )
            % {"v": what}
        )
    return _whole(body, what)


def parse_count(text: str) -> int:
    """A whole number of things (defendants, a report figure): ``1.234``, ``1234``, ``1 234``."""
    what = _normalise(text)
    if not what:
        raise ValidationError(_("Hãy nhập một số."))
    if what.startswith("-"):
        raise ValidationError(_("“%(v)s”: số không được âm.") % {"v": what})
    if "," in what:
        raise ValidationError(_("“%(v)s”: cần một số nguyên, không có phần thập phân.") % {"v": what})
    return _whole(what, what)


def parse_quantity(text: str, *, places: int = 3) -> Decimal:
    """A quantity: ``1.500`` (fifteen hundred), ``1,5``, ``1.500,25``, ``1 500``; at most
    `places` decimals (what the database keeps: nothing is rounded away silently)."""
    what = _normalise(text)
    if not what:
        raise ValidationError(_("Hãy nhập số lượng."))
    if what.startswith("-"):
        raise ValidationError(_("“%(v)s”: số lượng không được âm.") % {"v": what})
    value = _decimal(what, what)
    if -value.as_tuple().exponent > places:  # type: ignore[operator]
        raise ValidationError(_("“%(v)s”: tối đa %(n)s chữ số thập phân.") % {"v": what, "n": places})
    return value


def format_quantity(value: Decimal | int | None) -> str:
    """1500 → "1.500", Decimal("1.5") → "1,5", Decimal("2.000") → "2"."""
    if value is None:
        return "—"
    value = Decimal(value)
    whole = int(value)
    text = group_thousands(whole)
    fraction = value - whole
    if fraction:
        text += "," + format(fraction.normalize(), "f").split(".")[1]
    return text


def read(data: Any, name: str, parse: Any, label: Any, *, empty: Any = None) -> Any:
    """The number a posted form holds under `name`, read by `parse`; an empty box is `empty`
    (or refused when `empty` is None). The message names the box: "Tiền phạt: …"."""
    text = str(data.get(name, "") or "")
    if not text.strip():
        if empty is None:
            raise ValidationError(_("%(label)s: hãy nhập số.") % {"label": label})
        return empty
    try:
        return parse(text)
    except ValidationError as exc:
        raise ValidationError(f"{label}: {exc.messages[0]}") from exc


class _NumberField(forms.CharField):
    kind = ""
    parse: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"data-number": self.kind, "inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return type(self).parse(text)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return format_quantity(value)
        return value


class MoneyField(_NumberField):
    """Whole đồng, typed as officers write them (see `parse_money`)."""

    kind = "money"
    parse = staticmethod(parse_money)


class QuantityField(_NumberField):
    kind = "quantity"
    parse = staticmethod(parse_quantity)


class CountField(_NumberField):
    kind = "count"
    parse = staticmethod(parse_count)
