"""The register of obstacles and recommendations: recorded by an agency, merged, forwarded
once per body, answered; a status goes back only with a reason; the list, its XLSX and the
counts by status take the same rows."""

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from hub389 import policy
from hub389.committee.models import Handling, Recommendation
from hub389.committee.services import recommendations as register
from hub389.tests.factories import make_case

TODAY = timezone.localdate()


def data(**over: Any) -> register.RecommendationInput:
    values: dict[str, Any] = {
        "title": "Chưa có quy định tiêu hủy hàng giả là thực phẩm chức năng",
        "obstacle": "Hàng tạm giữ phải chờ giám định, kho quá tải.",
        "legal_text": "Nghị định 98/2020/NĐ-CP",
        "article": "Điều 11",
        "effect": "Kéo dài thời hạn tạm giữ.",
        "proposal": "Sửa đổi quy định về giám định, tiêu hủy hàng giả.",
        "level": "ministry",
        "addressed_to": "Bộ Công Thương",
    }
    values.update(over)
    return register.RecommendationInput(**values)


@pytest.mark.django_db
def test_recorded_merged_forwarded_answered(
    handler: Any, coordinator: Any, owner: Any, leader: Any, stranger: Any
) -> None:
    case = make_case(handler, area="00070")
    first = register.record(handler, data(cases=[case]))
    second = register.record(coordinator, data(title="Vướng mắc về giám định hàng giả"))
    assert first.committee.area.code == "01" and second.number == first.number + 1
    for user, sees in (
        (handler, True),
        (coordinator, False),
        (owner, True),
        (leader, True),
        (stranger, False),
    ):
        assert policy.can(user, "view", first) is sees
        assert policy.visible(user, "view", Recommendation).filter(pk=first.pk).exists() is sees
    with pytest.raises(PermissionDenied):
        register.forward(
            handler, first, body="Bộ Công Thương", level="ministry", document_no="1/X", sent_on=TODAY
        )
    register.merge(owner, first, second)
    second.refresh_from_db()
    assert second.merged_into == first
    counts = register.by_status(Recommendation.objects.filter(pk__in=[first.pk, second.pk]))
    assert counts[Handling.NOT_HANDLED] == 1  # the merged pair counts once
    register.forward(
        owner, first, body="Bộ Công Thương", level="ministry", document_no="995/BCĐ-CQTT", sent_on=TODAY
    )
    with pytest.raises(ValidationError, match="không chuyển lần nữa"):
        register.forward(
            owner, first, body="bo cong thuong", level="ministry", document_no="996/BCĐ-CQTT", sent_on=TODAY
        )
    with pytest.raises(ValidationError):
        register.forward(
            owner, second, body="Bộ Tài chính", level="ministry", document_no="1/X", sent_on=TODAY
        )
    with pytest.raises(ValidationError, match="trước ngày chuyển"):
        register.answer(
            owner,
            first,
            body="Bộ Công Thương",
            document_no="1",
            answered_on=TODAY - datetime.timedelta(days=30),
            text="x",
            status=Handling.HANDLED,
        )
    # The agency whose recommendation was merged follows the one sent on.
    assert policy.can(coordinator, "view", first)
    assert policy.visible(coordinator, "view", Recommendation).filter(pk=first.pk).exists()
    register.answer(
        owner,
        first,
        body="Bộ Công Thương",
        document_no="120/BCT-PC",
        answered_on=TODAY,
        text="Đã đưa vào dự thảo sửa đổi Nghị định.",
        status=Handling.HANDLED,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == Handling.HANDLED
    with pytest.raises(ValidationError, match="cần ghi lý do"):
        register.set_status(owner, first, Handling.IN_PROGRESS, "")
    register.set_status(owner, first, Handling.IN_PROGRESS, "Bộ chưa ban hành văn bản sửa đổi")
    first.refresh_from_db()
    assert first.status == Handling.IN_PROGRESS
    assert [e.kind for e in first.events.all()] == ["recorded", "merged", "forwarded", "answered", "status"]


@pytest.mark.django_db
def test_bad_input_changes_nothing(handler: Any, stranger: Any) -> None:
    hidden = make_case(stranger.__class__.objects.get(username="haiquan.langson"), area="20")
    before = Recommendation.objects.count()
    with pytest.raises(ValidationError) as error:
        register.record(handler, data(title="", legal_text=" ", level="moon", cases=[hidden]))
    assert set(error.value.message_dict) == {"title", "legal_text", "level", "cases"}
    assert Recommendation.objects.count() == before
    rec = register.record(handler, data())
    with pytest.raises(ValidationError):
        register.forward(
            handler.__class__.objects.get(username="vptt.hanoi"),
            rec,
            body="Bộ Công Thương",
            level="ministry",
            document_no="1",
            sent_on=TODAY + datetime.timedelta(days=3),
        )
    assert not rec.forwardings.exists()


@pytest.mark.django_db
def test_the_page_the_counts_and_the_xlsx(handler: Any, owner: Any) -> None:
    rec = register.record(handler, data())
    client = Client()
    client.force_login(owner)
    page = client.get("/committee/recommendations/").content.decode()
    assert rec.reference in page and 'data-status="not_handled"' in page
    book = load_workbook(io.BytesIO(client.get("/committee/recommendations/?format=xlsx").content))
    sheet = book.active
    assert sheet is not None
    refs = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rec.reference in refs
    assert len(refs) == policy.visible(owner, "view", Recommendation).count()
    posted = client.post(
        f"/committee/recommendations/{rec.pk}/",
        {
            "action": "forward",
            "body": "Bộ Công Thương",
            "level": "ministry",
            "document_no": "5/BCĐ",
            "sent_on": f"{TODAY:%d/%m/%Y}",
        },
    )
    assert posted.status_code == 302 and rec.forwardings.count() == 1


@pytest.mark.django_db
def test_the_yearly_report_counts_them_by_status(handler: Any, owner: Any) -> None:
    from hub389.registry.services import get_committee
    from hub389.reports import assemble
    from hub389.reports.models import ReportType

    handled = register.record(handler, data())
    register.record(handler, data(title="Thiếu kho chứa tang vật"))
    register.answer(
        owner,
        handled,
        body="Bộ Công Thương",
        document_no="1/BCT",
        answered_on=TODAY,
        text="Đã sửa.",
        status="handled",
    )
    yearly = ReportType.objects.get(code="yearly")
    document = assemble.consolidated(yearly, str(TODAY.year), get_committee("01"))
    table = next(t for t in document.tables if t.title.startswith("Biểu 03"))
    assert table.columns[1:5] == ["Chưa xử lý", "Đang xử lý", "Đã được xử lý", "Không xử lý"]
    within = [int(v or 0) for v in table.rows[0][1:]]
    assert within[0] >= 1 and within[2] >= 1 and within[4] == sum(within[:4])
    monthly = ReportType.objects.get(code="monthly")
    assert not any(
        t.title.startswith("Biểu 03")
        for t in assemble.consolidated(monthly, f"{TODAY:%Y-%m}", get_committee("01")).tables
    )
