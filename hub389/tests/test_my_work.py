"""The home page is "my work": what waits for each officer, with its legal deadline and a link,
taken from what they may see; a stranger's items never appear."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hub389.accounts.models import User
from hub389.cases import services as cases
from hub389.cases.deadlines import Route
from hub389.reports import services as reports
from hub389.tests.factories import make_case, make_submission, make_tip
from hub389.tips import services as tips

pytestmark = pytest.mark.django_db


def _home(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/").content.decode()


def test_an_officer_sees_their_tips_cases_and_reports_with_deadlines(handler: User, stranger: User) -> None:
    tip = tips.assign(handler, make_tip(handler), handler)
    case = make_case(handler, area="01", summary="Kho hàng điện tử nhập lậu ở Gia Lâm")
    today = timezone.localdate()
    sanction = cases.record_violation(
        handler, case, record_no="3/BB", record_date=today, route=Route.STANDARD
    )
    page = _home(handler)
    assert f'href="/tips/{tip.pk}/"' in page and tip.due_on is not None
    assert f"{tip.due_on:%d/%m/%Y}" in page and "BLTTHS Điều 147" in page
    assert "Ra quyết định xử phạt · " + case.reference in page
    assert f"{sanction.decision_due:%d/%m/%Y}" in page and "LXLVPHC Điều 66" in page
    assert 'id="work-reports"' in page and "Báo cáo tháng" in page
    assert "Xin chào" in page and "tỉnh, thành phố" not in page  # no registry counts any more
    other = _home(stranger)
    assert tip.reference not in other and case.reference not in other


def test_the_lead_agency_sees_the_notice_to_answer(handler: User) -> None:
    from hub389.accounts.models import Role
    from hub389.registry.models import Agency

    health = User.objects.create_user(
        "yte.hanoi",
        password="x",
        agency=Agency.objects.get(code="01-SYT"),
        role=Role.OFFICER,
        full_name="Lê Y Tế",
    )
    case = make_case(
        handler, area="01", goods="sua", kinds=["counterfeit"], summary="Sữa bột giả ở chợ Đồng Xuân"
    )
    assert case.lead_agency is not None and case.lead_agency.code == "01-SYT"
    assert case.reference in _home(health)


def test_the_standing_office_sees_reports_awaiting_its_review(handler: User, owner: User) -> None:
    submission = make_submission(handler)
    reports.submit(handler, submission)
    page = _home(owner)
    assert f'href="/reports/{submission.pk}/"' in page and 'id="work-approvals"' in page


def test_my_work_takes_a_bounded_number_of_queries(handler: User, django_assert_max_num_queries: Any) -> None:
    for n in range(6):
        tips.assign(handler, make_tip(handler, summary=f"Tin số {n} về kho hàng lậu"), handler)
        make_case(handler, area="01", summary=f"Vụ số {n} kinh doanh hàng lậu")
    client = Client()
    client.force_login(handler)
    with django_assert_max_num_queries(30):
        assert client.get("/").status_code == 200
