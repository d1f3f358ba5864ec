"""Demo records for the reports and the dashboard: two years of cases in Hà Nội and Lạng Sơn
(so every figure has a "same period last year"), some sanctioned and some prosecuted, the
Hanoi plan to 2030 with a few tasks issued, and a peak campaign. Everything goes through the
services (validated, audited, routed). Deterministic; skipped when cases already exist."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hub389.accounts.models import User
from hub389.cases import services as cases
from hub389.cases.deadlines import Route
from hub389.cases.models import Case, CaseEvent, LeadNotice
from hub389.cases.services import CaseInput, GoodsLine
from hub389.demo import catalogue
from hub389.lib import periods
from hub389.plans import importer
from hub389.plans import services as plans
from hub389.registry.models import Agency, Area, GoodsGroup
from hub389.registry.services import get_committee
from hub389.reports import services as reports
from hub389.reports.models import ReportType, Submission, SubmissionEvent
from hub389.warehouse import services as stock
from hub389.warehouse.models import Lot, LotKind, LotStatus, Warehouse

# (officer, the kinds of case they find, where: area codes, or a province's code for its communes)
RECORDERS = [
    ("qltt.hanoi", "market", ["00070", "00004", "01", "01*"]),
    ("canbo.qltt.hanoi", "market", ["01", "01*"]),
    ("congan.hanoi", "police", ["01", "00097", "01*"]),
    ("haiquan.langson", "border", ["CK-CHIMA", "CK-TANTHANH", "20"]),
    ("qltt.hcm", "market", ["79", "79*"]),
    ("qltt.quangninh", "market", ["22", "22*"]),
    ("qltt.danang", "market", ["48", "48*"]),
    ("haiquan.haiphong", "border", ["CB-HAIPHONG", "31"]),
    ("bienphong.laocai", "border", ["CK-LAOCAI", "15"]),
]
COUNT = 180


def _area(rng: random.Random, code: str) -> Area:
    if code.endswith("*"):  # one of the province's communes
        communes = list(Area.objects.filter(province__code=code[:-1], kind="commune").order_by("code")[:40])
        return rng.choice(communes)
    return Area.objects.get(code=code)


def _violator(rng: random.Random, template: catalogue.Template, n: int) -> dict[str, str]:
    if template.business:
        return {
            "kind": "organisation",
            "name": rng.choice(catalogue.COMPANIES),
            "tax_code": catalogue.tax_code(n * 7919),
        }
    return {
        "kind": "household",
        "name": f"Hộ kinh doanh {rng.choice(catalogue.PEOPLE)}",
        "tax_code": catalogue.tax_code(n * 104_729),
    }


def _lines(rng: random.Random, template: catalogue.Template) -> list[GoodsLine]:
    lines = []
    for goods in template.goods:
        quantity = rng.randint(*goods.quantity)
        price = rng.randint(*goods.price) // 1000 * 1000
        lines.append(
            GoodsLine(goods.description, Decimal(quantity), goods.unit, quantity * price, goods.brand)
        )
    return lines


@transaction.atomic
def load_demo_records() -> int:
    """Cases that read like the agencies' own files: what was found, where, from whom, the
    goods and their value; most sanctioned (fine, remedy, payment), some prosecuted, some still
    waiting for a decision; goods seized into the warehouse, part of them destroyed or sold
    after the Finance department's approval; monthly reports sent, on time and late."""
    if Case.objects.exclude(detection="tip").exists():  # (the demo tips may have led to a case)
        return 0
    rng = random.Random(389)  # noqa: S311  (demo data, not security)
    today = timezone.localdate()
    created = 0
    for i in range(COUNT):
        username, family, areas = RECORDERS[i % len(RECORDERS)]
        officer = User.objects.get(username=username)
        template = rng.choice(catalogue.TEMPLATES[family])
        # The first ones this month, so the current period has figures from the first hour.
        back = rng.randint(0, 14) if i < 18 else int(rng.triangular(0, 730, 40))
        day = today - datetime.timedelta(days=back)
        area = _area(rng, rng.choice(areas))
        province = (area.province or area).code
        place = rng.choice(catalogue.PLACES.get(province, ("chợ trung tâm", "kho hàng khu công nghiệp")))
        violator = _violator(rng, template, i + 1)
        lines = _lines(rng, template)
        case = cases.record_case(
            officer,
            CaseInput(
                detection=template.detection,
                detected_on=day,
                area=area,
                summary=template.summary.format(who=violator["name"], place=place)[:300],
                violations=[template.kind],
                channel=template.channel,
                place=place if template.channel != "ecommerce" else "",
                url="https://shopee.vn/shop-minh-hoa" if template.channel == "ecommerce" else "",
                goods_group=GoodsGroup.objects.get(code=template.goods_group),
                goods=lines,
                violator=violator,
            ),
        )
        created += 1
        _dated(case, day, 0)
        _seize(officer, case, lines, day, rng)
        _dated(case, day, 1)
        _settle(officer, case, template, lines, day, today, rng, i + 1)
    _reports(today)
    _demo_plan()
    return created


def _dated(case: Case, day: datetime.date, step: int) -> None:
    """The timeline's entries made just now happened on `day` (the demo's past), in order."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8 + step, 0)))
    recent = CaseEvent.objects.filter(case=case, at__gt=start + datetime.timedelta(days=1)).order_by("pk")
    for k, event in enumerate(recent):
        CaseEvent.objects.filter(pk=event.pk).update(at=start + datetime.timedelta(minutes=10 * k))
    LeadNotice.objects.filter(case=case, sent_at__gt=start + datetime.timedelta(days=1)).update(sent_at=start)


def _seize(officer: User, case: Case, lines: list[GoodsLine], day: datetime.date, rng: random.Random) -> None:
    """Half the cases of agencies with a warehouse seize their goods there."""
    store = Warehouse.objects.filter(agency=officer.agency).first() if officer.agency else None
    if store is None or rng.random() > 0.5:
        return
    bin = store.bins.filter(kind=LotKind.EXHIBIT).order_by("code").first()
    if bin is None:
        return
    for line in lines[:2]:
        stock.intake(
            officer,
            case,
            kind=LotKind.EXHIBIT,
            description=line.description,
            quantity=Decimal(line.quantity),
            unit=line.unit,
            bin=bin,
            seized_on=day,
            value_vnd=line.value_vnd,
        )


def _settle(
    officer: User,
    case: Case,
    template: catalogue.Template,
    lines: list[GoodsLine],
    day: datetime.date,
    today: datetime.date,
    rng: random.Random,
    n: int,
) -> None:
    """The administrative track: the record, the decision in time (most), the fine paid (most),
    the remedy; smuggling found by others is referred to the police now and then."""
    if (
        template.kind == "smuggling"
        and officer.agency
        and officer.agency.kind != "police"
        and rng.random() < 0.2
    ):
        province = case.area.province or case.area
        police = Agency.objects.filter(code=f"{province.code}-CA").first()
        if police is not None:
            cases.refer(officer, case, police, day)
            return
    if rng.random() > 0.8:
        return  # still being verified
    sanction = cases.record_violation(
        officer, case, record_no=f"{n}/BB-VPHC", record_date=day, route=Route.STANDARD
    )
    _dated(case, day, 2)
    if (today - day).days < 5 and rng.random() < 0.7:
        return  # the decision is still due (the home page shows it)
    value = sum(line.value_vnd for line in lines)
    fine = min(max(value // 10, 2_000_000), 200_000_000) // 500_000 * 500_000
    decided = min(day + datetime.timedelta(days=rng.randint(1, 6)), today)
    cases.decide_sanction(
        officer,
        sanction,
        decision_no=f"{n}/QĐ-XPHC",
        decision_date=decided,
        fine=fine,
        measures=[template.measure] if template.measure else [],
    )
    if rng.random() < 0.8:
        cases.record_payment(officer, sanction, fine)
    _dated(case, decided, 3)
    _dispose(officer, case, template, decided, today, rng)


def _dispose(
    officer: User,
    case: Case,
    template: catalogue.Template,
    decided: datetime.date,
    today: datetime.date,
    rng: random.Random,
) -> None:
    """Lots of decided cases older than a month: destroyed or auctioned once Finance approves."""
    if template.measure not in ("confiscation", "destruction") or (today - decided).days < 30:
        return
    province = case.area.province or case.area
    finance = Agency.objects.filter(code=f"{province.code}-STC").first()
    if finance is None:
        return
    for lot in Lot.objects.filter(case=case, status=LotStatus.HELD):
        method = "destroy" if template.measure == "destruction" else "auction"
        approved = decided + datetime.timedelta(days=rng.randint(5, 20))
        stock.approve_disposal(
            officer,
            lot,
            method=method,
            finance=finance,
            approval_ref=f"{lot.pk}/STC-QLCS",
            approved_on=approved,
        )
        proceeds = lot.value_vnd * rng.randint(30, 60) // 100 // 1000 * 1000 if method == "auction" else 0
        done = min(approved + datetime.timedelta(days=7), today)
        stock.dispose(officer, lot, done_on=done, proceeds_vnd=proceeds)
        _dated(case, done, 4)


NARRATIVE = {
    "situation": "Tình hình buôn lậu, gian lận thương mại trên địa bàn diễn biến phức tạp, tập trung vào "
    "hàng giả nhãn hiệu, mỹ phẩm và thực phẩm chức năng bán qua mạng xã hội.",
    "results": "Đơn vị đã kiểm tra, phát hiện và xử lý các vụ việc theo số liệu kèm theo; tịch thu, tiêu hủy "
    "hàng hóa vi phạm theo quy định.",
    "difficulties": "Đối tượng thay đổi phương thức, chia nhỏ hàng hóa, giao dịch qua mạng nên khó xác minh.",
    "proposals": "Đề nghị tăng cường phối hợp với Công an, Thuế trong xác minh chủ tài khoản bán hàng "
    "trực tuyến.",
}


def _reports(today: datetime.date) -> None:
    """The monthly reports of the Hà Nội member agencies on hub389 for the last closed periods:
    most on time, some late (sent after the day before the 17th)."""
    monthly = ReportType.objects.get(code="monthly")
    hanoi = get_committee("01")
    period = periods.containing(monthly.period_kind, today).previous()
    for back in range(3):
        for username in ("qltt.hanoi", "congan.hanoi"):
            officer = User.objects.get(username=username)
            if today > monthly.locks_on(period):
                break
            submission = reports.open_submission(officer, monthly, period.code, hanoi)
            reports.save_and_submit(
                officer,
                submission,
                typed={},
                narrative=NARRATIVE,
                warnings_comment="Một số tin báo tiếp nhận cuối kỳ đang xác minh, sẽ thụ lý trong kỳ sau.",
            )
            late = username == "congan.hanoi" and back == 0
            sent = monthly.due_on(period) + datetime.timedelta(days=2 if late else -1)
            at = timezone.make_aware(datetime.datetime.combine(sent, datetime.time(15, 30)))
            Submission.objects.filter(pk=submission.pk).update(submitted_at=at)  # back-dated: the demo's past
            SubmissionEvent.objects.filter(submission=submission).update(at=at)
        period = period.previous()


def _demo_plan() -> None:
    office = User.objects.get(username="vptt.hanoi")
    plan = importer.import_fixture("hanoi-2030", office).plan
    sct = User.objects.get(username="canbo.sct.hanoi")
    for path, responsible in (("V.1", sct), ("V.2", sct), ("I.1.1", sct)):
        task = plan.task_at(path)
        plans.update_task(office, task, responsible=responsible)
        plans.issue_task(office, task)
    today = timezone.localdate()
    plans.create_campaign(
        office,
        get_committee("01"),
        name="Cao điểm chống hàng giả, hàng kém chất lượng dịp cuối năm",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
        goods_groups=list(GoodsGroup.objects.filter(code__in=["sua", "my-pham", "thuoc-la"])),
        areas=[],
        agencies=[],
        members=[User.objects.get(username="qltt.hanoi")],
    )
