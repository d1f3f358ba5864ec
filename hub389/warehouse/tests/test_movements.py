"""Hand-over, return and seizure extension of lots, through the services and the case page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from hub389.accounts.models import User
from hub389.cases import services as cases
from hub389.cases.deadlines import Route
from hub389.cases.models import Case
from hub389.registry.models import Agency
from hub389.tests.factories import make_case
from hub389.warehouse import services
from hub389.warehouse.models import Bin, Lot, LotKind, LotStatus, Movement, Warehouse

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def lot() -> Lot:
    officer = User.objects.get(username="qltt.hanoi")
    case = make_case(officer, area="01", summary="Kho điện thoại nhập lậu", kinds=["smuggling"], lines=[])
    store = Warehouse.objects.create(agency=officer.agency, name="Kho thử")  # type: ignore[misc]
    Bin.objects.create(warehouse=store, code="A9", kind=LotKind.EXHIBIT)
    evidence = Bin.objects.create(warehouse=store, code="B9", kind=LotKind.EVIDENCE)
    return services.intake(
        officer,
        case,
        kind=LotKind.EVIDENCE,
        description="Điện thoại",
        quantity=Decimal(10),
        unit="chiếc",
        bin=evidence,
        seized_on=D(2026, 11, 2),
    )


def test_hand_over_and_take_back_keep_the_chain(lot: Lot) -> None:
    officer = User.objects.get(username="qltt.hanoi")
    police = Agency.objects.get(code="01-CA")
    with pytest.raises(ValidationError, match="lý do"):
        services.hand_over(officer, lot, police, "")
    services.hand_over(officer, lot, police, "Cơ quan điều tra tiếp nhận vật chứng")
    lot.refresh_from_db()
    assert lot.status == LotStatus.HANDED_OVER and lot.held_by == police and lot.bin is None
    with pytest.raises(ValidationError, match="không còn trong kho"):
        services.take_sample(officer, lot, Decimal(1), "Giám định")
    exhibit_bin = Bin.objects.get(code="A9")
    with pytest.raises(ValidationError, match="Không để lẫn"):
        services.take_back(officer, lot, exhibit_bin, "Nhận lại sau giám định")
    services.take_back(officer, lot, Bin.objects.get(code="B9"), "Nhận lại sau giám định")
    lot.refresh_from_db()
    assert lot.status == LotStatus.HELD and lot.held_by is None
    assert [e.kind for e in lot.custody.all()] == [Movement.INTAKE, Movement.HANDOVER, Movement.RETURN]
    assert services.verify([lot.pk]) == []
    stranger = User.objects.get(username="vptt.langson")
    with pytest.raises(PermissionDenied):
        services.hand_over(stranger, lot, police, "không có quyền")


def test_seizure_extension_never_passes_the_article_66_limit(lot: Lot) -> None:
    officer = User.objects.get(username="qltt.hanoi")
    # Mon 2/11 + 7 working days, Tue 24/11 (Culture Day) not yet in the way → 11/11.
    assert services.seizure_due(lot) == D(2026, 11, 11)
    cases.record_violation(
        officer, lot.case, record_no="1/BB", record_date=D(2026, 11, 3), route=Route.VERIFICATION
    )
    assert services.seizure_cap(lot) == D(2026, 12, 3)  # one month after the record
    with pytest.raises(ValidationError, match="Điều 66"):
        services.extend_seizure(officer, lot, D(2026, 12, 4), "Chờ giám định")
    with pytest.raises(ValidationError, match="sau hạn hiện tại"):
        services.extend_seizure(officer, lot, D(2026, 11, 10), "Chờ giám định")
    services.extend_seizure(officer, lot, D(2026, 12, 3), "Chờ giám định")
    lot.refresh_from_db()
    assert services.seizure_due(lot) == D(2026, 12, 3)
    assert "gia hạn tạm giữ" in lot.case.events.last().text  # type: ignore[union-attr]


def test_case_page_moves_lots_and_takes_files(lot: Lot) -> None:
    officer = User.objects.get(username="qltt.hanoi")
    client = Client()
    client.force_login(officer)
    url = f"/cases/{lot.case_id}/"
    police = Agency.objects.get(code="01-CA")
    answer = client.post(
        f"/warehouse/lots/{lot.pk}/handover/", {"agency": police.pk, "reason": "Bàn giao vật chứng"}
    )
    assert answer.status_code == 302 and answer["Location"] == url
    lot.refresh_from_db()
    assert lot.held_by == police
    page = client.get(url).content.decode()
    assert "Công an thành phố Hà Nội" in page and "Nhận lại" in page
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(url + "file/", {"file": SimpleUploadedFile("cat-giau.png", png)})
    page = client.get(url).content.decode()
    assert "cat-giau.png" in page
    stranger = Client()
    stranger.force_login(User.objects.get(username="vptt.langson"))
    assert stranger.post(url + "file/", {"file": SimpleUploadedFile("x.png", png)}).status_code == 403
    assert Case.objects.get(pk=lot.case_id).events.filter(kind="file_added").count() == 1
