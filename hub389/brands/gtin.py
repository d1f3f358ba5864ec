"""GTIN-8 / GTIN-13 (EAN) with python-stdnum, and what the GS1 prefix says: the member
organisation that issued the company prefix, never the country the goods were made in (893 is
GS1 Viet Nam; a Vietnamese brand may hold a foreign prefix and an importer a Vietnamese one)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import ean
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

# Prefix ranges of the GS1 member organisations officers meet most often (GS1 General
# Specifications, "GS1 Prefixes"); others are named by number only.
PREFIXES: list[tuple[int, int, str]] = [
    (0, 139, "GS1 Hoa Kỳ / Canada"),
    (300, 379, "GS1 Pháp"),
    (400, 440, "GS1 Đức"),
    (450, 459, "GS1 Nhật Bản"),
    (460, 469, "GS1 Nga"),
    (471, 471, "GS1 Đài Loan"),
    (480, 480, "GS1 Philippines"),
    (489, 489, "GS1 Hồng Kông"),
    (490, 499, "GS1 Nhật Bản"),
    (500, 509, "GS1 Vương quốc Anh"),
    (540, 549, "GS1 Bỉ và Luxembourg"),
    (690, 699, "GS1 Trung Quốc"),
    (760, 769, "GS1 Thụy Sĩ"),
    (800, 839, "GS1 Ý"),
    (840, 849, "GS1 Tây Ban Nha"),
    (880, 880, "GS1 Hàn Quốc"),
    (884, 884, "GS1 Campuchia"),
    (885, 885, "GS1 Thái Lan"),
    (888, 888, "GS1 Singapore"),
    (893, 893, "GS1 Việt Nam"),
    (899, 899, "GS1 Indonesia"),
    (930, 939, "GS1 Úc"),
    (940, 949, "GS1 New Zealand"),
    (955, 955, "GS1 Malaysia"),
]


def clean_gtin(value: str) -> str:
    """The GTIN as digits (8 or 13), or a ValidationError that says what is wrong."""
    digits = re.sub(r"[\s.-]", "", value)
    if not digits.isdigit():
        raise ValidationError(_("Mã vạch chỉ gồm chữ số (GTIN-13 hoặc GTIN-8)."))
    if len(digits) == 14 and digits.startswith("0"):
        digits = digits[1:]  # a GTIN-14 with a zero indicator is the GTIN-13 of the unit
    if len(digits) not in (8, 13):
        raise ValidationError(_("Mã vạch phải có 13 chữ số (GTIN-13) hoặc 8 chữ số (GTIN-8)."))
    try:
        return str(ean.validate(digits))
    except InvalidChecksum as exc:
        raise ValidationError(
            _("Mã vạch sai chữ số kiểm tra (chữ số cuối): hãy đọc lại mã trên bao bì."), code="checksum"
        ) from exc
    except (InvalidLength, StdnumError) as exc:
        raise ValidationError(_("Mã vạch không hợp lệ.")) from exc


def prefix_note(gtin: str) -> str:
    """What the first digits of a GTIN-13 say (empty for GTIN-8 or an unknown prefix)."""
    if len(gtin) != 13:
        return ""
    number = int(gtin[:3])
    for low, high, name in PREFIXES:
        if low <= number <= high:
            return _(
                "Tiền tố %(prefix)s: mã doanh nghiệp do %(org)s cấp. Đây không phải nơi sản xuất hàng hóa."
            ) % {"prefix": gtin[:3], "org": name}
    return _("Tiền tố %(prefix)s: mã doanh nghiệp do một tổ chức GS1 cấp; không cho biết nơi sản xuất.") % {
        "prefix": gtin[:3]
    }


def looks_like_gtin(text: str) -> bool:
    digits = re.sub(r"[\s.-]", "", text)
    return digits.isdigit() and len(digits) >= 6  # a barcode typed short is told it is short
