"""A source record as the linkage model compares it: the values as recorded, turned into the
columns the comparisons read (one function, used by the registry's runs and by the benchmark).

Pure Python (the standard library, python-stdnum's neighbours and vietnam-provinces' conversion
table): no Django, so the benchmark and the Spark run prepare records exactly as the app does.

What the columns keep and why (docs/linkage.md tells the whole model):
- `name_marked` keeps the diacritics ("hùng" and "hưng" are different names), `name_fold` drops
  them (đ → d, as `hub389.lib.text.fold`), and `has_marks` says whether the record was typed
  with them at all: "NGUYEN VAN HUNG" carries no evidence against "Nguyễn Văn Hưng", but a
  record written "Nguyễn Văn Hùng" does.
- a person's name is put family name first when it was typed given name first ("Hùng Nguyễn",
  as a Facebook or Shopee profile shows it): `family` and `given` are the first and last word
  after that, so "Nguyễn Hùng" and "Nguyễn Văn Hùng" share them.
- organisations lose their legal form and its abbreviations ("Công ty TNHH Thương mại An Phát"
  and "CTY TNHH TM AN PHAT" both give "an phat").
- phones in one form (+84 and 0 prefixes, spaces, dots); tax codes with and without the branch
  (`tax_root`); plates without dashes and dots; shop handles from URLs.
- the commune as the codes it is now: a pre-2025 commune code becomes the new commune(s) it
  went into (the conversion table of vietnam-provinces); `communes` is a list because a commune
  that was split went into several.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from hub389.lib.text import fold

# The family names that cover about 99% of Vietnamese people (the most common first). Used only
# to tell a given-name-first order ("Hùng Nguyễn") from the usual family-name-first one.
FAMILY_NAMES = frozenset(
    fold(name)
    for name in [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đào",
        "Đoàn",
        "Vương",
        "Trịnh",
        "Trương",
        "Lâm",
        "Phùng",
        "Mai",
        "Tô",
        "Hà",
        "Tạ",
        "Chu",
        "Lưu",
        "Quách",
        "Cao",
        "Đinh",
        "Lương",
        "Thái",
        "Kiều",
        "Tăng",
        "Hứa",
        "Văn",
        "Châu",
        "Lò",
        "Lục",
        "Nông",
        "Hoàng",
        "Triệu",
        "Âu",
        "Mạc",
        "Ông",
        "Khúc",
        "Kim",
        "Thân",
        "Quan",
        "Giang",
        "Đàm",
        "Nghiêm",
        "Lạc",
        "Bạch",
    ]
)

ORGANISATION_WORDS = (
    # the longest first: "công ty cổ phần" before "công ty"
    ("cong ty trach nhiem huu han", ""),
    ("cong ty co phan", ""),
    ("cong ty tnhh", ""),
    ("cty tnhh", ""),
    ("cong ty cp", ""),
    ("ctcp", ""),
    ("cty cp", ""),
    ("cong ty", ""),
    ("cty", ""),
    ("doanh nghiep tu nhan", ""),
    ("dntn", ""),
    ("mot thanh vien", ""),
    ("mtv", ""),
    ("thuong mai", ""),
    ("tm", ""),
    ("dich vu", ""),
    ("dv", ""),
    ("xuat nhap khau", ""),
    ("xnk", ""),
    ("san xuat", ""),
    ("sx", ""),
    ("ho kinh doanh", ""),
    ("hkd", ""),
    ("cua hang", ""),
    ("ch", ""),
)
ADDRESS_WORDS = frozenset(
    [
        "so",
        "duong",
        "pho",
        "ngo",
        "ngach",
        "hem",
        "kiet",
        "to",
        "thon",
        "ap",
        "ban",
        "xom",
        "khu",
        "phuong",
        "xa",
        "thi",
        "tran",
        "quan",
        "huyen",
        "tinh",
        "thanh",
        "tp",
        "p",
        "q",
        "x",
        "tt",
        "dia",
        "chi",
    ]
)
# A URL's first path segment that is not yet the shop ("lazada.vn/shop/anphat").
SHOP_PATHS = frozenset({"shop", "store", "pages", "people", "p", "user"})
PERSON_KINDS = frozenset({"person", "household"})


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def marked(text: str) -> str:
    """Lower case with the diacritics kept, in one Unicode form (NFC), single spaces."""
    return " ".join(_words(unicodedata.normalize("NFC", text)))


def person_order(words: list[str]) -> list[str]:
    """Family name first: "hùng nguyễn" → "nguyễn hùng" (a family name last and none first)."""
    if len(words) >= 2 and fold(words[0]) not in FAMILY_NAMES and fold(words[-1]) in FAMILY_NAMES:
        return [words[-1], *words[:-1]]
    return words


def organisation_core(folded: str) -> str:
    text = f" {folded} "
    for phrase, replacement in ORGANISATION_WORDS:
        text = text.replace(f" {phrase} ", f" {replacement} ")
    return " ".join(text.split()) or folded


def phone(value: str) -> str:
    """A Vietnamese phone number as 0 + 9 digits ("+84 912 345 678" → "0912345678"); "" when
    it is not one."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif len(digits) == 9 and not digits.startswith("0"):
        digits = "0" + digits
    return digits if len(digits) == 10 and digits.startswith("0") else ""


def handle(value: str) -> str:
    """The shop or account from a URL or a typed handle ("https://shopee.vn/anphat.store?x" →
    "shopee.vn/anphat.store"; "@anphat" stays "anphat")."""
    value = (value or "").strip().lower()
    if not value:
        return ""
    if "/" in value or value.startswith("http"):
        parts = urlsplit(value if "://" in value else f"https://{value}")
        host = parts.netloc.removeprefix("www.").removeprefix("m.")
        segments = [s for s in parts.path.split("/") if s]
        if segments and segments[0] in SHOP_PATHS:
            segments = segments[:2]
        path = "/".join(segments[:2] if segments and segments[0] in SHOP_PATHS else segments[:1])
        return f"{host}/{path}" if path else host
    return value.lstrip("@")


def plate(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", (value or "").upper())


@cache
def _old_to_new() -> dict[int, tuple[int, ...]]:
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW

    return {old: tuple(ref.code for ref in entry.new_wards) for old, entry in OLD_TO_NEW.items()}


def communes(code: int | None, *, legacy: bool = False) -> list[int]:
    """The commune codes a record's commune is now: itself, or for a pre-2025 code the new
    commune(s) it became."""
    if not code:
        return []
    if legacy:
        return sorted(_old_to_new().get(code, ()))
    return [code]


def street(address: str) -> str:
    """The street part of an address, folded, without the words every address has ("Số 12 phố
    Hàng Bạc, phường Hoàn Kiếm" → "12 hang bac hoan kiem")."""
    return " ".join(w for w in _words(fold(address or "")) if w not in ADDRESS_WORDS)


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def prepare(record: dict[str, Any]) -> dict[str, Any]:
    """The model's columns for one source record (a dict of the recorded values: unique_id,
    subject_id, kind, name, citizen_id, old_id, tax_code, date_of_birth, birth_year, phone,
    address, commune, commune_legacy, province, plate, url). Missing values are None, which the
    comparisons read as "no evidence"."""
    kind = record.get("kind") or "person"
    name = record.get("name") or ""
    words = _words(unicodedata.normalize("NFC", name))
    if kind in PERSON_KINDS:
        words = person_order(words)
    name_marked = " ".join(words)
    name_fold = fold(name_marked)
    if kind in ("organisation", "household", "online"):
        name_fold = organisation_core(name_fold)
        name_marked = name_marked if fold(name_marked) == name_fold else name_fold
    folded_words = name_fold.split()
    born = _date(record.get("date_of_birth"))
    year = born.year if born else record.get("birth_year")
    tax = re.sub(r"[\s.\-]", "", record.get("tax_code") or "")
    found = communes(record.get("commune"), legacy=bool(record.get("commune_legacy")))

    def blank(value: Any) -> Any:
        return value if value not in ("", [], None) else None

    return {
        "unique_id": record["unique_id"],
        "subject_id": record.get("subject_id", record["unique_id"]),
        "kind": kind,
        "name_marked": blank(name_marked),
        "name_fold": blank(name_fold),
        "has_marks": name_marked != fold(name_marked),
        "family": blank(folded_words[0] if kind in PERSON_KINDS and len(folded_words) > 1 else ""),
        "given": blank(folded_words[-1] if kind in PERSON_KINDS and folded_words else ""),
        "birth_date": born.isoformat() if born else None,
        "birth_year": int(year) if year else None,
        "citizen_id": blank(re.sub(r"\D", "", record.get("citizen_id") or "")),
        "old_id": blank(re.sub(r"\D", "", record.get("old_id") or "")),
        "tax_code": blank(tax),
        "tax_root": blank(tax[:10]),
        "phone": blank(phone(record.get("phone") or "")),
        "communes": found or None,
        "commune": found[0] if found else None,
        "province": record.get("province") or None,
        "street": blank(street(record.get("address") or "")),
        "plate": blank(plate(record.get("plate") or "")),
        "handle": blank(handle(record.get("url") or "")),
        "phone_shared": False,
        "street_shared": False,
    }


def prepare_all(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [prepare(r) for r in records]


COLUMNS = tuple(prepare({"unique_id": 0}).keys())


def mark_shared(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flag the phones and addresses that several people use (a household's members share
    them): a shared phone is weaker evidence that two records are one person than a phone only
    one name is ever recorded with. Counts distinct given names per phone and per street in its
    commune, among people; sets `phone_shared` and `street_shared` on every row, in place."""
    by_phone: dict[str, set[str]] = {}
    by_street: dict[tuple[str, int], set[str]] = {}
    for row in rows:
        if row["kind"] not in PERSON_KINDS or not row["given"]:
            continue
        if row["phone"]:
            by_phone.setdefault(row["phone"], set()).add(row["given"])
        if row["street"] and row["commune"]:
            by_street.setdefault((row["street"], row["commune"]), set()).add(row["given"])
    for row in rows:
        row["phone_shared"] = len(by_phone.get(row["phone"], ())) > 1
        row["street_shared"] = len(by_street.get((row["street"], row["commune"]), ())) > 1
    return rows


CONFLICTING = ("citizen_id", "tax_root", "plate")


def identifiers(row: dict[str, Any]) -> dict[str, str]:
    """The identifiers of a prepared row that no two subjects share."""
    return {k: row[k] for k in CONFLICTING if row.get(k)}


def match_keys(kind: str, name: str, phone_number: str) -> tuple[str, str]:
    """The folded name and the phone a record is found by while an officer types (the same
    as the model's `name_fold` and `phone`)."""
    row = prepare({"unique_id": 0, "kind": kind, "name": name, "phone": phone_number})
    return row["name_fold"] or "", row["phone"] or ""
