"""Case figures for the standing office, the referral's file return, inspection teams and
results, and the link from a tip to the case it led to."""

import datetime
import re
from html import unescape
from typing import Any
from urllib.parse import parse_qsl

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from hub389.accounts.models import User
from hub389.cases import figures, inspections, services
from hub389.cases.models import Case, Inspection, ReferralDecision
from hub389.cases.services import CaseInput
from hub389.registry.models import Agency, Area
from hub389.subjects import services as subjects
from hub389.tests.factories import make_case
from hub389.tips.models import EventKind, Tip
from hub389.tips.services import TipInput, record_tip

pytestmark = pytest.mark.django_db
D = datetime.date


def _case(handler: User, kinds: list[str], value: int = 1_000_000, **extra: Any) -> Any:
    extra.setdefault("area", "01")
    extra.setdefault("summary", "Kinh doanh hàng điện tử nhập lậu")
    return make_case(handler, kinds=kinds, value=value, **extra)


def test_figures_count_confidential_cases_but_never_list_them(handler: User) -> None:
    _case(handler, ["smuggling"], 5_000_000)
    _case(handler, ["smuggling", "counterfeit"], 7_000_000)
    secret = _case(handler, ["fraud"], 11_000_000)
    services.set_confidential(handler, secret, "Đang trinh sát, chưa công khai", [])
    _case(handler, ["fraud"], area="20", detected_on=D(2026, 11, 3))  # Lạng Sơn: not Hà Nội's
    _case(handler, ["fraud"], detected_on=D(2025, 11, 3))  # outside the period
    fig = figures.compute(Area.objects.get(code="01"), D(2026, 1, 1), D(2026, 12, 31))
    assert (fig.cases, fig.confidential, fig.goods_value) == (3, 1, 23_000_000)
    kinds = {line.code: line.count for line in fig.by_kind}
    assert kinds["smuggling"] == 2 and kinds["counterfeit"] == 0 and kinds["fraud"] == 1
    assert sum(line.count for line in fig.by_kind) == fig.cases  # once each, by principal kind
    assert [(line.code, line.count) for line in fig.by_owner] == [("01-QLTT", 3)]

    standing = Client()
    standing.force_login(User.objects.get(username="vptt.hanoi"))
    page = standing.get("/cases/figures/", {"committee": "01", "from": "01/01/2026", "to": "31/12/2026"})
    html = page.content.decode()
    assert 'id="fig-cases">3<' in html and "1 vụ việc bảo mật" in html
    assert "Đang trinh sát" not in html  # the reason is a detail, not a figure
    stranger = Client()
    stranger.force_login(User.objects.get(username="vptt.langson"))
    assert stranger.get("/cases/figures/", {"committee": "01"}).status_code == 403


def test_file_return_after_no_prosecution_is_flagged_late(handler: User) -> None:
    case = _case(handler, ["smuggling"])
    cop = User.objects.get(username="congan.hanoi")
    referral = services.refer(handler, case, Agency.objects.get(code="01-CA"), D(2026, 11, 4))
    with pytest.raises(ValidationError, match="không khởi tố"):
        services.file_returned(cop, referral, D(2026, 11, 5))
    client = Client()
    client.force_login(cop)
    client.post(
        f"/cases/{case.pk}/referral_decision/",
        {"referral": referral.pk, "decision": ReferralDecision.RETURNED, "decided_on": "06/11/2026"},
    )
    referral.refresh_from_db()
    assert referral.decision == ReferralDecision.RETURNED
    assert referral.file_return_due == D(2026, 11, 11)
    with pytest.raises(PermissionDenied):
        services.file_returned(handler, referral, D(2026, 11, 12))
    client.post(f"/cases/{case.pk}/file_returned/", {"referral": referral.pk, "on": "12/11/2026"})
    referral.refresh_from_db()
    assert referral.file_returned_on == D(2026, 11, 12)
    assert "quá hạn 11/11/2026" in case.events.get(kind="file_returned").text


def test_inspection_team_and_result(handler: User) -> None:
    shop, _ = subjects.find_or_create(
        handler, kind="household", name="Cửa hàng Sữa Mẹ", tax_code="0100109106"
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    hanoi = Area.objects.get(code="01")
    health = Agency.objects.get(code="01-SYT")
    outsider = User.objects.get(username="vptt.langson")
    with pytest.raises(ValidationError, match="không thuộc cơ quan trong đoàn"):
        inspections.plan(
            handler,
            subject=shop,
            area=hanoi,
            planned_on=tomorrow,
            purpose="Kiểm tra sữa",
            members=[health],
            team=[outsider],
        )
    colleague = User.objects.get(username="canbo.qltt.hanoi")
    planned, _ = inspections.plan(
        handler,
        subject=shop,
        area=hanoi,
        planned_on=tomorrow,
        purpose="Kiểm tra sữa",
        members=[health],
        team=[handler, colleague],
    )
    assert planned is not None and planned.team.count() == 2
    case = _case(handler, ["counterfeit"])
    client = Client()
    client.force_login(handler)
    assert "Cửa hàng Sữa Mẹ" in client.get("/cases/inspections/").content.decode()
    bad = client.post(
        "/cases/inspections/",
        {"action": "result", "inspection": planned.pk, "status": "done", "findings": ""},
    )
    assert "Ghi kết quả kiểm tra" in bad.content.decode()
    client.post(
        "/cases/inspections/",
        {
            "action": "result",
            "inspection": planned.pk,
            "status": "done",
            "findings": "Phát hiện 120 hộp sữa giả",
            "case": case.reference,
        },
    )
    planned = Inspection.objects.get(pk=planned.pk)
    assert planned.status == "done" and planned.case == case and "120 hộp" in planned.findings
    with pytest.raises(ValidationError, match="đã được ghi"):
        inspections.record_result(handler, planned, "cancelled")


def test_a_case_recorded_from_a_tip_shows_in_the_tip_history(handler: User) -> None:
    tip, _ = record_tip(
        handler,
        TipInput(
            summary="Cửa hàng bán điện thoại nhập lậu",
            description="Nhiều điện thoại không hóa đơn",
            area=Area.objects.get(code="00070"),
            channel="hotline",
        ),
        [],
    )
    case = _case(handler, ["smuggling"], detection="tip", tip=tip)
    event = Tip.objects.get(pk=tip.pk).events.get(kind=EventKind.CASE_OPENED)
    assert event.text == case.reference and event.from_agency == handler.agency


def test_case_search_ignores_diacritics_in_summary_place_and_subjects(handler: User) -> None:
    case = services.record_case(
        handler,
        CaseInput(
            detection="inspection",
            detected_on=D(2026, 11, 2),
            area=Area.objects.get(code="00070"),
            place="Chợ Đồng Xuân",
            summary="Cửa hàng bán sữa bột giả",
            violations=["counterfeit"],
        ),
    )
    shop, _ = subjects.find_or_create(
        handler, kind="household", name="Hộ kinh doanh Đức Thịnh", tax_code="0100109106"
    )
    services.add_subject(handler, case, shop)
    client = Client()
    client.force_login(handler)
    for query in ("sua bot", "SỮA", "dong xuan", "duc thinh"):
        assert case.reference in client.get("/cases/", {"q": query}).content.decode(), query
    assert case.reference not in client.get("/cases/", {"q": "xang dau"}).content.decode()
    assert case.reference not in client.get("/cases/", {"q": "bot sua"}).content.decode()  # in order
    short = client.get("/cases/", {"q": "Ữ "}).content.decode()  # too short: no search, told why
    assert 'id="short-query"' in short and case.reference in short


def test_case_list_pages_by_keyset_without_counting(handler: User, monkeypatch: Any) -> None:
    """Five cases, two a page: newest first, each page after the last row of the one before,
    the same day's cases ordered by id, no row twice or missed, and no COUNT query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hub389.cases import search as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    days = [D(2026, 11, 2), D(2026, 11, 2), D(2026, 11, 5), D(2026, 11, 1), D(2026, 11, 1)]
    made = [_case(handler, ["fraud"], detected_on=day) for day in days]
    expected = [c.reference for c in sorted(made, key=lambda c: (c.detected_on, c.pk), reverse=True)]
    client = Client()
    client.force_login(handler)
    seen: list[str] = []
    params: dict[str, str] = {"province": "01"}
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/cases/", params).content.decode()
        assert not any("COUNT(" in q["sql"].upper() for q in queries if "cases_case" in q["sql"])
        assert f"Trang {number}" in html
        rows = re.findall(r'data-case="(\d+)"', html)
        seen += [Case.objects.get(pk=pk).reference for pk in rows]
        found = re.search(r'href="\?([^"]*after=[^"]*)" id="next-page"', html)
        assert ('id="first-page"' in html) == (number > 1)
        if number == 3:
            assert found is None
        else:
            assert found is not None
            params = dict(parse_qsl(unescape(found.group(1))))
    assert seen == expected
    assert client.get("/cases/", {"after": "không-phải-khóa"}).status_code == 200  # a bad key: page 1


def test_search_looks_at_recent_months_first_and_misses_nothing(handler: User, monkeypatch: Any) -> None:
    """With a window of 10 days and pages of 2: a page the window fills comes from it; a page it
    cannot fill widens to everything; the pages equal the plain newest-first order."""
    from hub389.cases import search as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "SEARCH_WINDOWS", (10,))
    today = timezone.localdate()
    ages = [1, 2, 3, 40, 400]
    made = [_case(handler, ["fraud"], detected_on=today - datetime.timedelta(days=a)) for a in ages]
    _case(handler, ["fraud"], detected_on=today, summary="Vụ khác hẳn")  # not matched
    client = Client()
    client.force_login(User.objects.get(username="vptt.hanoi"))  # sees the area: windows
    seen: list[int] = []
    params = {"q": "dien tu NHAP LAU"}
    for _ in range(3):
        html = client.get("/cases/", params).content.decode()
        seen += [int(pk) for pk in re.findall(r'data-case="(\d+)"', html)]
        found = re.search(r'href="\?([^"]*after=[^"]*)" id="next-page"', html)
        if found is None:
            break
        params = dict(parse_qsl(unescape(found.group(1))))
    assert seen == [c.pk for c in made]
