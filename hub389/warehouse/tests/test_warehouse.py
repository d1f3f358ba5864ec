import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from hub389.accounts.models import User
from hub389.cases.models import Case
from hub389.registry.models import Agency
from hub389.tests.factories import make_case
from hub389.warehouse import services
from hub389.warehouse.models import Bin, CustodyEvent, LotKind, LotStatus, Warehouse

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def setup() -> tuple[User, Case, Bin, Bin]:
    officer = User.objects.get(username="qltt.hanoi")
    case = make_case(officer, area="01", summary="Kho điện thoại nhập lậu", kinds=["smuggling"], lines=[])
    store = Warehouse.objects.create(
        agency=Agency.objects.get(code="01-QLTT"), name="Kho Chi cục QLTT Hà Nội"
    )
    exhibits = Bin.objects.create(warehouse=store, code="A1", kind=LotKind.EXHIBIT)
    evidence = Bin.objects.create(warehouse=store, code="B1", kind=LotKind.EVIDENCE)
    return officer, case, exhibits, evidence


def test_exhibits_and_evidence_are_never_mixed(setup: tuple[User, Case, Bin, Bin]) -> None:
    officer, case, exhibits, evidence = setup
    with pytest.raises(ValidationError, match="Không để lẫn"):
        services.intake(
            officer,
            case,
            kind=LotKind.EVIDENCE,
            description="Điện thoại",
            quantity=Decimal(10),
            unit="chiếc",
            bin=exhibits,
            seized_on=D(2026, 11, 2),
        )
    lot = services.intake(
        officer,
        case,
        kind=LotKind.EVIDENCE,
        description="Điện thoại",
        quantity=Decimal(10),
        unit="chiếc",
        bin=evidence,
        seized_on=D(2026, 11, 2),
    )
    with pytest.raises(ValidationError, match="Không để lẫn"):
        services.move(officer, lot, exhibits, "Sắp xếp lại kho")
    lot.refresh_from_db()
    assert lot.bin == evidence and lot.custody.count() == 1


def test_disposal_needs_finance_approval_and_the_chain_holds(setup: tuple[User, Case, Bin, Bin]) -> None:
    officer, case, exhibits, _ = setup
    lot = services.intake(
        officer,
        case,
        kind=LotKind.EXHIBIT,
        description="Sữa bột giả",
        quantity=Decimal(120),
        unit="hộp",
        bin=exhibits,
        seized_on=D(2026, 11, 2),
        value_vnd=36_000_000,
    )
    services.take_sample(officer, lot, Decimal(2), "Gửi giám định chất lượng")
    with pytest.raises(ValidationError, match="Tài chính"):
        services.dispose(officer, lot, done_on=D(2026, 11, 20))
    with pytest.raises(ValidationError, match="Tài chính phê duyệt"):
        services.approve_disposal(
            officer,
            lot,
            method="destroy",
            finance=Agency.objects.get(code="01-THUE"),
            approval_ref="12/STC",
            approved_on=D(2026, 11, 18),
        )
    services.approve_disposal(
        officer,
        lot,
        method="destroy",
        finance=Agency.objects.get(code="01-STC"),
        approval_ref="125/STC-QLCS",
        approved_on=D(2026, 11, 18),
    )
    with pytest.raises(ValidationError, match="đấu giá"):
        services.dispose(officer, lot, done_on=D(2026, 11, 20), proceeds_vnd=5)
    services.dispose(officer, lot, done_on=D(2026, 11, 20))
    lot.refresh_from_db()
    assert lot.status == LotStatus.DISPOSED and lot.quantity == Decimal(118)
    assert [e.kind for e in lot.custody.all()] == ["intake", "sample", "disposal"]
    assert {"custody_intake", "disposal_approved", "custody_disposal"} <= set(
        case.events.values_list("kind", flat=True)
    )
    assert services.verify() == []
    call_command("verify_custody")
    # Someone edits a movement in the database: the chain no longer holds.
    CustodyEvent.objects.filter(lot=lot, seq=2).update(reason="Lấy mẫu")
    assert services.verify() == [f"Lô #{lot.pk}: mục số 2 đã bị sửa"]
    with pytest.raises(CommandError):
        call_command("verify_custody")
    with pytest.raises(ValidationError, match="không còn trong kho"):
        services.move(officer, lot, exhibits, "Nhập lại")


def test_stock_page_shows_age_deadline_and_awaiting(
    setup: tuple[User, Case, Bin, Bin], django_assert_max_num_queries
) -> None:
    from django.test import Client

    officer, case, exhibits, _ = setup
    for n in range(8):
        services.intake(
            officer,
            case,
            kind=LotKind.EXHIBIT,
            description=f"Lô {n}",
            quantity=Decimal(5),
            unit="thùng",
            bin=exhibits,
            seized_on=D(2026, 11, 2),
            value_vnd=1_000_000,
        )
    client = Client()
    client.force_login(officer)
    with django_assert_max_num_queries(12):  # session, user, stock, holidays, bins… not per lot
        page = client.get("/warehouse/").content.decode()
    assert 'id="awaiting">8<' in page and "11/11/2026" in page  # 7 working days after 2/11


def test_a_confiscation_decision_moves_the_lot_out_of_awaiting(setup: tuple[User, Case, Bin, Bin]) -> None:
    """A lot said "Chờ quyết định" after the sanction decision had confiscated it."""
    from django.test import Client

    from hub389.cases import services as cases
    from hub389.cases.deadlines import Route

    officer, case, exhibits, _ = setup
    services.intake(
        officer,
        case,
        kind=LotKind.EXHIBIT,
        description="Điện thoại",
        quantity=Decimal(50),
        unit="chiếc",
        bin=exhibits,
        seized_on=D(2026, 11, 2),
    )
    client = Client()
    client.force_login(officer)
    assert 'data-state="awaiting"' in client.get("/warehouse/").content.decode()
    sanction = cases.record_violation(
        officer, case, record_no="7/BB", record_date=D(2026, 11, 2), route=Route.STANDARD
    )
    cases.decide_sanction(
        officer,
        sanction,
        decision_no="9/QĐ-XPHC",
        decision_date=D(2026, 11, 6),
        fine=0,
        measures=["confiscation"],
    )
    page = client.get("/warehouse/").content.decode()
    assert 'data-state="decided"' in page and "Đã có quyết định 9/QĐ-XPHC" in page
    assert 'id="awaiting">0<' in page
