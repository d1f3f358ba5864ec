"""Numbers typed as officers write them are saved as meant, and a saved case can be corrected:
every field and goods line, the values before kept in the timeline with who, when and why; a
reason once a sanction is decided; nothing counted in a locked month moves; the report figures
follow every correction."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from hub389.accounts.models import User
from hub389.cases import services
from hub389.cases.deadlines import Route
from hub389.cases.models import Case, CaseEvent
from hub389.cases.services import CaseInput, GoodsLine
from hub389.lib import periods
from hub389.registry.models import Area
from hub389.reports import indicators
from hub389.tests.factories import make_case

pytestmark = pytest.mark.django_db
D = datetime.date


def _post(**goods: str) -> dict[str, Any]:
    commune = Area.objects.get(code="00070")
    data = {
        "summary": "Kho rượu ngoại không rõ nguồn gốc",
        "detection": "inspection",
        "detected_on": "02/11/2026",
        "violations": ["unknown_origin"],
        "channel": "inland",
        "province": commune.province_id,
        "commune": commune.code,
        "goods-TOTAL_FORMS": "1",
        "goods-INITIAL_FORMS": "0",
        "goods-0-description": "Rượu vang",
        "goods-0-unit": "chai",
    }
    data.update({f"goods-0-{k}": v for k, v in goods.items()})
    return data


def test_vietnamese_numbers_are_saved_as_meant_and_shown_back(handler: User) -> None:
    client = Client()
    client.force_login(handler)
    answer = client.post("/cases/new/", _post(quantity="1.500", value="450.000.000"))
    assert answer.status_code == 302, answer.content.decode()[:800]
    case = Case.objects.get(summary="Kho rượu ngoại không rõ nguồn gốc")
    line = case.goods.get()
    assert (line.quantity, line.value_vnd) == (Decimal("1500"), 450_000_000)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "450.000.000 ₫" in page and "1.500 chai" in page


@pytest.mark.parametrize(
    ("quantity", "value", "said"), [("1", "1,5", "dấu phẩy"), ("1.5", "1000", "dấu phẩy")]
)
def test_an_ambiguous_number_is_refused_beside_its_box_and_nothing_is_saved(
    handler: User, quantity: str, value: str, said: str
) -> None:
    client = Client()
    client.force_login(handler)
    page = client.post("/cases/new/", _post(quantity=quantity, value=value)).content.decode()
    assert said in page and 'class="errorlist"' in page
    assert not Case.objects.filter(summary="Kho rượu ngoại không rõ nguồn gốc").exists()


def _input(case: Case, **changes: Any) -> CaseInput:
    data = CaseInput(
        detection=case.detection,
        detected_on=case.detected_on,
        area=case.area,
        summary=case.summary,
        violations=[v.kind for v in case.violations.all()],
        channel=case.channel,
        place=case.place,
        url=case.url,
        goods_group=case.goods_group,
        goods=[GoodsLine(g.description, g.quantity, g.unit, g.value_vnd, g.brand) for g in case.goods.all()],
    )
    for k, v in changes.items():
        setattr(data, k, v)
    return data


def _goods_value(case: Case) -> int:
    period = periods.containing("monthly", case.detected_on)
    return indicators.compute(indicators.Scope(case.province or case.area, case.owner), period)["goods_value"]


def test_a_correction_keeps_the_values_before_and_the_figures_follow(handler: User) -> None:
    case = make_case(handler, value=450)  # typed "450.000.000" before the parser: saved 450 ₫
    before = _goods_value(case)
    lines = [
        GoodsLine("Điện thoại", "10", "chiếc", 450_000_000),
        GoodsLine("Tai nghe", "1,5", "thùng", 2_000_000),
    ]
    services.amend_case(handler, case, _input(case, goods=lines, summary="Kho điện thoại nhập lậu"), "")
    case.refresh_from_db()
    assert case.goods_value == 452_000_000 and case.summary == "Kho điện thoại nhập lậu"
    assert _goods_value(case) == before - 450 + 452_000_000
    event = CaseEvent.objects.get(case=case, kind="amended")
    assert event.actor == handler
    assert event.changes is not None
    rows = {c["label"]: (c["before"], c["after"]) for c in event.changes["fields"]}
    assert rows["Trị giá"] == ("450 ₫", "452.000.000 ₫")
    assert rows["Tóm tắt"][0] == "Kinh doanh hàng điện tử không rõ nguồn gốc"
    assert "1,5 thùng" in rows["Hàng hóa"][1]


def test_a_line_is_removed_and_a_kind_changed(handler: User) -> None:
    case = make_case(
        handler,
        lines=[GoodsLine("Điện thoại", "10", "chiếc", 5_000_000), GoodsLine("Sạc", "20", "chiếc", 1_000_000)],
    )
    services.amend_case(
        handler,
        case,
        _input(case, goods=[GoodsLine("Điện thoại", "10", "chiếc", 5_000_000)], violations=["smuggling"]),
    )
    case.refresh_from_db()
    assert [g.description for g in case.goods.all()] == ["Điện thoại"]
    assert case.principal == "smuggling"


def test_nothing_changed_is_said_and_nothing_written(handler: User) -> None:
    case = make_case(handler)
    with pytest.raises(ValidationError, match="Không có gì thay đổi"):
        services.amend_case(handler, case, _input(case))
    assert not CaseEvent.objects.filter(case=case, kind="amended").exists()


def test_after_a_sanction_decision_a_reason_is_required(handler: User) -> None:
    case = make_case(handler)
    sanction = services.record_violation(
        handler, case, record_no="1/BB", record_date=D(2026, 11, 3), route=Route.STANDARD
    )
    services.decide_sanction(
        handler, sanction, decision_no="2/QĐ", decision_date=D(2026, 11, 5), fine=10_000_000, measures=[]
    )
    with pytest.raises(ValidationError) as refused:
        services.amend_case(handler, case, _input(case, place="Số 7 Hàng Bạc"))
    assert "lý do" in str(refused.value)
    services.amend_case(handler, case, _input(case, place="Số 7 Hàng Bạc"), "Biên bản ghi nhầm số nhà")
    assert Case.objects.get(pk=case.pk).place == "Số 7 Hàng Bạc"


def test_a_locked_month_refuses_a_counted_change_but_not_a_typo(handler: User) -> None:
    case = make_case(handler, detected_on=D(2026, 8, 20))  # the period to 14/09, locked in October
    with pytest.raises(ValidationError, match="đã khóa"):
        services.amend_case(handler, case, _input(case, goods=[GoodsLine("Điện thoại", "10", "chiếc", 9)]))
    assert case.goods.get().value_vnd == 1_000_000
    services.amend_case(handler, case, _input(case, summary="Kinh doanh điện thoại không rõ nguồn gốc"))


def test_only_who_may_edit_the_case_corrects_it(handler: User, colleague: User, coordinator: User) -> None:
    case = make_case(handler)
    for other in (colleague, coordinator):
        with pytest.raises(PermissionDenied):
            services.amend_case(other, case, _input(case, summary="Sửa trái phép"))
        client = Client()
        client.force_login(other)
        assert client.get(f"/cases/{case.pk}/amend/").status_code == 403


def test_the_correction_page_adds_and_removes_lines(handler: User) -> None:
    case = make_case(handler, value=450)
    client = Client()
    client.force_login(handler)
    form = client.get(f"/cases/{case.pk}/amend/").content.decode()
    assert 'value="Điện thoại"' in form and 'name="goods-TOTAL_FORMS"' in form
    assert "Select an option" not in form
    data = {
        **{k: v for k, v in _post().items() if not k.startswith("goods-")},
        "summary": case.summary,
        "violations": ["fraud"],
        "goods_group": case.goods_group_id,
        "goods-TOTAL_FORMS": "2",
        "goods-INITIAL_FORMS": "1",
        "goods-0-description": "Điện thoại",
        "goods-0-quantity": "10",
        "goods-0-unit": "chiếc",
        "goods-0-value": "450.000.000",
        "goods-1-description": "Ốp lưng",
        "goods-1-quantity": "1.200",
        "goods-1-unit": "cái",
        "goods-1-value": "12 triệu",
        "reason": "",
    }
    answer = client.post(f"/cases/{case.pk}/amend/", data)
    assert answer.status_code == 302, answer.content.decode()[:1500]
    assert Case.objects.get(pk=case.pk).goods_value == 462_000_000
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "<del>450 ₫</del>" in page and "462.000.000 ₫" in page
    data["goods-1-DELETE"] = "on"
    client.post(f"/cases/{case.pk}/amend/", data)
    assert Case.objects.get(pk=case.pk).goods_value == 450_000_000


def test_a_sent_report_says_when_a_correction_changed_its_figures_since(handler: User) -> None:
    """The report keeps what it said; its page shows the records' figure beside it."""
    from hub389.reports import services as reports
    from hub389.tests.factories import make_submission

    case = make_case(handler, area="01", value=300_000_000)
    submission = make_submission(handler)
    reports.submit(handler, submission)
    sent = submission.figures["goods_value"]
    services.amend_case(
        handler, case, _input(case, goods=[GoodsLine("Điện thoại", "10", "chiếc", 100_000_000)]), ""
    )
    client = Client()
    client.force_login(handler)
    page = client.get(f"/reports/{submission.pk}/").content.decode()
    assert "hồ sơ hiện:" in page and f"{sent - 200_000_000:,}".replace(",", ".") in page
    submission.refresh_from_db()
    assert submission.figures["goods_value"] == sent  # what was sent is not altered
