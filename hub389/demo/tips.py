"""Demo tips for `make run`: a realistic Hà Nội queue (new, assigned, near-due, overdue,
suspended, settled, a crime report Market Surveillance must transfer) plus one tip that fell
into the Chi Ma customs gap and one into the Hà Nội e-commerce overlap. Created through the
services, so they are routed, numbered, audited like real ones. Skipped if tips exist."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hub389.accounts.models import User
from hub389.cases import services as cases
from hub389.cases.services import CaseInput, GoodsLine
from hub389.registry.models import Area, GoodsGroup
from hub389.reports import effects
from hub389.tips import clocks, services
from hub389.tips.models import Channel, Kind, Nature, Tip, TipEvent
from hub389.tips.services import TipInput

# (days ago, area code, goods group, summary, channel, named informant, then what happens)
TIPS = [
    (1, "00070", "my-pham", "Cửa hàng bán mỹ phẩm nghi giả trên phố Hàng Bạc", Channel.WEB, False, ""),
    (2, "01", "dien-tu", "Kho điện thoại không rõ nguồn gốc ở Long Biên", Channel.HOTLINE, True, "assign"),
    (17, "01", "duong", "Xe tải chở đường cát nhập lậu về chợ đầu mối", Channel.LETTER, True, "assign"),
    (25, "01", "dien-tu", "Tai nghe giả nhãn hiệu bán tại chợ Ninh Hiệp", Channel.IN_PERSON, False, "assign"),
    (30, "01", "dien-tu", "Điện thoại xách tay nhập lậu bán qua cửa hàng", Channel.EMAIL, False, "settle"),
    (12, "01", "duong", "Buôn bán hàng cấm cất giấu trong kho đường", Channel.HOTLINE, False, "crime"),
    (3, "CK-CHIMA", "thuoc-la", "Thuốc lá lậu qua lối mở gần cửa khẩu Chi Ma", Channel.WEB, False, ""),
    (4, "01", "my-pham", "Gian hàng trực tuyến bán son giả", Channel.WEB, False, "online"),
]


def _case_from(officer: User, tip: Tip) -> None:
    """The case the settled demo tip led to (settling "by an administrative case" needs one)."""
    day = timezone.localdate(tip.received_at)
    cases.record_case(
        officer,
        CaseInput(
            detection="tip",
            detected_on=day,
            area=tip.area,
            summary=f"{tip.summary} (từ tin báo {tip.reference})",
            violations=["unknown_origin"],
            goods_group=tip.goods_group,
            tip=tip,
            goods=[
                GoodsLine(
                    "Điện thoại di động xách tay không hóa đơn", Decimal(35), "chiếc", 332_500_000, "Apple"
                )
            ],
        ),
    )


# Where the informants say it happens (the web form's citizens leave it in the text).
PLACES = {
    "Kho điện thoại không rõ nguồn gốc ở Long Biên": "Kho hàng ngõ 45 Nguyễn Văn Cừ, Long Biên",
    "Xe tải chở đường cát nhập lậu về chợ đầu mối": "Chợ đầu mối Long Biên, cổng số 2",
    "Tai nghe giả nhãn hiệu bán tại chợ Ninh Hiệp": "Ki-ốt 112 chợ Ninh Hiệp",
    "Điện thoại xách tay nhập lậu bán qua cửa hàng": "Số 18 phố Thái Hà",
    "Buôn bán hàng cấm cất giấu trong kho đường": "Kho hàng khu công nghiệp Sài Đồng",
}


@transaction.atomic
def load_demo_tips() -> int:
    if Tip.objects.exists():
        return 0
    officer = User.objects.get(username="qltt.hanoi")
    now = timezone.now()
    # Oldest first: the reception book numbers tips in the order they arrived.
    for days, area_code, goods, summary, channel, named, then in sorted(TIPS, key=lambda t: -t[0]):
        data = TipInput(
            summary=summary,
            description=f"{summary}. Người dân phản ánh nhiều lần, hàng được chuyển đến vào buổi tối.",
            area=Area.objects.get(code=area_code),
            goods_group=GoodsGroup.objects.get(code=goods),
            place=PLACES.get(summary, "") if channel != Channel.WEB else "",
            url="https://shopee.vn/demo-shop" if then == "online" else "",
            channel=channel,
            kind=Kind.REPORT,
            received_at=now - datetime.timedelta(days=days),  # the web form ignores it
            informant={"full_name": "Người dân (minh hoạ)", "phone": "0900000000"} if named else None,
        )
        received_at = now - datetime.timedelta(days=days)
        if channel == Channel.WEB:
            tip, _ = services.submit_public(data, [])
            before = effects.tip_state(tip)
            day = timezone.localdate(received_at)
            tip.received_at, tip.received_on, tip.clock_start = received_at, day, day
            tip.procuracy_notice_due = clocks.procuracy_notice_due(day)
            tip.due_on = clocks.deadline(tip.clock)
            tip.save()  # back-dated: the web form always receives today
            effects.tip_changed(tip, before)
        else:
            tip, _ = services.record_tip(officer, data, [])
        TipEvent.objects.filter(tip=tip).update(at=received_at)
        if then in ("assign", "settle", "crime"):
            services.assign(officer, tip, officer)
        if then == "settle":
            _case_from(officer, tip)
            services.settle(
                officer, tip, "admin_case", "Đã kiểm tra, lập biên bản và xử phạt vi phạm hành chính."
            )
        if then == "crime":
            services.classify(officer, tip, Nature.CRIME)
        services.release_lock(officer, tip)
    return len(TIPS)
