"""Submissions: computed figures, typed figures, validation rules (seed 002's totals), the
approval cycle and the lock, consolidation without double counting, completeness, reminders,
access."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from hub389.accounts.models import User
from hub389.cases import services as cases
from hub389.cases.services import GoodsLine
from hub389.notifications.models import Notification
from hub389.registry.models import Agency, Area
from hub389.registry.services import get_committee
from hub389.reports import completeness, indicators, services, validation
from hub389.reports.models import ReportType, Submission, SubmissionStatus
from hub389.tests.factories import make_case

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def monthly() -> ReportType:
    return ReportType.objects.get(code="monthly")


def _current(monthly: ReportType) -> str:
    """The last period that has ended (still open for submissions)."""
    from hub389.lib import periods

    return periods.containing("monthly", timezone.localdate()).previous().code


def _case(
    user: User, day: datetime.date, kinds: list[str], value: int = 1_000_000, area: str = "00070"
) -> Any:
    return make_case(
        user,
        detected_on=day,
        area=area,
        summary="Kinh doanh hàng không rõ nguồn gốc",
        kinds=kinds,
        lines=[GoodsLine("Điện thoại", "5", "chiếc", value)],
    )


def test_seed_002_totals_fail_the_sum_rule() -> None:
    """Seed 002 (Hải Phòng, 2016–2025): 4,517 + 15,960 + 1,169 ≠ 22,183."""
    figures = dict.fromkeys(indicators.CODES, 0) | {
        "cases_total": 22_183,
        "cases_smuggling": 4_517,
        "cases_fraud": 15_960,
        "cases_counterfeit_ip": 1_169,
    }
    findings = validation.check(figures)
    errors = [f for f in findings if f.is_error]
    assert [f.rule.code for f in errors] == ["cases_by_kind"]
    assert (errors[0].left, errors[0].right) == (21_646, 22_183)
    assert "21.646" in str(errors[0]) and "22.183" in str(errors[0])


def test_agency_report_computed_typed_validated_returned_approved_locked(monthly: ReportType) -> None:
    officer = User.objects.get(username="qltt.hanoi")
    office = User.objects.get(username="vptt.hanoi")
    code = _current(monthly)
    period = monthly.period(code)
    _case(officer, period.start, ["smuggling", "counterfeit"], 5_000_000)
    _case(officer, period.end, ["fraud"], 2_000_000)
    _case(
        officer, period.end + datetime.timedelta(days=1), ["fraud"]
    ) if period.end < timezone.localdate() else None
    hanoi = get_committee("01")
    submission = services.open_submission(officer, monthly, code, hanoi)
    assert submission.figures["cases_total"] == 2 and submission.figures["cases_smuggling"] == 1
    assert submission.figures["goods_value"] == 7_000_000
    assert services.open_submission(officer, monthly, code, hanoi) == submission  # reopened, not doubled
    with pytest.raises(ValidationError) as err:
        services.save(officer, submission, typed={"fines_decided": "-5", "sanctions": "abc"}, narrative={})
    assert set(err.value.message_dict) == {"fines_decided", "sanctions"}
    services.save(
        officer, submission, typed={"cases_total": "3"}, narrative={"situation": "Tình hình ổn định"}
    )
    submission.refresh_from_db()
    assert submission.typed == ["cases_total"] and submission.figures["cases_total"] == 3
    with pytest.raises(ValidationError, match="Tổng số vụ theo loại"):
        services.submit(officer, submission)  # 1 + 1 ≠ 3: the sum rule blocks
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.DRAFT
    services.save(officer, submission, typed={}, narrative={"situation": "Tình hình ổn định"})
    services.submit(officer, submission)
    with pytest.raises(ValidationError, match="không sửa được"):
        services.save(officer, submission, typed={}, narrative={})
    with pytest.raises(PermissionDenied):
        services.review(officer, submission, approve=True)
    with pytest.raises(ValidationError, match="Ghi rõ nội dung"):
        services.review(office, submission, approve=False)
    services.review(office, submission, approve=False, comment="Bổ sung phần khó khăn")
    assert Notification.objects.filter(recipient=officer, title__contains="bị trả lại").exists()
    services.save(officer, submission, typed={}, narrative={"difficulties": "Thiếu kho tạm giữ"})
    services.submit(officer, submission)
    services.review(office, submission, approve=True)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    with pytest.raises(ValidationError, match="không sửa được"):
        services.save(officer, submission, typed={"cases_total": "9"}, narrative={})
    assert [e.kind for e in submission.events.all()][-1] == "approved"


def test_a_locked_period_cannot_be_opened_or_changed(monthly: ReportType) -> None:
    officer = User.objects.get(username="qltt.hanoi")
    with pytest.raises(ValidationError, match="đã khóa"):
        services.open_submission(officer, monthly, "2025-01", get_committee("01"))
    stranger = User.objects.get(username="vptt.langson")
    with pytest.raises(ValidationError, match="không phải thành viên"):
        services.open_submission(stranger, monthly, _current(monthly), get_committee("01"))


def test_warnings_need_a_comment(monthly: ReportType) -> None:
    officer = User.objects.get(username="qltt.hanoi")
    submission = services.open_submission(officer, monthly, _current(monthly), get_committee("01"))
    services.save(officer, submission, typed={"tips_received": "4", "tips_accepted": "3"}, narrative={})
    with pytest.raises(ValidationError, match="giải trình"):
        services.submit(officer, submission)
    services.save(
        officer,
        submission,
        typed={"tips_received": "4", "tips_accepted": "3"},
        narrative={},
        warnings_comment="Một tin nhận ngày cuối kỳ, thụ lý kỳ sau",
    )
    warnings = services.submit(officer, submission)
    assert [w.rule.code for w in warnings] == ["tips_accept_all"]


def test_consolidation_counts_a_shared_case_once_and_goes_up(monthly: ReportType) -> None:
    officer = User.objects.get(username="qltt.hanoi")
    office = User.objects.get(username="vptt.hanoi")
    code = _current(monthly)
    period = monthly.period(code)
    shared = _case(officer, period.end, ["smuggling"], 3_000_000)
    cases.share(officer, shared, Agency.objects.get(code="01-CA"), can_edit=True)
    hanoi = get_committee("01")
    totals, rows = services.consolidated_figures(monthly, code, hanoi)
    assert totals["cases_total"] == 1 and totals["goods_value"] == 3_000_000
    assert sum(int(r["figures"]["cases_total"]) for r in rows) == 1
    consolidated = services.consolidate(office, monthly, code, hanoi)
    assert consolidated.committee == get_committee("national") and consolidated.source_committee == hanoi
    assert consolidated.figures["cases_total"] == 1
    with pytest.raises(PermissionDenied):
        services.consolidate(officer, monthly, code, hanoi)


def test_completeness_states_and_reminders(monthly: ReportType) -> None:
    officer = User.objects.get(username="qltt.hanoi")
    code = _current(monthly)
    hanoi = get_committee("01")
    submission = services.open_submission(officer, monthly, code, hanoi)
    services.submit(officer, submission)
    due = monthly.due_on(monthly.period(code))
    status = completeness.status(monthly, code, hanoi, due)
    states = {r.agency.code: r.state for r in status.rows}
    today_state = "on_time" if timezone.localdate() <= due else "late"
    assert states["01-QLTT"] == today_state and states["01-CA"] == "pending"
    assert completeness.status(monthly, code, hanoi, due + datetime.timedelta(days=1)).rows[0].state in (
        "missing",
        "on_time",
        "late",
    )
    assert status.sent == 1 and status.expected == len(services.members(hanoi))
    sent = completeness.send_reminders(due)
    assert sent > 0
    cop = User.objects.get(username="congan.hanoi")
    assert Notification.objects.filter(recipient=cop, title__contains="Nhắc gửi báo cáo tháng").exists()
    assert not Notification.objects.filter(recipient=officer, title__contains="Nhắc gửi").exists()
    assert completeness.send_reminders(due) == 0  # once a day


def test_report_pages_and_access(monthly: ReportType, django_assert_max_num_queries: Any) -> None:
    officer = User.objects.get(username="qltt.hanoi")
    code = _current(monthly)
    submission = services.open_submission(officer, monthly, code, get_committee("01"))
    client = Client()
    client.force_login(officer)
    page = client.get(f"/reports/{submission.pk}/").content.decode()
    assert "Tổng số vụ việc phát hiện, xử lý" in page and 'name="fig_cases_total"' in page
    response = client.post(f"/reports/{submission.pk}/save/", {"fig_cases_total": "abc", "situation": "x"})
    assert response.status_code == 200 and 'value="abc"' in response.content.decode()  # shown again
    assert Submission.objects.get(pk=submission.pk).typed == []
    other = Client()
    other.force_login(User.objects.get(username="vptt.langson"))
    assert other.get(f"/reports/{submission.pk}/").status_code == 403
    office = Client()
    office.force_login(User.objects.get(username="vptt.hanoi"))
    with django_assert_max_num_queries(60):
        index = office.get(f"/reports/?type=monthly&period={code}&committee=01").content.decode()
    assert 'data-agency="01-QLTT"' in index and "Số liệu tổng hợp" in index
    with django_assert_max_num_queries(80):
        board = office.get("/reports/dashboard/?committee=01")
    assert board.status_code == 200 and 'id="dash-rate"' in board.content.decode()


def test_the_nation_sums_its_agencies_and_the_provinces_reports(monthly: ReportType) -> None:
    officer = User.objects.get(username="qltt.hanoi")
    office = User.objects.get(username="vptt.hanoi")
    code = _current(monthly)
    period = monthly.period(code)
    _case(officer, period.end, ["smuggling"], 3_000_000)
    _case(User.objects.get(username="haiquan.langson"), period.end, ["smuggling"], 1_000_000, area="20")
    nation = get_committee("national")
    totals, rows = services.consolidated_figures(monthly, code, nation)
    assert totals["cases_total"] == 2 and totals["goods_value"] == 4_000_000
    by_name = {getattr(r["agency"], "name", ""): r for r in rows}
    assert by_name["Ban Chỉ đạo 389 thành phố Hà Nội"]["figures"]["cases_total"] == 1
    assert by_name["Ban Chỉ đạo 389 tỉnh Lạng Sơn"]["source"].startswith("Chưa gửi")
    assert by_name["Ban Chỉ đạo 389 tỉnh Lạng Sơn"]["figures"]["goods_value"] == 1_000_000
    sent = services.consolidate(office, monthly, code, get_committee("01"))
    services.submit(office, sent)
    totals, rows = services.consolidated_figures(monthly, code, nation)
    hanoi = next(r for r in rows if getattr(r["agency"], "name", "") == "Ban Chỉ đạo 389 thành phố Hà Nội")
    print(
        sent.figures["cases_total"],
        [
            (getattr(r["agency"], "name", None), r["figures"]["cases_total"])
            for r in rows
            if r["figures"]["cases_total"]
        ],
    )
    assert hanoi["submission"] == sent and totals["cases_total"] == 2


def test_dashboard_is_cached_until_its_records_change(django_assert_num_queries: Any) -> None:
    from django.core.cache import cache

    from hub389.reports import dashboard

    cache.clear()
    hanoi = get_committee("01")
    today = timezone.localdate()
    first = dashboard.cached_context(hanoi, today)
    with django_assert_num_queries(0):
        again = dashboard.cached_context(hanoi, today)
    assert again["cards"][0].now == first["cards"][0].now
    _case(User.objects.get(username="qltt.hanoi"), today - datetime.timedelta(days=40), ["fraud"])
    fresh = dashboard.cached_context(hanoi, today)  # the new case bumped the version
    assert fresh["generated"] > first["generated"]


def test_every_figure_links_to_the_cases_behind_it(monthly: ReportType) -> None:
    from hub389.cases.deadlines import Route

    officer = User.objects.get(username="qltt.hanoi")
    code = _current(monthly)
    period = monthly.period(code)
    before = _case(officer, period.start - datetime.timedelta(days=40), ["fraud"])  # detected earlier
    sanction = cases.record_violation(
        officer,
        before,
        record_no="9/BB",
        record_date=period.start - datetime.timedelta(days=39),
        route=Route.COMPLEX,
    )
    cases.decide_sanction(
        officer, sanction, decision_no="9/QĐ", decision_date=period.start, fine=5_000_000, measures=[]
    )
    other = _case(officer, period.start, ["fraud"])
    scope = indicators.Scope(Area.objects.get(code="01"), officer.agency)
    client = Client()
    client.force_login(officer)
    fines = client.get(indicators.link("fines_decided", scope, period)).content.decode()
    assert before.reference in fines and other.reference not in fines  # decided in the period
    listed = client.get(indicators.link("cases_total", scope, period)).content.decode()
    assert other.reference in listed and before.reference not in listed  # detected in the period
    assert indicators.link("tasks_overdue", scope, period) == "/plans/?committee=01"


@pytest.mark.parametrize(("day", "state"), [(16, "on_time"), (17, "late")])
def test_before_the_17th_means_the_16th_is_the_last_day(monthly: ReportType, day: int, state: str) -> None:
    """Seed 003: "Trước ngày 17 hằng tháng". A report sent on the 17th is late."""
    officer = User.objects.get(username="qltt.hanoi")
    submission = services.open_submission(officer, monthly, "2026-11", get_committee("01"))
    services.submit(officer, submission)
    sent_at = timezone.make_aware(datetime.datetime(2026, 11, day, 15, 0))
    Submission.objects.filter(pk=submission.pk).update(submitted_at=sent_at)
    rows = completeness.status(monthly, "2026-11", get_committee("01"), datetime.date(2026, 11, 20)).rows
    assert {r.agency.code: r.state for r in rows}["01-QLTT"] == state


def test_a_refused_send_keeps_what_was_typed(monthly: ReportType) -> None:
    """Sending with a figure that cannot be read is refused and changes nothing, and the page
    shows again what the officer typed (it used to come back empty)."""
    from django.test import Client

    officer = User.objects.get(username="qltt.hanoi")
    submission = services.open_submission(officer, monthly, _current(monthly), get_committee("01"))
    client = Client()
    client.force_login(officer)
    page = client.post(
        f"/reports/{submission.pk}/submit/",
        {"fig_cases_total": "1,5", "situation": "Tình hình diễn biến phức tạp ở chợ Ninh Hiệp."},
    ).content.decode()
    assert "Tình hình diễn biến phức tạp ở chợ Ninh Hiệp." in page and 'value="1,5"' in page
    assert "số nguyên" in page
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT and not submission.narrative.get("situation")
