"""The case form links a case to the tip it came from by the tip's number; only a tip the
officer may see can be linked (another agency's number finds nothing, and says only that)."""

from typing import Any

from django.test import Client

from hub389.accounts.models import User
from hub389.cases.models import Case
from hub389.registry.models import Area
from hub389.tests.factories import make_tip


def _form(tip_ref: str) -> dict[str, Any]:
    commune = Area.objects.get(code="00070")
    return {
        "summary": "Kho hàng điện tử không rõ nguồn gốc",
        "detection": "tip",
        "tip_ref": tip_ref,
        "detected_on": "02/11/2026",
        "violations": ["fraud"],
        "channel": "inland",
        "province": commune.province_id,
        "commune": commune.code,
        "goods-TOTAL_FORMS": "0",
        "goods-INITIAL_FORMS": "0",
    }


def test_an_officer_links_a_tip_of_their_agency(handler: User) -> None:
    tip = make_tip(handler, area="00070")
    client = Client()
    client.force_login(handler)
    answer = client.post("/cases/new/", _form(tip.reference))
    assert answer.status_code == 302, answer.content.decode()[:500]
    assert Case.objects.get(tip=tip).owner == handler.agency


def test_a_tip_the_officer_may_not_see_cannot_be_linked(handler: User) -> None:
    tip = make_tip(handler, area="00070")
    customs = User.objects.get(username="haiquan.langson")
    client = Client()
    client.force_login(customs)
    page = client.post("/cases/new/", _form(tip.reference)).content.decode()
    assert f"Không tìm thấy tin báo “{tip.reference}”" in page
    assert not Case.objects.filter(tip=tip).exists()
