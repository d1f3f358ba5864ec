"""Text helpers for diacritic-insensitive search."""

import unicodedata
from collections.abc import Sequence
from typing import Any


def fold(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics ("Hoàn Kiếm" → "hoan kiem").

    NFD decomposition drops the tone marks but leaves đ/Đ alone, so those are mapped by hand
    (PostgreSQL's unaccent() does map them: the two must agree).
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def plain(values: Sequence[object]) -> list[object]:
    """A row for a spreadsheet: translated labels (lazy strings) as text, other values as they are."""
    from django.utils.functional import Promise

    return [str(v) if isinstance(v, Promise) else v for v in values]


PLACE_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ")


def by_name(rows: Any) -> list[Any]:
    """Places (anything with a `name`) in the order a Vietnamese reader looks for them: by the
    name without its "Tỉnh"/"Phường" and without diacritics ("Hà Nội" before "Huế", "Đà Nẵng"
    among the D's), not by character code as the database sorts."""

    def key(row: Any) -> tuple[str, str]:
        name = row.name
        for prefix in PLACE_PREFIXES:
            name = name.removeprefix(prefix)
        return fold(name), row.name

    return sorted(rows, key=key)
