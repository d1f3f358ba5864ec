"""Demo content of the committee's registers, made through the services: a flash report from
a Hà Nội case waiting for the leader's acknowledgement and one already acknowledged and sent
to the national committee; recommendations in the words of the Hải Phòng report (seed 002),
one forwarded and answered, one merged; Phường Hoàn Kiếm and three other central wards given
to Market Surveillance teams (and Hoàn Kiếm to the ward police), the rest of Hà Nội a gap;
five commitments of Hà Nội's platforms, press and doctors against the year's targets, one broken."""

import datetime

from django.utils import timezone

from hub389.accounts.models import User
from hub389.cases import services as cases
from hub389.cases.models import Case, Detection, ViolationKind
from hub389.committee.models import (
    AreaAssignment,
    AreaFinding,
    Commitment,
    FlashReport,
    Handling,
    Incident,
    Recommendation,
)
from hub389.committee.services import areas, commitments, flash, recommendations
from hub389.registry.models import Agency, Area, GoodsGroup


def _user(name: str) -> User:
    return User.objects.select_related("agency__area").get(username=name)


def _flash() -> int:
    if FlashReport.objects.exists():
        return 0
    officer, leader, office = _user("qltt.hanoi"), _user("lanhdao.hanoi"), _user("vptt.hanoi")
    case = (
        Case.objects.filter(owner__code="01-QLTT", confidential=False, area__code="00070")
        .order_by("-pk")
        .first()
    )
    now = timezone.now()
    qltt, police = Agency.objects.get(code="01-QLTT"), Agency.objects.get(code="01-CA")
    done = flash.report(
        officer,
        flash.FlashInput(
            incident=Incident.HEALTH,
            title="Phát hiện sữa bột giả đã cung cấp cho bếp ăn hai trường mầm non",
            happened_at=now - datetime.timedelta(days=3, hours=5),
            area=case.area if case else officer.agency.area,  # type: ignore[union-attr]
            place="Kho hàng số 12 phố Hàng Bạc",
            what="Đội QLTT số 1 kiểm tra kho, phát hiện 1.240 lon sữa bột mang nhãn hiệu nước ngoài "
            "không có hóa đơn; sổ giao hàng ghi hai trường mầm non trên địa bàn là nơi nhận.",
            goods="Sữa bột 1.240 lon",
            value_vnd=372_000_000,
            measures="Tạm giữ toàn bộ hàng hóa; lấy mẫu giám định; thông báo Sở Giáo dục và Đào tạo.",
            lead_agency=qltt,
            case=case,
        ),
    )
    flash.acknowledge(
        leader,
        done.steps.get(),
        "QLTT chủ trì, phối hợp Công an truy xuất nguồn hàng; báo cáo kết quả trong 3 ngày.",
    )
    flash.forward(
        office, done, "Trưởng ban chỉ đạo báo cáo Ban Chỉ đạo 389 quốc gia vì liên quan an toàn trẻ em"
    )
    flash.report(
        _user("congan.hanoi"),
        flash.FlashInput(
            incident=Incident.RESISTANCE,
            title="Đối tượng chống đối tổ công tác khi kiểm tra xe chở thuốc lá lậu",
            happened_at=now - datetime.timedelta(hours=2),
            area=office.agency.area,  # type: ignore[union-attr]
            place="Quốc lộ 1A, đoạn qua Thường Tín",
            what="Tài xế xe tải tăng ga bỏ chạy, va chạm xe của tổ công tác; một cán bộ bị thương nhẹ.",
            goods="Thuốc lá điếu nhập lậu khoảng 3.000 bao",
            value_vnd=90_000_000,
            measures="Đã bắt giữ tài xế, tạm giữ phương tiện.",
            lead_agency=police,
        ),
    )
    return 2


RECOMMENDATIONS = [
    (
        "qltt.hanoi",
        "Thiếu kho bãi bảo quản tang vật, phương tiện tạm giữ",
        "Kho tang vật quá tải; hàng tạm giữ số lượng lớn phải thuê kho, không có kinh phí.",
        "Nghị định 138/2021/NĐ-CP",
        "Điều 8",
        "Kéo dài thời gian xử lý, tang vật hư hỏng.",
        "Bố trí kinh phí thuê kho và quy định rõ trách nhiệm bảo quản tang vật số lượng lớn.",
        "province",
        "UBND thành phố Hà Nội",
    ),
    (
        "qltt.hanoi",
        "Quy định tiêu hủy hàng giả là thực phẩm chức năng chưa rõ",
        "Phải chờ kết quả giám định mới tiêu hủy; chi phí giám định lớn.",
        "Nghị định 98/2020/NĐ-CP",
        "Điều 11, khoản 2",
        "Hàng tạm giữ tồn đọng nhiều tháng.",
        "Sửa đổi quy định về giám định và tiêu hủy hàng giả, hàng không rõ nguồn gốc.",
        "ministry",
        "Bộ Công Thương",
    ),
    (
        "congan.hanoi",
        "Chưa có cơ chế quản lý hiệu quả người bán trên sàn thương mại điện tử",
        "Người bán dùng nhiều tài khoản, xác định chủ thể kinh doanh khó.",
        "Nghị định 52/2013/NĐ-CP",
        "",
        "Không xác định được đối tượng để xử phạt.",
        "Bắt buộc định danh người bán và chia sẻ dữ liệu với lực lượng chức năng.",
        "national",
        "Ban Chỉ đạo 389 quốc gia",
    ),
    (
        "qltt.hanoi",
        "Mức phạt chưa đủ sức răn đe đối với buôn bán hàng giả",
        "Mức phạt tối đa thấp so với lợi nhuận thu được.",
        "Nghị định 98/2020/NĐ-CP",
        "Điều 9",
        "Đối tượng tái phạm nhiều lần.",
        "Nâng mức phạt và bổ sung hình thức xử phạt bổ sung.",
        "ministry",
        "Bộ Công Thương",
    ),
]


def _recommendations() -> int:
    if Recommendation.objects.exists():
        return 0
    office = _user("vptt.hanoi")
    made = []
    for username, title, obstacle, legal, article, effect, proposal, level, to in RECOMMENDATIONS:
        made.append(
            recommendations.record(
                _user(username),
                recommendations.RecommendationInput(
                    title, obstacle, legal, article, effect, proposal, level, to
                ),
            )
        )
    today = timezone.localdate()
    recommendations.forward(
        office,
        made[1],
        body="Bộ Công Thương",
        level="ministry",
        document_no="847/BCĐ-CQTT",
        sent_on=today - datetime.timedelta(days=40),
    )
    recommendations.answer(
        office,
        made[1],
        body="Bộ Công Thương",
        document_no="5778/BCT-TTTN",
        answered_on=today - datetime.timedelta(days=12),
        text="Đã đưa nội dung vào dự thảo Nghị định sửa đổi Nghị định 98/2020/NĐ-CP.",
        status=Handling.IN_PROGRESS,
    )
    recommendations.merge(office, made[1], made[3])
    recommendations.forward(
        office,
        made[2],
        body="Ban Chỉ đạo 389 quốc gia",
        level="national",
        document_no="995/BCĐ-CQTT",
        sent_on=today - datetime.timedelta(days=5),
    )
    return len(made)


# (ward or commune code, agency, unit, officer): most of central Hà Nội, the rest left as gaps.
ASSIGNMENTS = [
    ("00070", "01-QLTT", "Đội Quản lý thị trường số 1", "truong.qltt.hanoi"),
    ("00004", "01-QLTT", "Đội Quản lý thị trường số 1", "truong.qltt.hanoi"),
    ("00008", "01-QLTT", "Đội Quản lý thị trường số 2", "canbo.qltt.hanoi"),
    ("00097", "01-QLTT", "Đội Quản lý thị trường số 2", "canbo.qltt.hanoi"),
    ("00070", "01-CA", "Công an phường Hoàn Kiếm", "congan.hanoi"),
]


def _assignments() -> int:
    if AreaAssignment.objects.exists():
        return 0
    office = _user("vptt.hanoi")
    made = 0
    for code, agency, unit, officer in ASSIGNMENTS:
        area = Area.objects.filter(code=code).first()
        if area is None:
            continue
        areas.assign(
            office,
            areas.AssignmentInput(
                area=area,
                agency=Agency.objects.get(code=agency),
                unit=unit,
                officer=_user(officer),
                field=None,
                decision_no="125/QĐ-BCĐ389",
                decision_date=datetime.date(2025, 7, 1),
                valid_from=datetime.date(2025, 7, 1),
            ),
        )
        made += 1
    return made


def _found_by_police() -> int:
    """A case the ward police record in Phường Hoàn Kiếm, which Market Surveillance's Đội số 1
    answers for: a finding its team leader sees in "my work" and the ranking counts."""
    if AreaFinding.objects.exists() or not AreaAssignment.objects.filter(area__code="00070").exists():
        return 0
    recorded = cases.record_case(
        _user("congan.hanoi"),
        cases.CaseInput(
            detection=Detection.PATROL,
            detected_on=timezone.localdate() - datetime.timedelta(days=6),
            area=Area.objects.get(code="00070"),
            summary="Cửa hàng trên phố Hàng Đào bán mỹ phẩm giả nhãn hiệu nước ngoài",
            violations=[ViolationKind.COUNTERFEIT],
            place="Số 48 phố Hàng Đào",
            goods_group=GoodsGroup.objects.filter(code="my-pham").first(),
            goods=[cases.GoodsLine("Kem dưỡng da giả nhãn hiệu", "320", "hộp", 48_000_000)],
        ),
    )
    return 1 if recorded else 0


# (category, signatory, tax code, days ago, before, scope)
COMMITMENTS = [
    (
        "ecommerce",
        "Công ty TNHH Sàn Mua Sắm Thủ Đô",
        "0100109106",
        200,
        "canbo.sct.hanoi",
        "Xác minh người bán; gỡ gian hàng kinh doanh hàng giả trong 24 giờ kể từ khi được yêu cầu.",
    ),
    (
        "ecommerce",
        "Công ty Cổ phần Chợ Trực Tuyến Hà Thành",
        "",
        150,
        "canbo.sct.hanoi",
        "Không cho phép đăng bán hàng giả, hàng không rõ nguồn gốc; cung cấp thông tin người bán.",
    ),
    (
        "social",
        "Công ty TNHH Mạng Kết Nối Việt",
        "",
        90,
        "canbo.sct.hanoi",
        "Gỡ bỏ phiên livestream bán hàng giả khi lực lượng chức năng yêu cầu.",
    ),
    (
        "press",
        "Báo Kinh tế Thủ đô",
        "",
        120,
        "canbo.sct.hanoi",
        "Không đăng quảng cáo sản phẩm chưa được cấp phép lưu hành.",
    ),
    (
        "health",
        "Bác sĩ Nguyễn Văn An, Bệnh viện Đa khoa Thủ đô",
        "",
        60,
        "canbo.sct.hanoi",
        "Không quảng cáo, giới thiệu thực phẩm chức năng chưa được xác minh công dụng.",
    ),
]
TARGETS = {"ecommerce": 4, "social": 3, "press": 6, "broadcast": 2, "health": 10}


def _commitments() -> int:
    if Commitment.objects.exists():
        return 0
    today = timezone.localdate()
    made = []
    for category, name, tax, ago, who, scope in COMMITMENTS:
        made.append(
            commitments.record(
                _user(who),
                commitments.CommitmentInput(category, name, tax, today - datetime.timedelta(days=ago), scope),
            )
        )
    office = _user("vptt.hanoi")
    for category, target in TARGETS.items():
        commitments.set_target(office, made[0].committee, category, today.year, target)
    online = (
        Case.objects.filter(owner__code="01-QLTT", confidential=False).exclude(url="").order_by("-pk").first()
    )
    if online is not None:
        commitments.add_breach(
            _user("qltt.hanoi"), made[0], case=online, note="Gian hàng chưa bị gỡ sau khi có yêu cầu."
        )
    return len(made)


def load_demo_committee() -> int:
    """Assignments first, so the flash report's case and those after it are findings."""
    return _assignments() + _found_by_police() + _flash() + _recommendations() + _commitments()
