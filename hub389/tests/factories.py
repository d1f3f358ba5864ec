"""Records made the way officers make them, through the services (validated, routed, audited,
counted), for every test file: `make_case`, `make_tip`, `make_submission`.

Each takes the acting officer and keyword arguments for what the test cares about; the rest
is a plausible default (a counterfeit-milk case in Phường Hoàn Kiếm, a hotline tip about
smuggled phones in Hà Nội)."""

import datetime
from decimal import Decimal
from typing import Any

from hub389.accounts.models import User
from hub389.cases import services as cases
from hub389.cases.models import Case
from hub389.cases.services import CaseInput, GoodsLine
from hub389.plans import importer
from hub389.plans import services as plans
from hub389.plans.models import Directive, DirectiveKind, Task
from hub389.registry.models import Area, GoodsGroup
from hub389.registry.services import get_committee
from hub389.reports import services as reports
from hub389.reports.models import ReportType, Submission
from hub389.tips import services as tips
from hub389.tips.models import Channel, Tip
from hub389.tips.services import TipInput
from hub389.warehouse import services as store
from hub389.warehouse.models import Bin, Lot, LotKind, Warehouse

NOV_2 = datetime.date(2026, 11, 2)


def make_case(
    officer: User,
    *,
    kinds: list[str] | None = None,
    value: int = 1_000_000,
    area: str = "00070",
    goods: str = "dien-tu",
    detected_on: datetime.date = NOV_2,
    summary: str = "Kinh doanh hàng điện tử không rõ nguồn gốc",
    lines: list[GoodsLine] | None = None,
    **extra: Any,
) -> Case:
    """A case recorded by `officer` (`extra`: any other `CaseInput` field)."""
    return cases.record_case(
        officer,
        CaseInput(
            detection=extra.pop("detection", "inspection"),
            detected_on=detected_on,
            area=Area.objects.get(code=area),
            summary=summary,
            violations=kinds or ["fraud"],
            goods_group=GoodsGroup.objects.get(code=goods) if goods else None,
            goods=lines if lines is not None else [GoodsLine("Điện thoại", "10", "chiếc", value)],
            **extra,
        ),
    )


def case_from(officer: User, tip: Tip) -> Case:
    """The administrative case recorded from a tip (settling it "by an administrative case"
    needs one)."""
    return make_case(officer, detection="tip", tip=tip, summary=f"Vụ việc từ tin báo {tip.reference}")


def make_milk_case(officer: User, **extra: Any) -> Case:
    """Counterfeit milk powder found in a shop in Phường Hoàn Kiếm (36.000.000 ₫, Abbott)."""
    return make_case(
        officer,
        summary="Cửa hàng bán sữa bột giả nhãn hiệu",
        kinds=["counterfeit"],
        goods=extra.pop("goods", "sua"),
        lines=[GoodsLine("Sữa bột giả", "120", "hộp", 36_000_000, "Abbott")],
        **extra,
    )


def tip_input(area: str = "01", goods: str | None = "dien-tu", **extra: Any) -> TipInput:
    return TipInput(
        summary=extra.pop("summary", "Kho điện thoại nhập lậu ở Long Biên"),
        description=extra.pop("description", "Hằng đêm xe tải chở điện thoại không hoá đơn vào kho."),
        area=Area.objects.get(code=area),
        goods_group=GoodsGroup.objects.get(code=goods) if goods else None,
        **extra,
    )


def make_tip(officer: User | None, *, named: bool = False, **kwargs: Any) -> Tip:
    """A tip recorded by `officer` in their reception book (hotline by default), or sent by a
    citizen from the public form when `officer` is None."""
    channel = kwargs.pop("channel", Channel.HOTLINE if officer else Channel.WEB)
    data = tip_input(**kwargs)
    if named:
        data.informant = {"full_name": "Nguyễn Văn Bảo Mật", "phone": "0912345678"}
    if officer is None:
        return tips.submit_public(data, [])[0]
    data.channel = channel
    return tips.record_tip(officer, data, [])[0]


def make_submission(officer: User, *, period: str = "2026-11", committee: str = "01") -> Submission:
    """The monthly report of `officer`'s agency to a committee, opened (prefilled from records)."""
    monthly = ReportType.objects.get(code="monthly")
    return reports.open_submission(officer, monthly, period, get_committee(committee))


def make_directive(office: User, *, committee: str = "01") -> Directive:
    """A plan received by the committee, registered by its standing office."""
    return plans.register_directive(
        office,
        get_committee(committee),
        kind=DirectiveKind.KE_HOACH,
        number="12/KH-BCĐ389",
        issued_on=datetime.date(2026, 11, 20),
        issuer="Ban Chỉ đạo 389 quốc gia",
        summary="Cao điểm chống buôn lậu dịp Tết",
    )


def make_lot(officer: User, case: Case, *, quantity: str = "40", bin_code: str = "A1") -> Lot:
    """Goods of `case` taken into a bin (exhibits) of the officer's agency's warehouse, made
    when the agency has none (the demo gives Hà Nội's Market Surveillance one)."""
    agency = officer.agency
    assert agency is not None
    warehouse = Warehouse.objects.filter(agency=agency).first()
    if warehouse is None:
        warehouse = Warehouse.objects.create(agency=agency, name="Kho thử")
    bin_, _ = Bin.objects.get_or_create(
        warehouse=warehouse, code=bin_code, defaults={"kind": LotKind.EXHIBIT}
    )
    return store.intake(
        officer,
        case,
        kind=LotKind.EXHIBIT,
        description="Mỹ phẩm giả",
        quantity=Decimal(quantity),
        unit="hộp",
        bin=bin_,
        seized_on=case.detected_on,
    )


def make_issued_task(office: User, officer: User, *, path: str = "I.1") -> Task:
    """A task of the Hanoi plan (imported from its fixture), given to `officer`'s agency and
    issued by the standing office `office`: its occurrences exist."""
    plan = importer.import_fixture("hanoi-2030", office).plan
    task = plan.task_at(path)
    plans.update_task(
        office,
        task,
        lead_agency=officer.agency,
        responsible=officer,
        timing="deadline",
        due_on=datetime.date(2026, 12, 31),
        product="Báo cáo rà soát",
    )
    plans.issue_task(office, task)
    return Task.objects.get(pk=task.pk)


def public_tip_form(client: Any, **fields: Any) -> dict[str, Any]:
    """What a citizen's browser posts to the public tip form (`tips_public:submit`): the form's
    own challenge, solved at the tests' difficulty (HUB389_TIP_POW_BITS = 4), and `fields` over
    an anonymous tip about Hà Nội."""
    import re

    from django.urls import reverse

    from hub389.tips import guard

    page = client.get(reverse("tips_public:submit")).content.decode()
    found = re.search(r'name="challenge" value="([^"]+)"', page)
    assert found, "the form carries a challenge"
    return {
        "summary": "Kho thuốc lá lậu sau chợ",
        "description": "Kho sau chợ nhận thuốc lá ngoại nhập lậu mỗi đêm, xe tải biển 12C.",
        "province": Area.objects.get(code="01").pk,
        "commune": "00070",
        "goods_group": GoodsGroup.objects.get(code="dien-tu").pk,
        "identity": "anonymous",
        "challenge": found.group(1),
        "solution": guard.solve(found.group(1), 4),
        **fields,
    }
