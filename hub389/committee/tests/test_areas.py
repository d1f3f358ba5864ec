"""Area responsibility: the standing office assigns a ward to a team and its officer; another
force's case there tells the officer and counts in the year-end ranking; what is refused."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from hub389 import policy
from hub389.accounts.models import User
from hub389.committee.models import AreaAssignment, AreaFinding
from hub389.committee.services import areas
from hub389.notifications.models import Notification
from hub389.plans import evaluation
from hub389.registry.models import Agency, Area
from hub389.registry.services import get_committee
from hub389.tests.factories import make_case

D = datetime.date


def data(head: User, **over: Any) -> areas.AssignmentInput:
    values: dict[str, Any] = {
        "area": Area.objects.get(code="00070"),
        "agency": Agency.objects.get(code="01-QLTT"),
        "unit": "Đội Quản lý thị trường số 1",
        "officer": head,
        "field": None,
        "decision_no": "125/QĐ-BCĐ389",
        "decision_date": D(2026, 1, 2),
        "valid_from": D(2026, 1, 5),
    }
    values.update(over)
    return areas.AssignmentInput(**values)


@pytest.mark.django_db
def test_an_assignment_and_what_it_refuses(owner: Any, head: Any, handler: Any, coordinator: Any) -> None:
    with pytest.raises(PermissionDenied):
        areas.assign(handler, data(head))
    before = AreaAssignment.objects.count()
    with pytest.raises(ValidationError, match="không thuộc"):
        areas.assign(owner, data(head, officer=coordinator))  # an officer outside the agency
    with pytest.raises(ValidationError, match="quyết định"):
        areas.assign(owner, data(head, decision_no="", decision_date=None))
    with pytest.raises(ValidationError, match="không giao cả tỉnh"):
        areas.assign(owner, data(head, area=Area.objects.get(code="01")))
    with pytest.raises(ValidationError, match="trong vòng một năm"):
        areas.assign(owner, data(head, valid_from=D(2030, 1, 1)))
    assert AreaAssignment.objects.count() == before
    row = areas.assign(owner, data(head))
    assert Notification.objects.filter(recipient=head, title__contains="Phường Hoàn Kiếm").exists()
    with pytest.raises(ValidationError, match="đã giao cho Đội Quản lý thị trường số 1"):
        areas.assign(owner, data(handler, unit="Đội QLTT số 2", valid_from=D(2026, 6, 1)))
    # Another force (the police) may have its own responsible person for the same ward.
    areas.assign(
        owner, data(coordinator, agency=Agency.objects.get(code="01-CA"), unit="Công an phường Hoàn Kiếm")
    )
    areas.end(owner, row, D(2026, 5, 31), "Điều động sang Đội số 3")
    areas.assign(owner, data(handler, unit="Đội QLTT số 2", valid_from=D(2026, 6, 1)))
    assert area_gap_excludes("00070")


def area_gap_excludes(code: str) -> bool:
    return not areas.gaps(Area.objects.get(code="01"), D(2026, 11, 2)).filter(code=code).exists()


@pytest.mark.django_db
def test_another_forces_case_tells_the_officer_and_counts_in_the_ranking(
    owner: Any, head: Any, handler: Any, coordinator: Any, leader: Any
) -> None:
    areas.assign(owner, data(head))
    own = make_case(handler, area="00070", summary="QLTT tự phát hiện kho hàng giả")
    assert not AreaFinding.objects.filter(case=own).exists()
    # found within the last 30 days (the home page's window), whatever day the suite runs
    recent = timezone.localdate() - datetime.timedelta(days=3)
    theirs = make_case(
        coordinator, area="00070", summary="Công an phát hiện kho mỹ phẩm giả", detected_on=recent
    )
    finding = AreaFinding.objects.get(case=theirs)
    assert finding.assignment.officer == head and finding.found_by.code == "01-CA"
    assert Notification.objects.filter(recipient=head, url="/committee/areas/findings/").exists()
    for user, sees in ((head, True), (owner, True), (leader, True), (handler, False), (coordinator, False)):
        assert policy.can(user, "view", finding) is sees
        assert policy.visible(user, "view", AreaFinding).filter(pk=finding.pk).exists() is sees
    client = Client()
    client.force_login(head)
    home = client.get("/").content.decode()
    # The case is the police's: its number and summary stay with those who may open it.
    assert 'id="work-areas"' in home and "Vụ việc trên địa bàn Phường Hoàn Kiếm" in home
    assert theirs.reference not in home
    areas.set_began(owner, finding, theirs.detected_on - datetime.timedelta(days=40))
    with pytest.raises(ValidationError):
        areas.set_began(owner, finding, theirs.detected_on + datetime.timedelta(days=1))
    committee = get_committee("01")
    scores = {s.agency.code: s for s in evaluation.evaluate(committee, theirs.detected_on.year)}
    assert scores["01-QLTT"].counts["areas"] == "1/2" and scores["01-QLTT"].rates["areas"] == 50.0
    keeper = next(k for k in evaluation.keepers(committee, theirs.detected_on.year) if k.officer == head)
    assert (keeper.own, keeper.by_others, keeper.average_undetected) == (1, 1, 40.0)
    page = Client()
    page.force_login(owner)
    assert "Phạm Thu Hà" in page.get("/plans/evaluation/?committee=01").content.decode()


@pytest.mark.django_db
def test_the_page_assigns_and_shows_the_gaps(owner: Any, head: Any) -> None:
    client = Client()
    client.force_login(owner)
    page = client.get("/committee/areas/").content.decode()
    assert 'id="areas-map"' in page and "Phường Hoàn Kiếm" in page.split('id="gaps"')[1]
    posted = client.post(
        "/committee/areas/",
        {
            "committee": "01",
            "area": Area.objects.get(code="00070").pk,
            "agency": Agency.objects.get(code="01-QLTT").pk,
            "unit": "Đội QLTT số 1",
            "officer": head.pk,
            "decision_no": "125/QĐ-BCĐ389",
            "decision_date": "02/01/2026",
            "valid_from": "05/01/2026",
        },
    )
    assert posted.status_code == 302 and AreaAssignment.objects.filter(officer=head).exists()
    page = client.get("/committee/areas/").content.decode()
    assert "Phường Hoàn Kiếm" not in page.split('id="gaps"')[1].split("</ul>")[0]
