"""Joint inspections: the warning when another agency checked the same business recently."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hub389.accounts.models import User
from hub389.registry.models import Agency, Area
from hub389.subjects import services as subjects

pytestmark = pytest.mark.django_db
D = datetime.date


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
