"""Text helpers for diacritic-insensitive search."""

import unicodedata
from collections.abc import Sequence


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
