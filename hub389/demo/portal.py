"""Demo content of the public side, made through the services as officers would: sanction
decisions of Hà Nội and other provinces proposed by the case's officer and approved by the
standing office; warnings written by a standing office and published by its leader or a second
officer; the last closed month's consolidated report of Hà Nội approved by the nation, so the
open statistics have a month to show."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from hub389.accounts.models import User
from hub389.cases.models import Sanction
from hub389.lib import periods
from hub389.portal import services as portal
from hub389.portal.models import Channel, Notice, PublicationRule, Warning
from hub389.registry.models import GoodsGroup
from hub389.registry.routing import standing_office_for
from hub389.registry.services import get_committee
from hub389.reports import services as reports
from hub389.reports.models import ReportType, Submission, SubmissionStatus

NOTICES = 24

WARNINGS = [
    (
        "VN",
        "Sữa bột “hàng xách tay” bán qua livestream",
        "Các phiên livestream bán sữa bột cho trẻ em giá rẻ hơn 30–40 %, giới thiệu là hàng xách tay, "
        "không có hóa đơn; nhiều lô là sữa giả đóng lon tại các cơ sở không phép.",
        "Nhãn phụ tiếng Việt thiếu hoặc in mờ, không có tên nhà nhập khẩu; mã vạch không tra được; "
        "giá thấp bất thường; người bán chỉ nhận chuyển khoản vào tài khoản cá nhân.",
        "Chỉ mua tại nhà thuốc, siêu thị, cửa hàng có hóa đơn; giữ lại lon và hóa đơn nếu nghi ngờ; "
        "gửi tin báo kèm đường dẫn phiên livestream.",
        ["sua"],
        [Channel.SOCIAL, Channel.ECOMMERCE],
    ),
    (
        "01",
        "Mỹ phẩm giả mạo thương hiệu bán qua sàn thương mại điện tử",
        "Gian hàng mới mở trên sàn bán kem dưỡng, son môi mang nhãn hiệu nổi tiếng với giá chỉ bằng "
        "một phần ba, giao từ kho ở ngoại thành Hà Nội.",
        "Hộp mỏng, chữ in lệch, thiếu số công bố mỹ phẩm; gian hàng không có giấy ủy quyền của hãng; "
        "nhiều đánh giá 5 sao được đăng trong cùng một ngày.",
        "Tra số công bố trên Cổng dịch vụ công của Bộ Y tế; không dùng sản phẩm nghi giả; "
        "báo cho Quản lý thị trường Hà Nội qua đường dây nóng hoặc gửi tin báo.",
        ["my-pham"],
        [Channel.ECOMMERCE, Channel.DELIVERY],
    ),
]


def _notices() -> int:
    rule = PublicationRule.objects.filter(is_active=True).first()
    if rule is None or Notice.objects.exists():
        return 0
    decided = (
        Sanction.objects.filter(decision_date__isnull=False, annulled_on=None, case__confidential=False)
        .select_related("case__area", "case__created_by", "subject")
        .order_by("-decision_date")
    )
    made = 0
    for sanction in decided[: NOTICES * 2]:
        if made >= NOTICES:
            break
        proposer = sanction.case.created_by
        office = standing_office_for(sanction.case.area)
        reviewer = User.objects.officers().filter(agency=office, role="standing_office").first()
        if reviewer is None or reviewer.pk == proposer.pk:
            continue
        try:
            notice = portal.propose(
                proposer,
                sanction,
                rule=rule,
                legal_basis="Vi phạm có tác động xã hội: hàng hóa bán rộng rãi cho người tiêu dùng",
                legal_article="Nghị định 98/2020/NĐ-CP (đã sửa đổi, bổ sung)",
                summary=sanction.case.summary,
            )
        except ValidationError:
            continue  # (a decision without one named violator: not published)
        portal.approve(reviewer, notice)
        made += 1
    return made


def _warnings() -> int:
    if Warning.objects.exists():
        return 0
    made = 0
    for code, title, what, how, todo, goods, channels in WARNINGS:
        committee = get_committee(code)
        writer = (
            User.objects.officers().filter(agency=committee.standing_office, role="standing_office").first()
        )
        if writer is None:
            continue
        approver = (
            User.objects.officers()
            .filter(
                Q(role="leader", agency__area=committee.area)
                | Q(agency=committee.standing_office, role="standing_office")
            )
            .exclude(pk=writer.pk)
            .first()
        )
        if approver is None:
            continue
        live = list(Notice.objects.live().filter(goods_group__code__in=goods)[:3])
        warning = portal.write_warning(
            writer,
            portal.WarningInput(
                title=title,
                what_happens=what,
                how_to_recognise=how,
                what_to_do=todo,
                goods_groups=list(GoodsGroup.objects.filter(code__in=goods)),
                channels=[str(c) for c in channels],
                notices=live,
            ),
        )
        portal.publish_warning(approver, warning)
        made += 1
    return made


def _approved_report() -> int:
    """Hà Nội's consolidated report of the last closed month, sent up and approved."""
    monthly = ReportType.objects.get(code="monthly")
    today = timezone.localdate()
    period = periods.containing(monthly.period_kind, today).previous()
    if reports.period_locked(monthly, period.code):
        return 0
    hanoi = get_committee("01")
    office = User.objects.get(username="vptt.hanoi")
    national = User.objects.get(username="vptt.quocgia")
    sent = Submission.objects.filter(report_type=monthly, period_code=period.code, source_committee=hanoi)
    if sent.exclude(status=SubmissionStatus.DRAFT).exists():  # a second run: already sent up
        return 0
    submission = reports.consolidate(office, monthly, period.code, hanoi)
    if submission.status == SubmissionStatus.APPROVED:
        return 0
    submission.warnings_comment = "Số liệu tổng hợp từ báo cáo của các sở, ngành và hồ sơ trên hub389."
    submission.save(update_fields=["warnings_comment"])
    reports.submit(office, submission)
    reports.review(national, submission, approve=True)
    return 1


def load_demo_portal() -> int:
    return _notices() + _warnings() + _approved_report()
