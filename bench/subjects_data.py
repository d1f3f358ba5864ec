"""Source records of subjects from five agencies with known truth, corrupted as real records are
(the generator of `bench/subjects.py`; the suite uses it on a few thousand records).

Each true subject (a person, a business, a household business, a vehicle, an online shop) is
recorded by one to four agencies, and each record is what that agency's officer typed:
- names without diacritics (Customs and Border Guard often type none), upper case, a typing
  error, the given name first ("Hùng Nguyễn", as a shop profile shows it), a dropped middle name;
- a birth date missing, or only its year, or a digit wrong;
- a CCCD in some records only (Police most often), the old 9-digit CMND in others;
- phones as 09…, +84 9…, 84 9… with spaces or dots;
- the commune as its code before the 2025 merge in a third of the records;
- companies with and without their legal form ("CTY TNHH TM"), a branch's tax code;
- shops renamed under the same handle;
and the hard negatives real data has: people sharing a family name, a household's members
sharing an address and a phone, common full names ("Nguyễn Văn Hùng") in the same province.

`truth` is the true subject's number: pairwise precision and recall are computed against it.
"""

import random
from collections.abc import Iterator
from functools import cache
from typing import Any

AGENCIES = ("QLTT", "CA", "HQ", "THUE", "BP")
# (name, share %) of family names in Vietnam, roughly.
FAMILIES = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 3),
    ("Phan", 4.5),
    ("Vũ", 3.9),
    ("Võ", 2),
    ("Đặng", 2.1),
    ("Bùi", 2),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Đào", 0.4),
    ("Đoàn", 0.4),
    ("Trịnh", 0.4),
    ("Trương", 0.4),
    ("Lâm", 0.3),
    ("Phùng", 0.3),
    ("Mai", 0.3),
    ("Tạ", 0.2),
    ("Lưu", 0.2),
    ("Cao", 0.2),
    ("Đinh", 0.3),
    ("Lương", 0.2),
)
MIDDLE_MEN = ("Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Xuân", "Ngọc", "Tuấn")
MIDDLE_WOMEN = ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Thuỳ", "Phương")
GIVEN_MEN = [
    "Hùng",
    "Hưng",
    "Dũng",
    "Cường",
    "Tuấn",
    "Hải",
    "Long",
    "Nam",
    "Sơn",
    "Thắng",
    "Trung",
    "Hiếu",
    "Huy",
    "Hoàng",
    "Khánh",
    "Kiên",
    "Lâm",
    "Lộc",
    "Mạnh",
    "Minh",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Tài",
    "Thành",
    "Thịnh",
    "Toàn",
    "Trí",
    "Tú",
    "Việt",
    "Vinh",
    "Bảo",
    "Bình",
    "Chiến",
    "Công",
    "Đạt",
    "Định",
    "Đức",
    "Giang",
    "Hà",
    "Hậu",
    "Hiệp",
    "Hòa",
    "Khoa",
    "Khôi",
    "Kha",
    "Linh",
    "Luân",
    "Lực",
    "Nhân",
    "Phát",
    "Quý",
    "Sang",
    "Tâm",
    "Thái",
    "Thiện",
    "Thông",
    "Tiến",
    "Tín",
    "Toản",
    "Tùng",
    "Tường",
    "Vũ",
    "Xuân",
    "Anh",
    "Duy",
    "Hoà",
    "Hiển",
    "Hưởng",
    "Kỳ",
    "Lợi",
    "Nguyên",
    "Quyết",
    "Tấn",
    "Thuận",
]
GIVEN_WOMEN = [
    "Lan",
    "Hương",
    "Hường",
    "Mai",
    "Hoa",
    "Hạnh",
    "Hằng",
    "Hà",
    "Thảo",
    "Trang",
    "Linh",
    "Ngọc",
    "Nhung",
    "Phương",
    "Quyên",
    "Thủy",
    "Thuỷ",
    "Thư",
    "Trâm",
    "Vân",
    "Yến",
    "Anh",
    "Châu",
    "Diệp",
    "Dung",
    "Giang",
    "Hiền",
    "Hồng",
    "Huệ",
    "Khánh",
    "Liên",
    "Loan",
    "Ly",
    "Mơ",
    "Nga",
    "Ngân",
    "Nguyệt",
    "Nhi",
    "Oanh",
    "Phượng",
    "Quỳnh",
    "Sen",
    "Tâm",
    "Thanh",
    "Thoa",
    "Thu",
    "Thúy",
    "Tiên",
    "Trinh",
    "Tuyết",
    "Uyên",
    "Vy",
    "Xuân",
    "Yên",
    "Bích",
    "Cúc",
    "Đào",
    "Hậu",
]
STREETS = [
    "Hàng",
    "Bạc",
    "Hàng",
    "Đào",
    "Lê",
    "Lợi",
    "Trần",
    "Hưng",
    "Đạo",
    "Nguyễn",
    "Trãi",
    "Lý",
    "Thường",
    "Kiệt",
    "Hai",
    "Bà",
    "Trưng",
    "Quang",
    "Trung",
    "Điện",
    "Biên",
    "Phủ",
    "Phan",
    "Chu",
    "Trinh",
    "Hùng",
    "Vương",
    "Lê",
    "Duẩn",
    "Nguyễn",
    "Huệ",
    "Bạch",
    "Đằng",
    "Võ",
    "Thị",
    "Sáu",
    "Cách",
    "Mạng",
    "Tháng",
    "Tám",
    "Trường",
    "Chinh",
    "Giải",
    "Phóng",
    "Kim",
    "Mã",
    "Xã",
    "Đàn",
    "Láng",
    "Hạ",
    "Tôn",
    "Đức",
    "Thắng",
    "Nguyễn",
    "Văn",
    "Cừ",
    "Lạc",
    "Long",
    "Quân",
]
BUSINESS_WORDS = [
    "An",
    "Phát",
    "Hưng",
    "Thịnh",
    "Minh",
    "Long",
    "Đại",
    "Dương",
    "Việt",
    "Tiến",
    "Thành",
    "Công",
    "Phú",
    "Quý",
    "Hoàng",
    "Gia",
    "Tân",
    "Tiến",
    "Bình",
    "Minh",
    "Sao",
    "Mai",
    "Ánh",
    "Dương",
    "Kim",
    "Ngân",
    "Hòa",
    "Bình",
    "Phương",
    "Đông",
    "Trường",
    "Sơn",
    "Thái",
    "Bình",
    "Hồng",
    "Hà",
    "Sông",
    "Đà",
    "Mê",
    "Kông",
    "Lam",
    "Sơn",
    "Đông",
    "Á",
    "Nam",
    "Việt",
    "Bắc",
    "Hà",
    "Thiên",
    "Phú",
    "Gia",
    "Bảo",
    "Song",
    "Long",
    "Tràng",
    "An",
    "Hải",
    "Âu",
    "Vạn",
    "Xuân",
]
GOODS = ("Thực phẩm", "Mỹ phẩm", "Dược phẩm", "Điện tử", "Thời trang", "Đồ uống", "Vật tư", "Nông sản")
FORMS = ("Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH Thương mại", "Công ty TNHH MTV")
FORM_SHORT = {"Công ty TNHH": "CTY TNHH", "Công ty Cổ phần": "CTCP", "Công ty TNHH Thương mại": "CTY TNHH TM"}
SHOP_SITES = ("shopee.vn/", "www.tiktok.com/@", "www.facebook.com/", "lazada.vn/shop/")
KINDS = (("person", 70), ("organisation", 14), ("household", 8), ("vehicle", 4), ("online", 4))
PLATE_LETTERS = "ABCDEFGHKLMNPSTUVX"


def _fold(text: str) -> str:
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@cache
def _places() -> tuple[list[tuple[int, int]], dict[int, list[int]]]:
    """(new commune code, province code) of every commune, and the pre-2025 codes of each."""
    from vietnam_provinces import Ward
    from vietnam_provinces._ward_conversion_2025 import NEW_TO_OLD

    places = [(int(w.code), int(w.province_code)) for w in Ward.iter_all()]
    old = {new: [ref.code for ref in entry.old_wards] for new, entry in NEW_TO_OLD.items()}
    return places, old


def _mst(rng: random.Random) -> str:
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        digits[0] = rng.choice((0, 1, 2, 3, 4, 5, 6, 8))
        check = 10 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.4:
        return text[:i] + text[i + 1 :]
    if kind < 0.7:
        return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
    return text[:i] + rng.choice("aeiounhtgc") + text[i + 1 :]


def _phone_format(rng: random.Random, number: str) -> str:
    style = rng.random()
    if style < 0.5:
        return number
    if style < 0.7:
        return f"+84 {number[1:4]} {number[4:7]} {number[7:]}"
    if style < 0.85:
        return f"{number[:4]}.{number[4:7]}.{number[7:]}"
    return "84" + number[1:]


class Truth:
    """One true subject with its true values."""

    commune: int
    province: int
    street: str
    phone: str
    family: str

    def __init__(self, rng: random.Random, number: int, kind: str, household: "Truth | None") -> None:
        places, _ = _places()
        self.number, self.kind = number, kind
        if household is not None:
            self.commune, self.province = household.commune, household.province
            self.street = household.street
            self.phone = household.phone if rng.random() < 0.5 else self._phone(rng)
            family = household.family
        else:
            self.commune, self.province = rng.choice(places)
            self.street = f"Số {rng.randint(1, 300)} {' '.join(rng.sample(STREETS, 2))}"
            self.phone = self._phone(rng)
            family = rng.choices([f for f, _ in FAMILIES], [w for _, w in FAMILIES])[0]
        self.family = family
        self.given_names: set[str] = set()
        self.birth = None
        self.citizen_id = self.old_id = self.tax_code = self.plate = self.url = ""
        if kind in ("person", "household"):
            woman = rng.random() < 0.45
            middle = rng.choice(MIDDLE_WOMEN if woman else MIDDLE_MEN)
            given = rng.choice(GIVEN_WOMEN if woman else GIVEN_MEN)
            if household is not None:  # parents do not give two children one name
                while given in household.given_names:
                    given = rng.choice(GIVEN_WOMEN if woman else GIVEN_MEN)
                household.given_names.add(given)
            self.given_names = {given}
            self.name = f"{family} {middle} {given}"
            year = rng.randint(1950, 2005)
            self.birth = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            century = (year - 1900) // 100 * 2 + (1 if woman else 0)
            self.citizen_id = (
                f"0{rng.choice(('01', '79', '31', '48', '92', '20'))}{century}{year % 100:02d}"
                + (f"{rng.randrange(10**6):06d}")
            )
            self.old_id = f"{rng.randrange(10**8, 10**9)}" if year < 1995 else ""
            if kind == "household":
                self.name = self.name  # a household business is named after its owner
                self.tax_code = self.citizen_id  # its tax code is the owner's CCCD since 2025
        elif kind == "organisation":
            form = rng.choice(FORMS)
            core = _unique_core(rng)  # an enterprise's name is unique in the nation (LDN Art. 41)
            self.name = f"{form} {rng.choice(GOODS)} {core}" if rng.random() < 0.4 else f"{form} {core}"
            self.tax_code = _mst(rng)
        elif kind == "vehicle":
            letter = rng.choice(PLATE_LETTERS)
            self.plate = f"{rng.randint(11, 99)}{letter}-{rng.randint(100, 999)}.{rng.randint(10, 99)}"
            self.name = f"Xe tải {rng.choice(('Hyundai', 'Isuzu', 'Thaco', 'Hino', 'Kia'))}"
        else:
            core = " ".join(rng.sample(BUSINESS_WORDS, 2))
            self.name = f"{core} {rng.choice(('Store', 'Shop', 'Official', 'Mall', 'Auth'))}"
            self.url = f"https://{rng.choice(SHOP_SITES)}{_fold(core).lower().replace(' ', '')}{number}"

    @staticmethod
    def _phone(rng: random.Random) -> str:
        return f"0{rng.choice('35789')}{rng.randrange(10**8):08d}"


_USED_CORES: set[str] = set()


def _unique_core(rng: random.Random) -> str:
    while True:
        words = rng.sample(BUSINESS_WORDS, rng.choice((2, 3, 3)))
        core = " ".join(words)
        if core not in _USED_CORES:
            _USED_CORES.add(core)
            return core


def _name_as_typed(rng: random.Random, truth: Truth, agency: str) -> str:
    name = truth.name
    if truth.kind == "organisation":
        for long, short in FORM_SHORT.items():
            if name.startswith(long + " ") and rng.random() < 0.35:
                name = short + name[len(long) :]
                break
    elif truth.kind == "online" and rng.random() < 0.3:
        name = " ".join(rng.sample(BUSINESS_WORDS, 2)) + " Shop"  # renamed, same handle
    elif truth.kind in ("person", "household"):
        words = name.split()
        r = rng.random()
        if r < 0.06 and agency in ("QLTT", "THUE"):
            name = f"{words[-1]} {words[0]}"  # given name first, middle dropped (a shop profile)
        elif r < 0.10:
            name = f"{words[0]} {words[-1]}"  # middle name dropped
    if rng.random() < (0.6 if agency in ("HQ", "BP") else 0.15):
        name = _fold(name).upper() if rng.random() < 0.5 else _fold(name)
    if rng.random() < 0.04:
        name = _typo(rng, name)
    return name


def _record(rng: random.Random, truth: Truth, agency: str, uid: int) -> dict[str, Any]:
    _, old_codes = _places()
    legacy = rng.random() < 0.33 and bool(old_codes.get(truth.commune))
    person = truth.kind in ("person", "household")
    record: dict[str, Any] = {
        "unique_id": uid,
        "truth": truth.number,
        "agency": agency,
        "kind": truth.kind,
        "name": _name_as_typed(rng, truth, agency),
        "citizen_id": "",
        "old_id": "",
        "tax_code": "",
        "date_of_birth": None,
        "birth_year": None,
        "phone": _phone_format(rng, truth.phone) if rng.random() < 0.7 else "",
        "address": truth.street if rng.random() < 0.85 else "",
        "commune": (rng.choice(old_codes[truth.commune]) if legacy else truth.commune)
        if rng.random() < 0.9
        else None,
        "commune_legacy": legacy,
        "province": truth.province,
        "plate": "",
        "url": "",
    }
    if record["commune"] is None:
        record["commune_legacy"] = False
    if person:
        r = rng.random()
        if r < 0.6:
            birth = truth.birth or ""
            record["date_of_birth"] = _typo_date(rng, birth) if rng.random() < 0.03 else birth
        elif r < 0.75:
            record["birth_year"] = int((truth.birth or "0")[:4])
        if rng.random() < (0.7 if agency == "CA" else 0.25):
            record["citizen_id"] = (
                truth.citizen_id if rng.random() > 0.01 else _typo_digits(rng, truth.citizen_id)
            )
        elif truth.old_id and rng.random() < 0.3:
            record["old_id"] = truth.old_id
        if truth.kind == "household" and rng.random() < 0.6:
            record["tax_code"] = truth.tax_code
    elif truth.kind == "organisation":
        if rng.random() < 0.9:
            branch = rng.random() < 0.1
            record["tax_code"] = f"{truth.tax_code}-{rng.randint(1, 20):03d}" if branch else truth.tax_code
    elif truth.kind == "vehicle":
        p = truth.plate
        record["plate"] = p if rng.random() < 0.5 else p.replace("-", "").replace(".", "")
    else:
        record["url"] = truth.url if rng.random() < 0.9 else ""
    return record


def _typo_date(rng: random.Random, iso: str) -> str:
    if not iso:
        return iso
    year, month, day = iso.split("-")
    return f"{year}-{month}-{int(day) % 28 + 1:02d}"


def _typo_digits(rng: random.Random, digits: str) -> str:
    i = rng.randrange(6, len(digits))
    return digits[:i] + str((int(digits[i]) + 1) % 10) + digits[i + 1 :]


def generate(n: int, seed: int = 389) -> Iterator[dict[str, Any]]:
    """About `n` source records (stops at n exactly)."""
    rng = random.Random(seed)
    _USED_CORES.clear()
    kinds = [k for k, _ in KINDS]
    weights = [float(w) for _, w in KINDS]
    uid = number = 0
    household: Truth | None = None
    members = 0
    while uid < n:
        kind = rng.choices(kinds, weights)[0]
        if kind in ("person", "household") and members > 0 and household is not None:
            truth = Truth(rng, number, kind, household)  # another member of the same household
            members -= 1
        else:
            truth = Truth(rng, number, kind, None)
            if kind == "person" and rng.random() < 0.25:
                household, members = truth, rng.randint(1, 3)
        number += 1
        copies = rng.choices((1, 2, 3, 4), (40, 35, 17, 8))[0]
        for agency in rng.sample(AGENCIES, copies) if copies <= len(AGENCIES) else AGENCIES:
            if uid >= n:
                break
            yield _record(rng, truth, agency, uid)
            uid += 1
            if rng.random() < 0.05 and uid < n:  # the same agency recording it twice
                yield _record(rng, truth, agency, uid)
                uid += 1
