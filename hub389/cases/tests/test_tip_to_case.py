"""From a tip to its case in one click, and back: the tip page opens the case form filled
from the tip (place, goods group, summary; never who sent it), the case links the tip, the
tip's history links the case. The settle form offers only outcomes the agency may decide."""

from typing import Any

import pytest
from django.test import Client

from hub389.accounts.models import User
from hub389.cases.models import Case
from hub389.tests.factories import make_tip
from hub389.tips import services as tips

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_case_from_a_tip_is_prefilled_and_linked_both_ways(handler: User) -> None:
    tip = make_tip(handler, named=True, place="Kho số 9 ngõ 12 Nguyễn Văn Cừ")
    client = _client(handler)
    page = client.get(f"/tips/{tip.pk}/").content.decode()
    assert f'href="/cases/new/?tip={tip.pk}"' in page and "Lập vụ việc từ tin báo từ" not in page
    form = client.get(f"/cases/new/?tip={tip.pk}").content.decode()
    assert f'value="{tip.reference}"' in form and f'value="{tip.summary}"' in form
    assert f'<option value="{tip.area_id}" selected>' in form and 'value="tip" selected' in form
    assert 'value="Kho số 9 ngõ 12 Nguyễn Văn Cừ"' in form
    assert (
        "Bảo Mật" not in form and "0912345678" not in form
    )  # the informant's name never reaches the case form
    data: dict[str, Any] = {
        "summary": tip.summary,
        "detection": "tip",
        "tip_ref": tip.reference,
        "detected_on": "01/12/2026",
        "violations": ["counterfeit"],
        "channel": "inland",
        "province": tip.area_id,
        "goods-TOTAL_FORMS": "0",
        "goods-INITIAL_FORMS": "0",
    }
    answer = client.post("/cases/new/", data)
    assert answer.status_code == 302, answer.content.decode()[:800]
    case = Case.objects.get(tip=tip)
    assert f'href="/tips/{tip.pk}/"' in client.get(f"/cases/{case.pk}/").content.decode()
    history = client.get(f"/tips/{tip.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/" class="case-link">{case.reference}</a>' in history


def test_another_agencys_tip_prefills_nothing(handler: User, stranger: User) -> None:
    tip = make_tip(handler)
    form = _client(stranger).get(f"/cases/new/?tip={tip.pk}").content.decode()
    assert tip.reference not in form and tip.summary not in form


def test_the_settle_form_offers_only_what_the_agency_may_decide(handler: User, coordinator: User) -> None:
    """Market Surveillance may not decide to prosecute; the Police may."""
    tip = tips.assign(handler, make_tip(handler), handler)
    page = _client(handler).get(f"/tips/{tip.pk}/").content.decode()
    assert 'value="admin_case"' in page and 'value="prosecute"' not in page
    police = coordinator.agency
    assert police is not None and police.can_investigate
    tip.agency = police  # the same tip in the Police's hands
    assert "prosecute" in dict(tips.outcomes_for(tip))
