"""Identifiers of people and businesses, validated on input (RULES.md "Identifiers")."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

CCCD = re.compile(r"^\d{12}$")


def clean_citizen_id(value: str) -> str:
    """A 12-digit citizen ID (CCCD; also the personal tax code since 1/7/2025): 3-digit
    province code of birth registration, century/sex digit, 2-digit birth year, 6 digits. There
    is no check digit, so only the structure is checked."""
    digits = re.sub(r"\s", "", value)
    if not CCCD.match(digits):
        raise ValidationError(_("Số CCCD phải gồm đúng 12 chữ số."))
    if digits[:3] == "000":
        raise ValidationError(_("Số CCCD không hợp lệ: ba chữ số đầu là mã tỉnh nơi đăng ký khai sinh."))
    return digits


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
