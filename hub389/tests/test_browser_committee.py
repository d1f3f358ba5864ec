"""The committee's registers in Chromium, as issue 18 walks them: the standing office assigns
Phường Hoàn Kiếm to the Market Surveillance team leader → the police record a case there →
the team leader sees it in "my work" → the year-end ranking counts it; an agency records a
legal obstacle → the standing office forwards it → the ministry's answer closes it → the
yearly report counts it by status; a case becomes a flash report on a phone → the chief
sees the banner and acknowledges it; a platform's commitment is recorded and a breach links
to a case. No page breaks its Content-Security-Policy."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from hub389.accounts.models import User
from hub389.committee.models import AreaFinding, Commitment, FlashReport, Handling, Recommendation
from hub389.registry.models import Agency, Area
from hub389.registry.services import get_committee
from hub389.reports import assemble
from hub389.reports.models import ReportType
from hub389.tests.browser import login, shot
from hub389.tests.factories import make_case
from hub389.tests.personas import persona

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
TODAY = timezone.localdate()


def _watch(page: Page) -> list[str]:
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return refused


def _as(chromium: Browser, base: str, username: str, **kwargs: Any) -> Page:
    context = chromium.new_context(locale="vi-VN", **kwargs)
    context.set_default_timeout(15000)
    other = context.new_page()
    other.base = base  # type: ignore[attr-defined]
    login(other, username)
    return other


def test_area_responsibility_and_a_flash_report(chromium: Browser, page: Page) -> None:
    base = page.base  # type: ignore[attr-defined]
    refused = _watch(page)
    head = User.objects.get(username="truong.qltt.hanoi")
    # The standing office assigns the ward to the team leader, by decision.
    login(page, "vptt.hanoi")
    page.goto(f"{base}/committee/areas/")
    expect(page.locator("#gaps-title")).to_contain_text("chưa có người phụ trách")
    page.select_option("#a-area", str(Area.objects.get(code="00070").pk))
    page.select_option("#a-agency", str(Agency.objects.get(code="01-QLTT").pk))
    page.fill("#a-unit", "Đội Quản lý thị trường số 1")
    page.select_option("#a-officer", str(head.pk))
    page.fill("#a-decision", "125/QĐ-BCĐ389")
    page.fill("#a-decided", "02/01/2026")
    page.fill("#a-from", "05/01/2026")
    page.click("#assign")
    expect(page.locator("#assignments")).to_contain_text("Phạm Thu Hà")
    dots = page.locator("#areas-map path.leaflet-interactive")
    expect(dots.first).to_be_attached()
    assert dots.count() > 10  # the communes of Hà Nội, on the province's outline
    shot(page, "committee-areas")
    # The police record a case in the ward: the team leader is told and sees it in "my work".
    case = make_case(  # within the home page's 30 days, whatever day the suite runs
        persona("coordinator"),
        area="00070",
        summary="Công an phát hiện kho mỹ phẩm giả",
        detected_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    assert AreaFinding.objects.filter(case=case, assignment__officer=head).exists()
    leader_desk = _as(chromium, base, "truong.qltt.hanoi", viewport=PHONE)
    expect(leader_desk.locator("#work-areas")).to_contain_text("Phường Hoàn Kiếm")
    leader_desk.goto(f"{base}/committee/areas/findings/")
    expect(leader_desk.locator("#findings")).to_contain_text("Công an")
    # The year-end ranking counts it against the team leader.
    page.goto(f"{base}/plans/evaluation/?committee=01&year={case.detected_on.year}")
    expect(page.locator("#keepers")).to_contain_text("Phạm Thu Hà")
    expect(page.locator("#ranking")).to_contain_text("Chi cục Quản lý thị trường Hà Nội")
    # An officer on a phone turns a case into a flash report.
    own = make_case(persona("handler"), area="00070", summary="Kho sữa bột giả cung cấp cho trường học")
    officer = _as(chromium, base, "qltt.hanoi", viewport=PHONE)
    officer.goto(f"{base}/cases/{own.pk}/")
    officer.click("#flash-from-case")
    expect(officer.locator("#from-case")).to_be_visible()
    officer.select_option("#id_incident", "health")
    officer.fill("#id_happened_time", "14:30")
    officer.fill(
        "#id_what", "Phát hiện 1.240 lon sữa bột giả trong kho, sổ giao hàng ghi hai trường mầm non."
    )
    officer.fill("#id_value_vnd", "450.000.000")
    officer.click("#send-flash")
    expect(officer.locator("#flash-steps")).to_contain_text("Chờ lãnh đạo xác nhận")
    flash = FlashReport.objects.get(case=own)
    assert flash.value_vnd == 450_000_000
    # The chief sees the banner on every page and acknowledges it.
    chief = _as(chromium, base, "lanhdao.hanoi", viewport={"width": 1366, "height": 900})
    chief.click("#flash-banner a")
    chief.click(f"#flash-waiting a[href='/committee/flash/{flash.pk}/']")
    chief.fill(f"#instruction-{flash.steps.get().pk}", "QLTT chủ trì truy xuất nguồn hàng")
    chief.click("#acknowledge")
    expect(chief.locator("#flash-steps")).to_contain_text("đã xác nhận")
    expect(chief.locator("#flash-banner")).to_have_count(0)
    assert refused == []


def test_a_recommendation_answered_and_a_commitment_broken(chromium: Browser, page: Page) -> None:
    base = page.base  # type: ignore[attr-defined]
    refused = _watch(page)
    # An agency records a legal obstacle and its recommendation.
    login(page, "qltt.hanoi")
    page.goto(f"{base}/committee/recommendations/")
    page.click("#new-recommendation")
    page.fill("#r-title", "Chưa có quy định tiêu hủy thực phẩm chức năng giả")
    page.fill("#r-obstacle", "Phải chờ giám định mới tiêu hủy; kho quá tải.")
    page.fill("#r-legal", "Nghị định 98/2020/NĐ-CP")
    page.fill("#r-proposal", "Sửa quy định về giám định, tiêu hủy hàng giả.")
    page.select_option("#r-level", "ministry")
    page.fill("#r-to", "Bộ Công Thương")
    page.click("#save-recommendation")
    expect(page.locator("#rec-status")).to_contain_text("Chưa xử lý")
    rec = Recommendation.objects.latest("pk")
    # The standing office forwards it, then records the ministry's answer, which closes it.
    office = _as(chromium, base, "vptt.hanoi", viewport={"width": 1366, "height": 900})
    office.goto(f"{base}/committee/recommendations/{rec.pk}/")
    office.fill("#f-doc", "847/BCĐ-CQTT")
    office.click("#forward-recommendation")
    expect(office.locator("#forwardings")).to_contain_text("Bộ Công Thương")
    office.fill("#a-doc", "5778/BCT-TTTN")
    office.fill("#a-on", f"{TODAY:%d/%m/%Y}")
    office.fill("#a-text", "Đã sửa đổi tại Nghị định mới.")
    office.select_option("#a-status", "handled")
    office.click("#record-answer")
    expect(office.locator("#rec-status")).to_contain_text("Đã được xử lý")
    rec.refresh_from_db()
    assert rec.status == Handling.HANDLED
    shot(office, "committee-recommendation")
    yearly = assemble.consolidated(
        ReportType.objects.get(code="yearly"), str(TODAY.year), get_committee("01")
    )
    table = next(t for t in yearly.tables if t.title.startswith("Biểu 03"))
    assert table.rows[0][3] == 1  # handled, in the period
    # A platform's commitment is recorded, with a wrong tax code first.
    sct = _as(chromium, base, "canbo.sct.hanoi", viewport=PHONE)
    sct.goto(f"{base}/committee/commitments/new/")
    sct.select_option("#c-category", "ecommerce")
    sct.fill("#c-name", "Cong ty TNHH San Thuong Mai Vi Du")
    sct.fill("#c-tax", "0100109107")
    sct.fill("#c-on", f"{TODAY:%d/%m/%Y}")
    sct.fill("#c-scope", "Gỡ gian hàng bán hàng giả trong 24 giờ.")
    sct.click("#save-commitment")
    expect(sct.locator(".messages")).to_contain_text("chữ số kiểm tra")
    assert not Commitment.objects.filter(signatory__startswith="Cong ty TNHH San").exists()
    sct.fill("#c-tax", "0100109106")
    sct.click("#save-commitment")
    expect(sct.locator("#no-breaches")).to_be_visible()
    commitment = Commitment.objects.get(signatory__startswith="Cong ty TNHH San")
    # An officer links a breach to a case.
    case = make_case(persona("handler"), area="00070", summary="Gian hàng trên sàn bán mỹ phẩm giả")
    page.goto(f"{base}/committee/commitments/{commitment.pk}/")
    page.fill("#b-case", case.reference)
    page.fill("#b-note", "Gian hàng chưa bị gỡ")
    page.click("#add-breach")
    expect(page.locator("#breaches")).to_contain_text(case.reference)
    page.goto(f"{base}/committee/commitments/")
    page.click("#breached-link")
    expect(page.locator("#commitments")).to_contain_text("Cong ty TNHH San")
    assert refused == []
