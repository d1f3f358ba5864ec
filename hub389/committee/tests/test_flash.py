"""Flash reports: reported from a case to the committee's office and leaders, acknowledged by
the leader, forwarded up on the committee's decision; the one-page DOCX; what is refused."""

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from docx import Document

from hub389 import policy
from hub389.audit.models import AuditEntry
from hub389.cases.models import CaseEvent
from hub389.committee.models import FlashReport, Incident
from hub389.committee.services import flash
from hub389.notifications.models import Notification
from hub389.registry.models import Agency, Area
from hub389.tests.factories import make_case

NOW = timezone.now()


def data(**over: Any) -> flash.FlashInput:
    values: dict[str, Any] = {
        "incident": Incident.SEIZURE,
        "title": "Bắt giữ 12 tấn đường cát nhập lậu",
        "happened_at": NOW - datetime.timedelta(hours=3),
        "area": Area.objects.get(code="00070"),
        "place": "Kho số 5 phố Hàng Bạc",
        "what": "Tổ công tác kiểm tra kho, phát hiện 12 tấn đường không có hóa đơn.",
        "goods": "Đường cát 12 tấn",
        "value_vnd": 450_000_000,
        "measures": "Tạm giữ hàng hóa, lập biên bản.",
        "lead_agency": Agency.objects.get(code="01-QLTT"),
    }
    values.update(over)
    return flash.FlashInput(**values)


@pytest.mark.django_db
def test_a_flash_report_reaches_the_leader_who_acknowledges_it_then_goes_up(
    handler: Any, leader: Any, owner: Any, national: Any, stranger: Any
) -> None:
    case = make_case(handler, area="00070", summary="Kho đường nhập lậu")
    report = flash.report(handler, data(case=case))
    assert report.committee.area.code == "01" and report.number >= 1
    assert report.reference.endswith("/BC-" + (report.agency.short_name or report.agency.code))
    step = report.steps.get()
    assert step.due_at == step.sent_at + datetime.timedelta(hours=4)
    told = set(
        Notification.objects.filter(url=f"/committee/flash/{report.pk}/").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"lanhdao.hanoi", "vptt.hanoi"} <= told
    assert CaseEvent.objects.filter(case=case, kind="flash_report").exists()
    # Who sees it: the reporter's agency, the committee's office and leader; not the nation yet.
    for user, sees in ((handler, True), (owner, True), (leader, True), (national, False), (stranger, False)):
        assert policy.can(user, "view", report) is sees
        assert policy.visible(user, "view", FlashReport).filter(pk=report.pk).exists() is sees
    assert [s.pk for s in flash.waiting_for(leader)] == [step.pk] or step.pk in [
        s.pk for s in flash.waiting_for(leader)
    ]
    assert not policy.can(owner, "forward", report)  # not before the leader has read it
    # The office may not acknowledge for the leader.
    with pytest.raises(PermissionDenied):
        flash.acknowledge(owner, step)
    flash.acknowledge(leader, step, "Chỉ đạo QLTT phối hợp Công an điều tra mở rộng.")
    step.refresh_from_db()
    assert step.acknowledged_by == leader and step.acknowledged_at is not None
    assert step.pk not in [s.pk for s in flash.waiting_for(leader)]
    with pytest.raises(PermissionDenied):
        flash.acknowledge(leader, step)
    # Forwarding needs the committee's decision, then the nation sees it.
    with pytest.raises(ValidationError):
        flash.forward(owner, report, " ")
    up = flash.forward(owner, report, "Trưởng ban chỉ đạo báo cáo Ban Chỉ đạo quốc gia")
    assert up.committee.level == "national"
    assert policy.can(national, "view", report)
    assert not policy.can(owner, "forward", report)  # the nation has no level above
    assert (
        AuditEntry.objects.filter(
            action__in=["flash.report", "flash.acknowledge", "flash.forward"], object_id=str(report.pk)
        ).count()
        == 3
    )


@pytest.mark.django_db
def test_refused_flash_reports_change_nothing(handler: Any, stranger: Any, owner: Any) -> None:
    case = make_case(handler, area="00070")
    before = FlashReport.objects.count()
    with pytest.raises(PermissionDenied):
        flash.report(stranger, data(case=case))  # a case the reporter may not open
    with pytest.raises(ValidationError) as error:
        flash.report(
            handler, data(title=" ", what="", happened_at=NOW + datetime.timedelta(days=1), lead_agency=None)
        )
    assert set(error.value.message_dict) == {"title", "what", "happened_at", "lead_agency"}
    assert FlashReport.objects.count() == before
    with pytest.raises(ValidationError):
        flash.set_deadlines(owner, flash.committee_for(Area.objects.get(code="01")), 0, 4, 12)


@pytest.mark.django_db
def test_the_committee_sets_its_hours_and_a_late_report_says_so(handler: Any, owner: Any) -> None:
    committee = flash.committee_for(Area.objects.get(code="01"))
    with pytest.raises(PermissionDenied):
        flash.set_deadlines(handler, committee, 6, 2, 8)
    flash.set_deadlines(owner, committee, 6, 2, 8)
    report = flash.report(handler, data(happened_at=NOW - datetime.timedelta(hours=7)))
    assert report.late and report.report_due == report.happened_at + datetime.timedelta(hours=6)
    assert report.steps.get().due_at - report.steps.get().sent_at == datetime.timedelta(hours=2)


@pytest.mark.django_db
def test_pages_and_the_document(handler: Any, leader: Any) -> None:
    case = make_case(handler, area="00070", summary="Kho đường nhập lậu")
    client = Client()
    client.force_login(handler)
    form = client.get(f"/committee/flash/new/?case={case.pk}")
    assert form.status_code == 200 and "Kho đường nhập lậu" in form.content.decode()
    posted = client.post(
        f"/committee/flash/new/?case={case.pk}",
        {
            "incident": "seizure",
            "title": "Bắt giữ kho đường nhập lậu",
            "happened_on": f"{timezone.localdate():%d/%m/%Y}",
            "happened_time": "00:05",
            "province": Area.objects.get(code="01").pk,
            "commune": "00070",
            "what": "Phát hiện kho đường không hóa đơn.",
            "value_vnd": "450.000.000",
            "lead_agency": Agency.objects.get(code="01-QLTT").pk,
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:2000]
    report = FlashReport.objects.latest("pk")
    assert report.value_vnd == 450_000_000 and report.case == case and report.area.code == "00070"
    leader_client = Client()
    leader_client.force_login(leader)
    listing = leader_client.get("/committee/flash/").content.decode()
    assert 'id="flash-waiting"' in listing and report.title in listing
    home = leader_client.get("/").content.decode()
    assert 'id="flash-banner"' in home and 'id="work-flash"' in home and report.title in home
    step = report.steps.get()
    leader_client.post(
        f"/committee/flash/{report.pk}/",
        {"action": "acknowledge", "step": step.pk, "instruction": "Xử lý nghiêm"},
    )
    step.refresh_from_db()
    assert step.acknowledged_at is not None
    section = leader_client.get("/").content.decode().split('id="work-flash"')[1].split("</section>")[0]
    assert report.title not in section
    document = client.get(f"/committee/flash/{report.pk}/docx/")
    text = "\n".join(p.text for p in Document(io.BytesIO(document.content)).paragraphs)
    assert "BÁO CÁO NHANH" in text and "450.000.000" in text and "Hồi 00 giờ 05" in text
