import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hub389.accounts.models import User
from hub389.registry.models import Agency
from hub389.registry.routing import standing_office_for
from hub389.tests.factories import case_from
from hub389.tips import kpi, services
from hub389.tips.models import Nature, Outcome, Status, Tip

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_queue_tabs_and_query_count(make_tip: Any, handler: User, django_assert_max_num_queries: Any) -> None:
    for _ in range(12):
        services.assign(handler, make_tip(), handler)
    make_tip(summary="Tin mới chưa giao")
    client = _client(handler)
    with django_assert_max_num_queries(14):
        mine = client.get(reverse("tips:queue"), {"tab": "mine"})
    assert mine.content.decode().count('data-tip="') == 12
    new = client.get(reverse("tips:queue")).content.decode()
    assert "Tin mới chưa giao" in new and new.count('data-tip="') == 1


def test_detail_for_stranger_is_forbidden(make_tip: Any, stranger: User, coordinator: User) -> None:
    tip = make_tip(named=True)
    assert _client(stranger).get(reverse("tips:detail", args=[tip.pk])).status_code == 403
    page = _client(coordinator).get(reverse("tips:detail", args=[tip.pk])).content.decode()
    assert tip.summary in page and 'id="settle"' not in page  # coordinators read only
    assert "Nguyễn Văn Bảo Mật" not in page and "Có danh tính (bảo mật)" in page


def test_actions_through_the_page(make_tip: Any, handler: User, head: User) -> None:
    tip = make_tip()
    client = _client(handler)
    client.post(reverse("tips:act", args=[tip.pk, "take"]))
    client.post(reverse("tips:act", args=[tip.pk, "lock"]))
    page = _client(head).get(reverse("tips:detail", args=[tip.pk])).content.decode()
    assert 'id="lock-banner"' in page
    response = client.post(
        reverse("tips:act", args=[tip.pk, "settle"]),
        {"outcome": "admin_case", "public_result": "ngắn"},
        follow=True,
    )
    assert "Ghi kết quả để thông báo cho người báo tin" in response.content.decode()
    refused = client.post(
        reverse("tips:act", args=[tip.pk, "settle"]),
        {"outcome": "admin_case", "public_result": "Đã lập biên bản, xử phạt chủ kho."},
        follow=True,
    )
    assert "Lập vụ việc từ tin báo" in refused.content.decode()  # no case yet: refused
    case_from(handler, tip)
    client.post(
        reverse("tips:act", args=[tip.pk, "settle"]),
        {"outcome": "admin_case", "public_result": "Đã lập biên bản, xử phạt chủ kho."},
    )
    tip.refresh_from_db()
    assert tip.status == Status.SETTLED and tip.outcome == Outcome.ADMIN_CASE


def test_bulk_assign_merge_and_not_a_tip(make_tip: Any, head: User, teammate: User) -> None:
    a, b, c, d = (make_tip() for _ in range(4))
    client = _client(head)
    client.post(reverse("tips:bulk"), {"action": "assign", "handler": teammate.pk, "tip": [a.pk, b.pk]})
    assert set(Tip.objects.filter(handler=teammate).values_list("pk", flat=True)) >= {a.pk, b.pk}
    client.post(reverse("tips:bulk"), {"action": "merge", "tip": [c.pk, a.pk]})
    c.refresh_from_db()
    assert c.status == Status.MERGED and c.merged_into_id == a.pk
    client.post(reverse("tips:bulk"), {"action": "not_a_tip", "reason": "Tin thử nghiệm", "tip": [d.pk]})
    d.refresh_from_db()
    assert d.status == Status.NOT_A_TIP


def test_reveal_page_requires_reason_and_is_audited(make_tip: Any, handler: User) -> None:
    tip = services.assign(handler, make_tip(named=True), handler)
    client = _client(handler)
    url = reverse("tips:reveal", args=[tip.pk])
    assert "Nguyễn Văn Bảo Mật" not in client.get(url).content.decode()
    page = client.post(url, {"reason": "Gọi lại để hẹn lấy thêm chứng cứ"}).content.decode()
    assert "Nguyễn Văn Bảo Mật" in page and "0912345678" in page


def test_book_is_printable_and_never_names_the_informant(make_tip: Any, handler: User) -> None:
    tip = make_tip(named=True)
    page = _client(handler).get(reverse("tips:book")).content.decode()
    assert tip.reference in page and "SỔ TIẾP NHẬN" in page
    assert "Nguyễn Văn Bảo Mật" not in page


def test_book_is_in_the_order_tips_arrived(make_tip: Any, handler: User) -> None:
    """A letter received on the 1st but recorded after a call of the 2nd comes first."""
    import datetime

    from django.utils import timezone

    now = timezone.now()
    call = make_tip(summary="Cuộc gọi ngày hai", received_at=now - datetime.timedelta(days=1))
    letter = make_tip(summary="Thư đến ngày một", received_at=now - datetime.timedelta(days=2))
    page = _client(handler).get(reverse("tips:book")).content.decode()
    assert letter.book_number > call.book_number
    assert page.index("Thư đến ngày một") < page.index("Cuộc gọi ngày hai")


def test_head_page_lists_overdue_and_crime_reports_to_transfer(
    make_tip: Any, handler: User, head: User
) -> None:
    import datetime

    from django.utils import timezone

    late = make_tip(received_at=timezone.now() - datetime.timedelta(days=25), summary="Tin đã quá hạn")
    crime = services.assign(handler, make_tip(summary="Tin có dấu hiệu tội phạm"), handler)
    services.classify(handler, crime, Nature.CRIME)
    page = _client(head).get(reverse("tips:deadlines")).content.decode()
    assert late.due_on is not None and late.due_on < timezone.localdate()
    overdue = page.split('id="overdue"')[1].split('id="near"')[0]
    assert "Tin đã quá hạn" in overdue
    assert "Tin có dấu hiệu tội phạm" in page.split("Cần chuyển cơ quan có thẩm quyền")[1]


def test_kpi_page_command_and_xlsx_agree(
    make_tip: Any, handler: User, coordinator: User, capsys: Any
) -> None:
    tips = [make_tip() for _ in range(4)]
    services.assign(handler, tips[0], handler)
    case_from(handler, tips[0])
    services.settle(handler, tips[0], Outcome.ADMIN_CASE, "Đã xử phạt hành chính.")
    services.assign(handler, tips[1], handler)
    services.classify(handler, tips[1], Nature.CRIME)
    services.transfer(handler, tips[1], Agency.objects.get(code="01-CA"), "Dấu hiệu tội phạm")
    from django.utils import timezone

    today = timezone.localdate()
    report = kpi.compute(
        standing_office_for(tips[0].area).standing_for.get(), today.replace(day=1), today, today
    )
    qltt = next(r for r in report.agencies if r.code == "01-QLTT")
    police = next(r for r in report.agencies if r.code == "01-CA")
    assert (qltt.received, qltt.accepted, qltt.settled, qltt.on_time, qltt.transferred_out) == (3, 1, 1, 1, 1)
    assert (police.received, police.accepted) == (1, 0)
    assert report.total.received == 4 and report.total.settle_rate == 100.0

    start = today.replace(day=1).strftime("%d/%m/%Y")
    end = today.strftime("%d/%m/%Y")
    call_command("tips_kpi", "--committee", "01", "--from", start, "--to", end)
    out = capsys.readouterr().out
    qltt_line = next(
        line for line in out.splitlines() if line.startswith("Chi cục Quản lý thị trường Hà Nội")
    )
    assert qltt_line.split()[-8:] == ["3", "1", "33,3%", "1", "100,0%", "1", "0", "1"]

    client = _client(handler)
    page = client.get(reverse("tips:kpi"), {"committee": "01", "from": start, "to": end}).content.decode()
    assert 'id="kpi-received">4<' in page
    xlsx = client.get(reverse("tips:kpi"), {"committee": "01", "from": start, "to": end, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content))["Theo cơ quan"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["Chi cục Quản lý thị trường Hà Nội"][1:5] == (3, 1, 33.3, 1)
    assert rows["Tổng cộng"][1] == 4


def test_kpi_of_another_province_is_refused(stranger: User) -> None:
    response = _client(stranger).get(reverse("tips:kpi"), {"committee": "01"})
    assert response.status_code == 403


def test_kpi_command_rejects_bad_input() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("tips_kpi", "--committee", "01", "--from", "31/02/2026", "--to", "01/03/2026")
    with pytest.raises(CommandError, match="Không có Ban Chỉ đạo"):
        call_command("tips_kpi", "--committee", "99", "--from", "01/01/2026", "--to", "01/03/2026")


def test_reminders_once_a_day(make_tip: Any, handler: User, django_capture_on_commit_callbacks: Any) -> None:
    import datetime

    from django.core import mail
    from django.utils import timezone

    from hub389.tips.reminders import send_reminders

    tip = services.assign(
        handler, make_tip(received_at=timezone.now() - datetime.timedelta(days=19)), handler
    )
    mail.outbox.clear()
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today) >= 1
    assert send_reminders(today) == 0
    assert any(tip.reference in m.body and m.to == [handler.email] for m in mail.outbox)


def test_all_lists_what_the_user_sees_and_only_actionable_rows_are_selectable(
    make_tip: Any, handler: User, head: User, coordinator: User
) -> None:
    """The police officer's "Tất cả" was empty while "Phối hợp" listed the tips they coordinate;
    an officer who may not triage was offered bulk assignment the service then refused."""
    tip = make_tip()
    assert tip.coordinators.filter(pk=coordinator.agency_id).exists()
    police = _client(coordinator).get(reverse("tips:queue"), {"tab": "all"}).content.decode()
    assert f'data-tip="{tip.pk}"' in police and 'name="tip"' not in police and 'id="bulk"' not in police
    officer = _client(handler).get(reverse("tips:queue"), {"tab": "all"}).content.decode()
    assert f'data-tip="{tip.pk}"' in officer and 'id="bulk"' not in officer
    chief = _client(head).get(reverse("tips:queue"), {"tab": "all"}).content.decode()
    assert f'name="tip" value="{tip.pk}"' in chief and 'id="bulk"' in chief
