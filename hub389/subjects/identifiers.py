"""Identifiers of people and businesses, validated on input (RULES.md "Identifiers")."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

CCCD = re.compile(r"^\d{12}$")
# The province codes of birth registration a CCCD starts with (Circular 59/2021/TT-BCA, annex:
# the 63 provinces before the 2025 merge; a CCCD keeps the code it was issued with).
BIRTH_PROVINCES = frozenset(
    f"0{code}"
    for code in (  # noqa: SIM905 (a list of 63 codes reads best as one string)
        "01 02 04 06 08 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42 44 45 46 "
        "48 49 51 52 54 56 58 60 62 64 66 67 68 70 72 74 75 77 79 80 82 83 84 86 87 89 91 92 93 94 95 96"
    ).split()
)


def clean_citizen_id(value: str) -> str:
    """A 12-digit citizen ID (CCCD; also the personal tax code since 1/7/2025): 3-digit
    province code of birth registration, century/sex digit, 2-digit birth year, 6 digits. There
    is no check digit, so only the structure is checked."""
    digits = re.sub(r"\s", "", value)
    if not CCCD.match(digits):
        raise ValidationError(_("Số CCCD phải gồm đúng 12 chữ số."))
    if digits[:3] not in BIRTH_PROVINCES:
        raise ValidationError(_("Số CCCD không hợp lệ: ba chữ số đầu là mã tỉnh nơi đăng ký khai sinh."))
    if citizen_birth_year(digits) > datetime.date.today().year:
        raise ValidationError(
            _("Số CCCD không hợp lệ: chữ số 4–6 (thế kỷ, giới tính, năm sinh) chỉ năm tương lai.")
        )
    return digits


def citizen_birth_year(digits: str) -> int:
    """The birth year a CCCD encodes: digit 4 gives the century (0–1: 1900s, 2–3: 2000s…, even
    for men, odd for women), digits 5–6 the year within it."""
    return 1900 + int(digits[3]) // 2 * 100 + int(digits[4:6])


def clean_tax_code(value: str) -> str:
    """An enterprise tax code (MST): 10 digits with the mod-11 check digit, or 13 digits
    (10 + a 3-digit branch 001–999), written with or without the dash; python-stdnum checks it."""
    compact = re.sub(r"[\s.]", "", value)
    try:
        number = mst.validate(compact)
    except InvalidChecksum as exc:
        raise ValidationError(
            "Mã số thuế sai chữ số kiểm tra (chữ số thứ 10): hãy đối chiếu lại với giấy chứng nhận "
            "đăng ký hoặc tra cứu trên cổng thông tin của cơ quan thuế."
        ) from exc
    except StdnumError as exc:
        raise ValidationError(
            "Mã số thuế không hợp lệ: 10 chữ số (có chữ số kiểm tra) hoặc 13 chữ số "
            "(10 chữ số + mã chi nhánh 001–999)."
        ) from exc
    return number if len(number) == 10 else f"{number[:10]}-{number[10:]}"
