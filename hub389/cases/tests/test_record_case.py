"""Recording a case: the lead agency is told at once and may take it over; bad input saves nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hub389 import policy
from hub389.accounts.models import User
from hub389.cases import services
from hub389.cases.models import Detection, LeadNotice, NoticeStatus
from hub389.notifications.models import Notification
from hub389.registry.models import Agency
from hub389.tests.factories import make_milk_case

pytestmark = pytest.mark.django_db
D = datetime.date


def test_case_notifies_the_lead_agency_which_can_take_over(handler: User) -> None:
    health = User.objects.create(username="syt.hanoi", agency=Agency.objects.get(code="01-SYT"), role="head")
    case = make_milk_case(handler)  # milk → food safety → the Health department leads
    assert case.lead_agency is not None and case.lead_agency.code == "01-SYT"
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
        make_milk_case(handler, detected_on=D(2099, 1, 1))
    assert "tương lai" in str(err.value)
    with pytest.raises(ValidationError, match="gắn với tin báo"):
        make_milk_case(handler, detection=Detection.TIP)
    assert Case.objects.count() == 0
