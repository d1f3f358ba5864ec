"""Demo of subjects across agencies: one trading network as Market Surveillance Hà Nội, Customs
Lạng Sơn and the Hà Nội police recorded it in their own cases, each as its officer typed it (no
diacritics at Customs, the given name first at the police, the phone with +84 or dots, the head
office's tax code at one agency and the branch's at another), then one linkage run, so the
review queue has pairs to judge, the profile has records to join and the network graph has
cases, shared phones, addresses, a legal representative, vehicles and a shop. Idempotent."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from hub389.accounts.models import User
from hub389.cases import services as cases
from hub389.cases.services import CaseInput, GoodsLine
from hub389.registry.models import Area, GoodsGroup
from hub389.subjects import resolution
from hub389.subjects.models import Subject, SubjectLink, Verdict

D = datetime.date
MARKER = "12C04567"  # the plate of the network's truck: present once the demo is loaded
HUNG = {"kind": "person", "name": "Nguyễn Văn Hùng", "date_of_birth": D(1979, 4, 12)}
# (officer, area, days ago, violations, summary, goods, [(role, the subject as typed)])
CASES: tuple[tuple[Any, ...], ...] = (
    (
        "qltt.hanoi",
        "00070",
        40,
        ["counterfeit"],
        "Kho hàng mỹ phẩm giả nhãn hiệu tại phố Hàng Bạc, bán kèm qua gian hàng trực tuyến",
        ("Kem dưỡng da giả nhãn hiệu", "1200", "hộp", 180_000_000),
        [
            ("violator", {**HUNG, "address": "Số 18 phố Hàng Bạc, Hoàn Kiếm", "phone": "0912 345 678"}),
            (
                "owner",
                {
                    "kind": "organisation",
                    "name": "Công ty TNHH Thương mại An Phát",
                    "tax_code": "0100109106",
                    "address": "Số 5 Kim Mã, Ba Đình",
                    "legal_representative": "Nguyễn Văn Hùng",
                },
            ),
            (
                "related",
                {
                    "kind": "online",
                    "name": "An Phát Store",
                    "url": "https://shopee.vn/anphat.store",
                    "phone": "0912345678",
                },
            ),
        ],
    ),
    (
        "haiquan.langson",
        "CK-TANTHANH",
        25,
        ["smuggling"],
        "Xe tải chở mỹ phẩm nhập lậu qua cửa khẩu Tân Thanh, không có tờ khai",
        ("Mỹ phẩm các loại", "3000", "hộp", 450_000_000),
        [
            (
                "violator",
                {
                    "kind": "person",
                    "name": "NGUYEN VAN HUNG",
                    "date_of_birth": D(1979, 4, 12),
                    "address": "So 18 Hang Bac, Hoan Kiem",
                    "phone": "+84 912 345 678",
                },
            ),
            (
                "violator",
                {
                    "kind": "person",
                    "name": "TRAN THI MAI",
                    "date_of_birth": D(1990, 1, 30),
                    "address": "So 7 ngo Hue, Hai Ba Trung",
                    "phone": "0987 654 321",
                },
            ),
            (
                "owner",
                {
                    "kind": "organisation",
                    "name": "CTY TNHH TM AN PHAT",
                    "tax_code": "0100109106-001",
                    "address": "So 5 Kim Ma, Ba Dinh",
                },
            ),
            ("related", {"kind": "vehicle", "name": "Xe tải 12C-045.67", "plate": "12C-045.67"}),
        ],
    ),
    (
        "congan.hanoi",
        "01",
        12,
        ["smuggling"],
        "Xe bán tải vận chuyển mỹ phẩm nhập lậu vào nội thành",
        ("Mỹ phẩm không rõ nguồn gốc", "800", "hộp", 96_000_000),
        [
            (
                "violator",
                {
                    "kind": "person",
                    "name": "Hùng Nguyễn",
                    "address": "18 Hàng Bạc, Hoàn Kiếm",
                    "phone": "0912.345.678",
                },
            ),
            ("related", {"kind": "vehicle", "name": "Xe bán tải 29C-123.45", "plate": "29C-123.45"}),
        ],
    ),
    (
        "qltt.hanoi",
        "00070",
        6,
        ["counterfeit"],
        "Cửa hàng bán mỹ phẩm giả tại ngõ Huế",
        ("Son môi giả nhãn hiệu", "450", "thỏi", 27_000_000),
        [
            (
                "violator",
                {
                    "kind": "person",
                    "name": "Trần Thị Mai",
                    "date_of_birth": D(1990, 1, 30),
                    "address": "Số 7 ngõ Huế, Hai Bà Trưng",
                    "phone": "0987.654.321",
                },
            ),
            (
                "violator",
                {
                    "kind": "household",
                    "name": "Hộ kinh doanh Mai Anh",
                    "address": "Số 7 ngõ Huế, Hai Bà Trưng",
                    "legal_representative": "Trần Thị Mai",
                },
            ),
        ],
    ),
    (
        "qltt.hanoi",
        "00070",
        3,
        ["fraud"],
        "Bán hàng không niêm yết giá tại phố Trần Phú",
        ("Mỹ phẩm", "20", "hộp", 3_000_000),
        [
            (
                "violator",
                {
                    "kind": "person",
                    "name": "Nguyễn Văn Hưng",
                    "date_of_birth": D(1985, 9, 2),
                    "address": "Số 40 Trần Phú, Hà Đông",
                },
            )
        ],
    ),
)


def load_demo_subjects() -> int:
    if Subject.objects.filter(plate__in=[MARKER, "12C-045.67"]).exists():
        return 0
    with transaction.atomic():
        _record()
    resolution.link_all(None)
    # the national standing office confirms the strongest pair (the demo's first judgement)
    best = SubjectLink.objects.select_related("a", "b").order_by("-score").first()
    if best is not None:
        reviewer = User.objects.get(username="vptt.quocgia")
        resolution.judge(
            reviewer, best.a, best.b, verdict=Verdict.SAME, reason="Cùng ngày sinh, cùng địa chỉ; khác dấu."
        )
    return SubjectLink.objects.count()


def _record() -> None:
    today = timezone.localdate()
    goods = GoodsGroup.objects.filter(code="my-pham").first() or GoodsGroup.objects.order_by("pk").first()
    for username, area, days, kinds, summary, (item, quantity, unit, value), subjects in CASES:
        officer = User.objects.get(username=username)
        (role, first), *rest = subjects
        case = cases.record_case(
            officer,
            CaseInput(
                detection="inspection",
                detected_on=today - datetime.timedelta(days=days),
                area=Area.objects.get(code=area),
                summary=summary,
                violations=kinds,
                goods_group=goods,
                goods=[GoodsLine(item, quantity, unit, value)],
                violator=first,
            ),
        )
        for role, fields in rest:
            cases.record_subject(officer, case, fields, role=role)
