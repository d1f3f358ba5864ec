"""Demo data for `make run`: officers of the provinces in the seeds and a realistic jurisdiction
matrix for Hà Nội, Hải Phòng, Lào Cai and Lạng Sơn, with one deliberate gap (customs control at
the Chi Ma border gate) and one deliberate overlap (e-commerce in Hà Nội) so the matrix page
shows both. Idempotent."""

import datetime

from django.db import transaction

from hub389.accounts.models import Role, User
from hub389.accounts.services import create_user
from hub389.registry.models import Agency, Area, Field, JurisdictionRule, Membership, RepresentativeRole
from hub389.registry.services import add_representative, create_rule, get_committee
from hub389.warehouse.models import LotKind, Warehouse
from hub389.warehouse.services import create_warehouse

DEMO_PASSWORD = "hub389-demo"
START = datetime.date(2025, 7, 1)  # the two-tier local government took effect

NATIONAL_RULES = {
    "luu-thong": ("QLTT", ["C03", "THUE"]),
    "tmdt": ("QLTT", ["C03", "BKHCN"]),
    "attp": ("BYT", ["BNNMT", "BCT"]),
    "duoc": ("BYT", ["C03"]),
    "my-pham": ("BYT", ["QLTT"]),
    "xang-dau": ("QLTT", ["C03"]),
    "vat-tu-nn": ("BNNMT", ["QLTT"]),
    "lam-san": ("KL", ["C03", "BDBP"]),
    "khoang-san": ("BNNMT", ["C03"]),
    "hang-cam": ("C03", ["HQ", "BDBP"]),
    "thue": ("THUE", ["C03"]),
    "shcn": ("BKHCN", ["QLTT"]),
    "ban-quyen": ("BVHTTDL", ["C03"]),
}
PROVINCE_RULES = {
    "luu-thong": ("QLTT", ["CA", "THUE"]),
    "tmdt": ("QLTT", ["CA", "SKHCN"]),
    "attp": ("SYT", ["QLTT", "SNNMT"]),
    "duoc": ("SYT", ["QLTT", "CA"]),
    "my-pham": ("SYT", ["QLTT"]),
    "xang-dau": ("QLTT", ["CA"]),
    "vat-tu-nn": ("SNNMT", ["QLTT"]),
    "lam-san": ("KL", ["CA"]),
    "hang-cam": ("CA", ["QLTT"]),
    "thue": ("THUE", ["CA"]),
    "shcn": ("SKHCN", ["QLTT"]),
    "ban-quyen": ("SVHTT", ["CA"]),
}
SEED_PROVINCES = ["01", "31", "15", "20"]
# (area code, field, lead agency code, coordinators)
SPECIAL_RULES = [
    ("CK-HUUNGHI", "hai-quan", "20-HQ", ["20-BDBP"]),
    ("CK-HUUNGHI", "bien-gioi", "20-BDBP", ["20-HQ"]),
    ("CK-TANTHANH", "hai-quan", "20-HQ", ["20-BDBP"]),
    ("CK-TANTHANH", "bien-gioi", "20-BDBP", ["20-HQ"]),
    # Chi Ma: Border Guard only; no customs lead (the deliberate gap).
    ("CK-CHIMA", "bien-gioi", "20-BDBP", ["20-HQ"]),
    ("CK-LAOCAI", "hai-quan", "15-HQ", ["15-BDBP"]),
    ("CK-LAOCAI", "bien-gioi", "15-BDBP", ["15-HQ"]),
    ("CK-KIMTHANH", "hai-quan", "15-HQ", ["15-BDBP"]),
    ("CK-KIMTHANH", "bien-gioi", "15-BDBP", ["15-HQ"]),
    ("CB-HAIPHONG", "hai-quan", "31-HQ", ["31-BDBP", "31-CA"]),
    ("HK-NOIBAI", "hai-quan", "01-HQ", ["01-CA"]),
    ("HK-CATBI", "hai-quan", "31-HQ", ["31-CA"]),
    ("VB-HAIPHONG", "bien", "VN-CSB", ["31-BDBP"]),
    ("00070", "luu-thong", "00070-UBND", ["01-QLTT"]),
]
# The deliberate overlap: a second lead for e-commerce in Hà Nội from 1/1/2026.
OVERLAP_RULE = ("01", "tmdt", "01-CA", ["01-QLTT"], datetime.date(2026, 1, 1))

USERS = [
    ("admin", "Quản trị hệ thống", "VN-VPTT389", Role.ADMIN),
    ("vptt.quocgia", "Đỗ Minh Châu", "VN-VPTT389", Role.STANDING_OFFICE),
    ("canbo.vptt.quocgia", "Phan Thị Ngọc", "VN-VPTT389", Role.STANDING_OFFICE),
    ("vptt.hanoi", "Nguyễn Thị Lan", "01-SCT", Role.STANDING_OFFICE),
    ("canbo.sct.hanoi", "Lê Văn Hùng", "01-SCT", Role.OFFICER),
    ("qltt.hanoi", "Trần Văn Minh", "01-QLTT", Role.OFFICER),
    ("canbo.qltt.hanoi", "Đặng Thị Thu", "01-QLTT", Role.OFFICER),
    ("truong.qltt.hanoi", "Phạm Thu Hà", "01-QLTT", Role.HEAD),
    ("congan.hanoi", "Vũ Đức Thắng", "01-CA", Role.OFFICER),
    ("lanhdao.hanoi", "Hoàng Quốc Việt", "01-UBND", Role.LEADER),
    ("vptt.haiphong", "Bùi Thị Hạnh", "31-SCT", Role.STANDING_OFFICE),
    ("vptt.laocai", "Lò Văn Sơn", "15-SCT", Role.STANDING_OFFICE),
    ("vptt.langson", "Hoàng Thị Mai", "20-SCT", Role.STANDING_OFFICE),
    ("haiquan.langson", "Nông Văn Khánh", "20-HQ", Role.OFFICER),
    # Officers of other provinces, so the national screen and its map have figures everywhere.
    ("qltt.hcm", "Huỳnh Thanh Tâm", "79-QLTT", Role.OFFICER),
    ("qltt.quangninh", "Phạm Văn Quang", "22-QLTT", Role.OFFICER),
    ("qltt.danang", "Trương Thị Diễm", "48-QLTT", Role.OFFICER),
    ("haiquan.haiphong", "Đoàn Minh Hải", "31-HQ", Role.OFFICER),
    ("bienphong.laocai", "Giàng A Páo", "15-BDBP", Role.OFFICER),
]
# Exhibit warehouses of the agencies whose demo cases seize goods.
WAREHOUSES = [
    ("01-QLTT", "Kho tang vật Chi cục QLTT Hà Nội", "Long Biên, Hà Nội"),
    ("20-HQ", "Kho tang vật Hải quan Lạng Sơn", "Đồng Đăng, Lạng Sơn"),
    ("79-QLTT", "Kho tang vật Chi cục QLTT Hồ Chí Minh", "Thủ Đức, Hồ Chí Minh"),
]


# The contacts of the hotline directory. Demo numbers in the 1800 0389 range, not real ones.
CONTACTS = [
    ("VN-VPTT389", "1800 0389 00", "24/7"),
    ("01-SCT", "1800 0389 01", "7h30–17h, thứ Hai–thứ Sáu"),
    ("01-QLTT", "1800 0389 11", "24/7"),
    ("01-CA", "1800 0389 13", "24/7"),
    ("20-SCT", "1800 0389 20", "7h30–17h, thứ Hai–thứ Sáu"),
    ("20-HQ", "1800 0389 21", "24/7"),
    ("79-QLTT", "1800 0389 79", "24/7"),
]


def _rule(area_code: str, field_code: str, lead: str, coords: list[str], start: datetime.date) -> bool:
    area = Area.objects.get(code=area_code)
    field = Field.objects.get(code=field_code)
    lead_agency = Agency.objects.get(code=lead)
    if JurisdictionRule.objects.filter(
        area=area, field=field, lead_agency=lead_agency, valid_from=start
    ).exists():
        return False
    create_rule(
        None,
        area=area,
        field=field,
        lead_agency=lead_agency,
        coordinating_agencies=list(Agency.objects.filter(code__in=coords)),
        valid_from=start,
        legal_basis="Dữ liệu minh hoạ (demo)",
    )
    return True


@transaction.atomic
def load_demo() -> dict[str, int]:
    created = {"rules": 0, "users": 0, "representatives": 0}
    for field_code, (lead, coords) in NATIONAL_RULES.items():
        created["rules"] += _rule("VN", field_code, f"VN-{lead}", [f"VN-{c}" for c in coords], START)
    for pcode in SEED_PROVINCES:
        for field_code, (lead, coords) in PROVINCE_RULES.items():
            created["rules"] += _rule(
                pcode, field_code, f"{pcode}-{lead}", [f"{pcode}-{c}" for c in coords], START
            )
    for area_code, field_code, lead, coords in SPECIAL_RULES:
        created["rules"] += _rule(area_code, field_code, lead, coords, START)
    area_code, field_code, lead, coords, start = OVERLAP_RULE
    created["rules"] += _rule(area_code, field_code, lead, coords, start)

    for username, full_name, agency_code, role in USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = create_user(
            None,
            username=username,
            full_name=full_name,
            agency=Agency.objects.get(code=agency_code),
            role=role,
            password=DEMO_PASSWORD,
            email=f"{username}@demo.hub389.local",
        )
        if role == Role.ADMIN:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        created["users"] += 1

    for agency_code, hotline, hours in CONTACTS:
        Agency.objects.filter(code=agency_code, hotline="").update(hotline=hotline, hours=hours)

    for agency_code, name, address in WAREHOUSES:
        if not Warehouse.objects.filter(agency__code=agency_code).exists():
            create_warehouse(
                None,
                Agency.objects.get(code=agency_code),
                name,
                [("A1", LotKind.EXHIBIT), ("A2", LotKind.EXHIBIT), ("B1", LotKind.EVIDENCE)],
                address,
            )

    hanoi = get_committee("01")
    people = [
        ("01-UBND", "Đinh Quang Vinh", "Phó Chủ tịch UBND Thành phố", RepresentativeRole.CHIEF),
        ("01-SCT", "Nguyễn Thị Lan", "Giám đốc Sở Công Thương", RepresentativeRole.STANDING),
        ("01-CA", "Vũ Đức Thắng", "Phó Giám đốc Công an Thành phố", RepresentativeRole.DEPUTY),
        ("01-QLTT", "Phạm Thu Hà", "Chi cục trưởng Chi cục QLTT", RepresentativeRole.MEMBER),
    ]
    for agency_code, full_name, title, rep_role in people:
        membership = Membership.objects.get(committee=hanoi, agency__code=agency_code)
        if not membership.representatives.filter(full_name=full_name).exists():
            add_representative(None, membership, full_name=full_name, title=title, role=rep_role)
            created["representatives"] += 1
    return created
