import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hub389 import policy
from hub389.accounts.models import User
from hub389.cases import deadlines, services
from hub389.cases.models import CaseStatus, Detection, LeadNotice, NoticeStatus, ReferralDecision
from hub389.cases.services import GoodsLine
from hub389.notifications.models import Notification
from hub389.registry.models import Agency, Area
from hub389.registry.workdays import add_working_days, working_days_between
from hub389.subjects import services as subjects
from hub389.subjects.identifiers import clean_citizen_id, clean_tax_code
from hub389.subjects.models import Subject
from hub389.tests.factories import make_case

pytestmark = pytest.mark.django_db
D = datetime.date


def test_working_days_skip_weekends_and_the_holiday_calendar() -> None:
    # Friday 24/04/2026 + 7 working days: Mon 27/04 is the Hùng Kings day in lieu, 30/04 and
    # 01/05 are holidays → Tue 28, Wed 29, Mon 4, Tue 5, Wed 6, Thu 7, Fri 8 May.
    assert add_working_days(D(2026, 4, 24), 7) == D(2026, 5, 8)
    # Tết 2026 (16–20/02) is skipped too.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert working_days_between(D(2026, 4, 24), D(2026, 5, 8)) == 7


@pytest.mark.parametrize(
    ("route", "due"),
    [
        (deadlines.Route.STANDARD, D(2026, 11, 11)),  # Mon 2/11 + 7 working days
        (deadlines.Route.TRANSFERRED, D(2026, 11, 16)),  # + 10 working days
        (deadlines.Route.VERIFICATION, D(2026, 12, 2)),  # 1 month
        (deadlines.Route.COMPLEX, D(2027, 1, 2)),  # 2 months
    ],
)
def test_sanction_decision_deadlines(route: str, due: datetime.date) -> None:
    assert deadlines.decision_deadline(D(2026, 11, 2), route) == due


def test_limitation_seizure_and_criminal_deadlines() -> None:
    assert deadlines.limitation_ends(D(2024, 2, 29)) == D(2026, 2, 28)
    assert deadlines.limitation_ends(D(2025, 3, 1), trade_related=False) == D(2026, 3, 1)
    assert deadlines.seizure_deadline(D(2026, 11, 2), transferred=False) == D(2026, 11, 11)
    assert deadlines.seizure_deadline(D(2026, 11, 2), transferred=True) == D(2026, 11, 16)
    # an extension never runs past the Art. 66 limit
    capped = deadlines.seizure_deadline(
        D(2026, 11, 2), False, D(2027, 3, 1), D(2026, 11, 2), deadlines.Route.VERIFICATION
    )
    assert capped == D(2026, 12, 2)
    assert deadlines.criminal_transfer_due(D(2026, 12, 30)) == D(2027, 1, 2)
    assert deadlines.file_return_due(D(2026, 12, 31)) == D(2027, 1, 6)  # 1/1 is a holiday


def test_identifiers() -> None:
    assert clean_citizen_id("001 203 012345") == "001203012345"
    for bad in ("12345", "00120301234x", "000203012345"):
        with pytest.raises(ValidationError):
            clean_citizen_id(bad)
    assert clean_tax_code("0100109106") == "0100109106"
    assert clean_tax_code("0100109106001") == "0100109106-001"
    with pytest.raises(ValidationError, match="Mã số thuế"):
        clean_tax_code("0100109107")  # wrong check digit


def test_same_business_is_one_subject(handler: User) -> None:
    first, created = subjects.find_or_create(
        handler, kind="household", name="Cửa hàng Sữa Mẹ", tax_code="0100109106"
    )
    again, created_again = subjects.find_or_create(
        handler, kind="organisation", name="CH Sữa Mẹ", tax_code="0100109106"
    )
    assert created and not created_again and first == again
    with pytest.raises(ValidationError) as err:
        subjects.find_or_create(handler, kind="person", name="Nguyễn A", citizen_id="123")
    assert "12 chữ số" in str(err.value)
    assert Subject.objects.count() == 1


def _milk_case(handler: User, **extra: Any) -> Any:
    return make_case(
        handler,
        summary="Cửa hàng bán sữa bột giả nhãn hiệu",
        kinds=["counterfeit"],
        goods=extra.pop("goods", "sua"),
        lines=[GoodsLine("Sữa bột giả", "120", "hộp", 36_000_000, "Abbott")],
        **extra,
    )


def test_case_notifies_the_lead_agency_which_can_take_over(handler: User) -> None:
    health = User.objects.create(username="syt.hanoi", agency=Agency.objects.get(code="01-SYT"), role="head")
    case = _milk_case(handler)  # milk → food safety → the Health department leads
    assert case.lead_agency.code == "01-SYT"
    assert case.goods_value == 36_000_000 and case.goods.get().quantity == Decimal("120")
    notice = LeadNotice.objects.get(case=case)
    assert Notification.objects.filter(recipient=health, title__contains=case.reference).exists()
    assert [e.kind for e in case.events.all()] == ["recorded", "lead_notified"]
    assert policy.can(health, "view", case) and not policy.can(health, "edit", case)
    with pytest.raises(PermissionDenied):
        services.answer_notice(handler, notice, NoticeStatus.TAKEN_OVER)  # only the agency told answers
    services.answer_notice(health, notice, NoticeStatus.TAKEN_OVER)
    case.refresh_from_db()
    assert case.owner.code == "01-SYT"
    assert policy.can(handler, "view", case) and not policy.can(handler, "edit", case)
    assert "owner_changed" in [e.kind for e in case.events.all()]


def test_bad_case_input_saves_nothing(handler: User) -> None:
    from hub389.cases.models import Case

    with pytest.raises(ValidationError) as err:
        _milk_case(handler, detected_on=D(2099, 1, 1))
    assert "tương lai" in str(err.value)
    with pytest.raises(ValidationError, match="gắn với tin báo"):
        _milk_case(handler, detection=Detection.TIP)
    assert Case.objects.count() == 0


def test_administrative_track_refusals_and_deadline(handler: User) -> None:
    case = _milk_case(handler, goods="dien-tu", area="01")  # Market Surveillance leads itself
    assert not LeadNotice.objects.filter(case=case).exists()
    sanction = services.record_violation(
        handler, case, record_no="12/BB-VPHC", record_date=D(2026, 11, 3), route=deadlines.Route.STANDARD
    )
    assert sanction.decision_due == D(2026, 11, 12)
    assert sanction.is_overdue(D(2026, 11, 13)) and not sanction.is_overdue(D(2026, 11, 12))
    with pytest.raises(ValidationError, match="trước ngày lập biên bản"):
        services.decide_sanction(
            handler,
            sanction,
            decision_no="5/QĐ-XPVPHC",
            decision_date=D(2026, 11, 2),
            fine=30_000_000,
            measures=["destruction"],
        )
    services.decide_sanction(
        handler,
        sanction,
        decision_no="5/QĐ-XPVPHC",
        decision_date=D(2026, 11, 10),
        fine=30_000_000,
        measures=["destruction"],
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.SANCTIONED and not sanction.decided_late
    services.record_payment(handler, sanction, 20_000_000)
    with pytest.raises(ValidationError, match="vượt số tiền phạt"):
        services.record_payment(handler, sanction, 10_000_001)
    sanction.refresh_from_db()
    assert sanction.fine_paid == 20_000_000 and sanction.outstanding == 10_000_000


def test_criminal_track(handler: User) -> None:
    case = _milk_case(handler, goods="dien-tu", area="01")
    with pytest.raises(ValidationError, match="cơ quan điều tra"):
        services.refer(handler, case, Agency.objects.get(code="01-THUE"), D(2026, 11, 4))
    police = Agency.objects.get(code="01-CA")
    referral = services.refer(handler, case, police, D(2026, 11, 4))
    cop = User.objects.get(username="congan.hanoi")
    with pytest.raises(PermissionDenied):
        services.referral_decision(
            handler, referral, decision=ReferralDecision.RETURNED, decided_on=D(2026, 11, 20)
        )
    referral = services.referral_decision(
        cop, referral, decision=ReferralDecision.RETURNED, decided_on=D(2026, 11, 20)
    )
    # Fri 20/11 + 3 working days: Mon 23, (Tue 24/11 is Vietnamese Culture Day), Wed 25, Thu 26.
    assert referral.file_return_due == D(2026, 11, 26)


ACCESS = [
    # (username, view, edit)
    ("qltt.hanoi", True, True),  # recorder, owner agency
    ("canbo.qltt.hanoi", True, True),  # colleague in the owner agency
    ("congan.hanoi", False, False),  # another agency, not shared
    ("vptt.hanoi", True, False),  # standing office of the area
    ("vptt.langson", False, False),  # stranger
]


@pytest.mark.parametrize(("username", "view", "edit"), ACCESS)
def test_case_access(handler: User, username: str, view: bool, edit: bool) -> None:
    case = _milk_case(handler, goods="dien-tu", area="01")
    user = User.objects.get(username=username)
    assert policy.can(user, "view", case) is view
    assert policy.can(user, "edit", case) is edit


def test_sharing_and_confidential_cases(handler: User) -> None:
    case = _milk_case(handler, goods="dien-tu", area="01")
    cop, colleague, standing = (
        User.objects.get(username=u) for u in ("congan.hanoi", "canbo.qltt.hanoi", "vptt.hanoi")
    )
    services.share(handler, case, cop.agency, can_edit=False)  # type: ignore[arg-type]
    assert policy.can(cop, "view", case) and not policy.can(cop, "edit", case)
    with pytest.raises(PermissionDenied):
        services.share(colleague, case, cop.agency, can_edit=True)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="lý do"):
        services.set_confidential(handler, case, "bí mật", [])
    case = services.set_confidential(handler, case, "Đang trinh sát, chưa công khai", [cop])
    assert policy.can(cop, "view", case) and policy.can(handler, "view", case)
    assert not policy.can(colleague, "view", case) and not policy.can(standing, "view", case)


def test_case_list_filters_export_and_hides_confidential(
    handler: User, django_assert_max_num_queries: Any
) -> None:
    import io

    from django.test import Client
    from openpyxl import load_workbook

    for _ in range(5):
        _milk_case(handler, goods="dien-tu", area="01")
    secret = _milk_case(handler, goods="dien-tu", area="01")
    services.set_confidential(handler, secret, "Đang trinh sát, chưa công khai", [])
    colleague = Client()
    colleague.force_login(User.objects.get(username="canbo.qltt.hanoi"))
    with django_assert_max_num_queries(13):  # 12, and the confidential cases one may read
        page = colleague.get("/cases/", {"kind": "counterfeit", "province": "01"}).content.decode()
    assert page.count('data-case="') == 5 and secret.reference not in page
    xlsx = colleague.get("/cases/", {"kind": "counterfeit", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 5 and rows[0][8] == 36_000_000
    assert colleague.get(f"/cases/{secret.pk}/").status_code == 403
    stranger = Client()
    stranger.force_login(User.objects.get(username="vptt.langson"))
    assert stranger.get("/cases/").content.decode().count('data-case="') == 0
    own = Client()
    own.force_login(handler)
    detail = own.get(f"/cases/{secret.pk}/").content.decode()
    assert "Đang trinh sát" in detail and "Cửa hàng bán sữa bột giả" in detail


def test_inspection_warns_when_another_agency_checked_the_business_recently(handler: User) -> None:
    from django.test import Client
    from django.utils import timezone

    from hub389.cases import inspections
    from hub389.cases.models import Inspection

    shop, _ = subjects.find_or_create(
        handler, kind="household", name="Cửa hàng Sữa Mẹ", tax_code="0100109106"
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    cop = User.objects.get(username="congan.hanoi")
    hanoi = Area.objects.get(code="01")
    first, overlaps = inspections.plan(
        cop, subject=shop, area=hanoi, planned_on=tomorrow, purpose="Kiểm tra hàng nhập lậu", members=[]
    )
    assert first is not None and overlaps == []
    with pytest.raises(PermissionDenied):
        inspections.record_result(handler, first, "done", findings="Không phát hiện vi phạm")
    assert inspections.record_result(cop, first, "done", findings="Không phát hiện vi phạm").status == "done"
    with pytest.raises(ValidationError, match="quá khứ"):
        inspections.plan(
            handler, subject=shop, area=hanoi, planned_on=D(2020, 1, 1), purpose="Kiểm tra", members=[]
        )
    client = Client()
    client.force_login(handler)
    form = {
        "kind": "household",
        "name": "Cửa hàng Sữa Mẹ",
        "tax_code": "0100109106",
        "planned_on": (tomorrow + datetime.timedelta(days=7)).strftime("%d/%m/%Y"),
        "purpose": "Kiểm tra chất lượng sữa",
        "members": [Agency.objects.get(code="01-SYT").pk],
    }
    page = client.post("/cases/inspections/", form).content.decode()
    assert "Công an thành phố Hà Nội kiểm tra ngày" in page and Inspection.objects.count() == 1
    client.post("/cases/inspections/", {**form, "confirm": "1"})
    planned = Inspection.objects.get(lead_agency=handler.agency)
    assert "Công an" in planned.overlap_note and [m.code for m in planned.members.all()] == ["01-SYT"]
