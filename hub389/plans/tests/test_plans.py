"""Plans: the Hanoi fixture, XLSX import, the 6-clear rule, progress, escalation, directions,
campaigns, evaluation and access."""

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from hub389.accounts.models import User
from hub389.cases.services import GoodsLine
from hub389.notifications.models import Notification
from hub389.plans import campaigns, evaluation, importer, services
from hub389.plans.models import Occurrence, Plan, Task, TaskStatus
from hub389.registry.models import Agency, Area, GoodsGroup
from hub389.registry.services import get_committee
from hub389.tests.factories import make_case

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def office(db: Any) -> User:
    return User.objects.get(username="vptt.hanoi")


@pytest.fixture
def hanoi_plan(office: User) -> Plan:
    return importer.import_fixture("hanoi-2030", office).plan


def _task(plan: Plan, path: str) -> Task:
    return plan.task_at(path)


def test_hanoi_fixture_loads_the_appendix(hanoi_plan: Plan) -> None:
    assert hanoi_plan.tasks.filter(is_section=True).count() == 8
    assert hanoi_plan.tasks.filter(is_section=False).count() == 39
    assert _task(hanoi_plan, "I.1.2").lead_agency.code == "01-SYT"  # type: ignore[union-attr]
    assert _task(hanoi_plan, "I.1.8").lead_agency.code == "01-CA"  # type: ignore[union-attr]
    assert _task(hanoi_plan, "I.1.10").lead_agency.code == "01-HQ"  # type: ignore[union-attr]
    assert _task(hanoi_plan, "I.1.1").parent == _task(hanoi_plan, "I.1")
    police = _task(hanoi_plan, "II.3")
    assert police.lead_agency.code == "01-CA" and "điều tra" in police.lead_group  # type: ignore[union-attr]
    assert list(police.coordinators.values_list("code", flat=True)) == ["01-VKS"]
    collective = _task(hanoi_plan, "I.1")
    assert collective.lead_agency is None and "UBND các xã, phường" in collective.lead_group
    assert _task(hanoi_plan, "II.5").timing == "on_direction"
    first = _task(hanoi_plan, "II.4")
    assert (first.timing, first.due_on) == ("ongoing", D(2026, 1, 31))
    conference = _task(hanoi_plan, "V.1")
    assert (conference.lead_agency.code, conference.due_on) == ("01-SCT", D(2026, 12, 31))  # type: ignore[union-attr]
    assert list(_task(hanoi_plan, "VIII.2").coordinators.values_list("code", flat=True)) == ["VN-BCA"]
    assert not hanoi_plan.tasks.exclude(status=TaskStatus.DRAFT).exists()


def test_import_command_reports_what_to_complete(office: User) -> None:
    out = io.StringIO()
    call_command("import_plan", "--fixture", "hanoi-2030", stdout=out)
    text = out.getvalue()
    assert "8 mục, 39 nhiệm vụ" in text and "I.1: cần bổ sung cơ quan chủ trì" in text


def test_the_same_plan_is_not_imported_twice(hanoi_plan: Plan, office: User) -> None:
    count = Task.objects.count()
    with pytest.raises(ValidationError, match="đã được nạp"):
        importer.import_fixture("hanoi-2030", office)
    assert Task.objects.count() == count and Plan.objects.filter(title=hanoi_plan.title).count() == 1


def _xlsx(rows: list[list[str]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(importer.COLUMNS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_xlsx_with_unknown_agencies_is_refused_whole(office: User) -> None:
    rows = [
        ["I", "Kiểm soát thị trường dịp Tết", "", "", "", "", ""],
        [
            "1",
            "Kiểm tra hàng thực phẩm",
            "Sở Y tế",
            "Công an thành phố Hà Nội",
            "31/01/2027",
            "Báo cáo",
            "KH 12",
        ],
        ["2", "Kiểm tra phân bón giả", "Sở Phân Bón Hà Nội", "", "Hằng tháng, ngày 17", "Báo cáo", "KH 12"],
        ["3", "Việc gì đó", "Sở Công Thương", "", "lúc nào đó", "", ""],
    ]
    before = Plan.objects.count()
    with pytest.raises(ValidationError) as err:
        importer.load_rows(
            get_committee("01"),
            {"title": "Kế hoạch Tết 2027", "starts_on": D(2027, 1, 1), "ends_on": D(2027, 12, 31)},
            importer.read_xlsx(_xlsx(rows)),
            office,
        )
    messages = err.value.messages
    assert "Dòng 4: không tìm thấy cơ quan chủ trì “Sở Phân Bón Hà Nội” trong danh mục cơ quan." in messages
    assert any(m.startswith("Dòng 5: không đọc được thời gian") for m in messages)
    assert Plan.objects.count() == before
    good = importer.load_rows(
        get_committee("01"),
        {"title": "Kế hoạch Tết 2027", "starts_on": D(2027, 1, 1), "ends_on": D(2027, 12, 31)},
        importer.read_xlsx(_xlsx(rows[:2])),
        office,
    )
    assert good.tasks == 1 and good.plan.tasks.get(number="1").lead_agency.code == "01-SYT"  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="không phải bảng tính"):
        importer.read_xlsx(io.BytesIO(b"not a workbook"))
    wrong = Workbook()
    wrong.active.append(["STT", "Việc", "Ai làm"])
    buffer = io.BytesIO()
    wrong.save(buffer)
    buffer.seek(0)
    with pytest.raises(ValidationError, match="Dòng tiêu đề"):
        importer.read_xlsx(buffer)


def test_six_clear_rule_blocks_issuing_until_every_part_is_there(hanoi_plan: Plan, office: User) -> None:
    task = _task(hanoi_plan, "I.1")  # collective lead, no person
    with pytest.raises(ValidationError) as err:
        services.issue_task(office, task)
    assert set(err.value.message_dict) == {"lead_agency", "responsible"}
    qltt = Agency.objects.get(code="01-QLTT")
    cop = User.objects.get(username="congan.hanoi")
    services.update_task(office, task, lead_agency=qltt, responsible=cop)
    with pytest.raises(ValidationError) as err:
        services.issue_task(office, task)
    assert "phải thuộc cơ quan chủ trì" in err.value.message_dict["responsible"][0]
    officer = User.objects.get(username="qltt.hanoi")
    services.update_task(
        office, task, responsible=officer, timing="deadline", due_on=D(2025, 12, 1), product=""
    )
    with pytest.raises(ValidationError) as err:
        services.issue_task(office, task)
    assert "trong thời gian của kế hoạch" in err.value.message_dict["due_on"][0]
    assert "Rõ sản phẩm" in err.value.message_dict["product"][0]
    assert not Occurrence.objects.filter(task=task).exists()
    services.update_task(office, task, due_on=D(2026, 12, 31), product="Báo cáo rà soát")
    services.issue_task(office, task)
    task.refresh_from_db()
    assert task.status == TaskStatus.ISSUED and task.occurrences.count() == 1
    assert Notification.objects.filter(recipient=officer, title__contains="Nhiệm vụ được giao").exists()
    with pytest.raises(PermissionDenied):
        services.issue_task(officer, _task(hanoi_plan, "I.1.2"))  # only the standing office issues


def _issued(plan: Plan, office: User, due: datetime.date, timing: str = "deadline") -> Task:
    task = services.add_task(
        office,
        plan,
        plan.tasks.filter(is_section=True).first(),
        title="Kiểm tra cơ sở kinh doanh sữa",
        lead_agency=Agency.objects.get(code="01-QLTT"),
        responsible=User.objects.get(username="qltt.hanoi"),
        timing=timing,
        due_on=due if timing == "deadline" else None,
        trigger="Bộ Công Thương" if timing == "on_direction" else "",
        product="Báo cáo kết quả kiểm tra",
        authority="Kế hoạch 2030",
        coordinators=[Agency.objects.get(code="01-SYT")],
    )
    return services.issue_task(office, task)


def test_progress_contribution_and_no_second_report(hanoi_plan: Plan, office: User) -> None:
    task = _issued(hanoi_plan, office, D(2026, 12, 31))
    occurrence = task.occurrences.get()
    officer = User.objects.get(username="qltt.hanoi")
    health = User.objects.create(username="syt.hn", agency=Agency.objects.get(code="01-SYT"))
    services.report_progress(
        health, occurrence, status="done", percent=100, text="Sở Y tế đã kiểm tra 3 cơ sở"
    )
    occurrence.refresh_from_db()
    assert occurrence.status == "open"  # a contribution never closes the occurrence
    with pytest.raises(ValidationError, match="sản phẩm đã nộp"):
        services.report_progress(officer, occurrence, status="done", percent=100, text="Đã kiểm tra xong")
    services.report_progress(
        officer,
        occurrence,
        status="done",
        percent=100,
        text="Đã kiểm tra 12 cơ sở",
        product_delivered="Báo cáo số 5/BC-QLTT",
        files=[(io.BytesIO(b"%PDF-1.4 bao cao"), "bao-cao.pdf")],
    )
    occurrence.refresh_from_db()
    task.refresh_from_db()
    assert occurrence.status == "done" and occurrence.done_on == timezone.localdate()
    assert task.status == TaskStatus.DONE
    with pytest.raises(ValidationError, match="không báo cáo lại"):
        services.report_progress(
            officer, occurrence, status="in_progress", percent=50, text="Báo cáo lần hai"
        )
    with pytest.raises(PermissionDenied):
        services.report_progress(
            User.objects.get(username="vptt.langson"), occurrence, status="done", percent=1, text="không được"
        )


def test_overdue_occurrence_escalates_to_head_then_standing_office(hanoi_plan: Plan, office: User) -> None:
    task = _issued(hanoi_plan, office, D(2026, 3, 1))
    head = User.objects.get(username="truong.qltt.hanoi")
    assert services.escalate_overdue(D(2026, 3, 1)) == {"heads": 0, "standing_office": 0}
    assert services.escalate_overdue(D(2026, 3, 2)) == {"heads": 1, "standing_office": 0}
    assert services.escalate_overdue(D(2026, 3, 3)) == {"heads": 0, "standing_office": 0}  # once only
    assert Notification.objects.filter(recipient=head, title__contains="quá hạn").count() == 1
    assert services.escalate_overdue(D(2026, 3, 9)) == {"heads": 0, "standing_office": 1}
    assert Notification.objects.filter(recipient=office, title__contains=task.number).exists()
    assert task.occurrences.get().escalation == 2


def test_a_task_waiting_for_a_direction_gets_its_date_when_it_arrives(hanoi_plan: Plan, office: User) -> None:
    task = _issued(hanoi_plan, office, D(2026, 1, 1), timing="on_direction")
    assert not task.occurrences.exists()
    directive = services.register_directive(
        office,
        hanoi_plan.committee,
        kind="cong_van",
        number="123/BCT-TTTN",
        issued_on=D(2026, 6, 1),
        issuer="Bộ Công Thương",
        summary="Hướng dẫn góp ý cơ sở dữ liệu hàng hóa",
    )
    with pytest.raises(ValidationError, match="trước ngày ban hành"):
        services.record_direction(office, task, directive, D(2026, 5, 1))
    services.record_direction(office, task, directive, D(2026, 7, 15))
    assert task.occurrences.get().directive == directive
    client = Client()
    client.force_login(office)
    page = client.get(f"/plans/directives/{directive.pk}/").content.decode()
    assert task.number in page and "15/07/2026" in page


def test_campaign_tags_cases_in_scope_and_counts_them(office: User) -> None:
    officer = User.objects.get(username="qltt.hanoi")
    milk = GoodsGroup.objects.get(code="sua")

    def record(goods: str, day: datetime.date) -> Any:
        return make_case(
            officer,
            detected_on=day,
            summary="Kinh doanh sữa giả",
            kinds=["counterfeit"],
            goods=goods,
            lines=[GoodsLine("Sữa bột", "10", "hộp", 4_000_000)],
        )

    today = timezone.localdate()
    before = record("sua", today - datetime.timedelta(days=3))
    other = record("dien-tu", today - datetime.timedelta(days=2))
    campaign = services.create_campaign(
        office,
        get_committee("01"),
        name="Cao điểm chống sữa giả",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=20),
        goods_groups=[milk],
        areas=[],
        agencies=[],
        members=[officer],
    )
    after = record("sua", today)
    tagged = set(campaign.cases.values_list("pk", flat=True))
    assert before.pk in tagged and after.pk in tagged and other.pk not in tagged
    fig = campaigns.figures(campaign)
    assert fig.cases == 2 and fig.goods_value == 8_000_000
    assert len(campaigns.slices(campaign)) == 3  # 31 days → 14 + 14 + 3
    with pytest.raises(ValidationError, match="ngoài phạm vi"):
        services.create_campaign(
            office,
            get_committee("01"),
            name="Đợt sai địa bàn",
            starts_on=today,
            ends_on=today,
            goods_groups=[],
            areas=[Area.objects.get(code="20")],
            agencies=[],
            members=[],
        )
    client = Client()
    client.force_login(officer)
    page = client.get(f"/plans/campaigns/{campaign.pk}/").content.decode()
    assert 'class="stat fig-cases">2<' in page and "8.000.000" in page


def test_evaluation_ranks_by_editable_weights(hanoi_plan: Plan, office: User) -> None:
    _issued(hanoi_plan, office, D(2026, 3, 1))  # QLTT: one occurrence, overdue, not done
    scores = {s.agency.code: s for s in evaluation.evaluate(get_committee("01"), 2026)}
    assert scores["01-QLTT"].rates["tasks"] == 0.0 and scores["01-QLTT"].total == 0.0
    assert scores["01-SYT"].rates["tasks"] is None  # no task due: left out, not counted as 0
    from hub389.reports.models import ReportType

    monthly = ReportType.objects.get(code="monthly")
    due = sum(monthly.due_on(monthly.period(f"2026-{m:02d}")) < timezone.localdate() for m in range(1, 13))
    assert scores["01-SYT"].counts["reports"] == (
        f"0/{due}" if due else "—"
    )  # monthly reports due, none sent
    with pytest.raises(ValidationError, match="từ 0 đến 100"):
        services.set_weights(office, get_committee("01"), {"tasks": "abc"})
    services.set_weights(office, get_committee("01"), {"tasks": "0", "reports": "1", "tips": "1"})
    assert evaluation.criteria(get_committee("01"))["tasks"] == 0
    client = Client()
    client.force_login(office)
    assert (
        "Chi cục Quản lý thị trường Hà Nội" in client.get("/plans/evaluation/?committee=01").content.decode()
    )


def test_plan_pages_access_and_query_counts(
    hanoi_plan: Plan, office: User, django_assert_max_num_queries: Any
) -> None:
    _issued(hanoi_plan, office, D(2026, 3, 1))
    client = Client()
    client.force_login(User.objects.get(username="qltt.hanoi"))
    with django_assert_max_num_queries(15):
        page = client.get(f"/plans/{hanoi_plan.pk}/").content.decode()
    assert page.count("data-task=") == 48 and "quá hạn" in page
    stranger = Client()
    stranger.force_login(User.objects.get(username="vptt.langson"))
    assert stranger.get(f"/plans/{hanoi_plan.pk}/").status_code == 403
    assert stranger.get(f"/plans/tasks/{_task(hanoi_plan, 'I.1.2').pk}/").status_code == 403
    manager = Client()
    manager.force_login(office)
    xlsx = SimpleUploadedFile("kh.xlsx", _xlsx([["I", "Mục một", "", "", "", "", ""]]).getvalue())
    response = manager.post(
        "/plans/new/?committee=01",
        {"title": "Kế hoạch nhỏ", "starts_on": "01/01/2027", "ends_on": "31/12/2027", "xlsx": xlsx},
    )
    assert response.status_code == 302 and Plan.objects.filter(title="Kế hoạch nhỏ").exists()
