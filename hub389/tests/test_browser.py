"""Browser tests: Debian's Chromium driven by Playwright against a live server (the browser
and page fixtures are in conftest.py, the sign-in and screenshots in browser.py)."""

import pytest
from playwright.sync_api import Browser, Page, expect

from hub389.tests.browser import login as _login
from hub389.tests.browser import shot as _shot
from hub389.tests.inprocess import run_worker

pytestmark = pytest.mark.browser


def test_login_search_switch_language_and_matrix(page: Page):
    _login(page)
    # Search a commune without diacritics, on a phone-sized screen.
    page.goto(page.base + "/registry/areas/")  # type: ignore[attr-defined]
    page.fill("#q", "hoan kiem")
    page.press("#q", "Enter")
    expect(page.locator("#areas")).to_contain_text("Phường Hoàn Kiếm")
    # The matrix of Lạng Sơn shows the deliberate gap at Chi Ma.
    page.goto(page.base + "/registry/matrix/?committee=20&date=01/01/2026")  # type: ignore[attr-defined]
    gap = page.locator('td[data-problem="gap"]')
    expect(gap).to_have_count(1)
    expect(gap).to_have_css("background-color", "rgb(253, 226, 225)")
    expect(page.locator("#problems")).to_contain_text("Cửa khẩu Chi Ma")
    # Hà Nội's shows the overlap in e-commerce.
    page.select_option("#committee", "01")
    page.fill("#date", "01/01/2026")
    page.click("text=Xem")
    hanoi_row = page.locator("#matrix tr", has_text="Thành phố Hà Nội")
    overlap = hanoi_row.locator('td[data-problem="overlap"]')
    expect(overlap).to_have_count(1)
    expect(overlap).to_contain_text("Chồng chéo")
    expect(overlap).to_have_css("background-color", "rgb(255, 241, 204)")
    # Switch to English and back.
    page.click("#lang-switch")
    expect(page.locator("h1")).to_contain_text("Jurisdiction matrix")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_contain_text("Ma trận thẩm quyền")


def test_background_job_shows_progress_until_done(page: Page, live_server):
    from django.core.management import call_command

    _login(page)
    page.goto(page.base + "/registry/matrix/?committee=20")  # type: ignore[attr-defined]
    page.click("text=Rà soát toàn quốc")
    expect(page.locator('[role="progressbar"]')).to_be_visible()
    expect(page.locator("#job-status")).to_have_text("Đang chờ")
    # The worker runs here while the page keeps polling the server on its own.
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    expect(page.locator("#job-status")).to_have_text("Hoàn thành", timeout=20000)
    expect(page.locator("#job a.button")).to_contain_text("khoang-trong-tham-quyen")


def _photo_with_gps(tmp_path) -> str:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}
    path = tmp_path / "IMG_2026_kho_hang.jpg"
    Image.new("RGB", (64, 48), "orange").save(path, format="JPEG", exif=exif)
    return str(path)


def test_citizen_and_officer_follow_a_tip_to_its_result(chromium: Browser, page: Page, settings, tmp_path):
    """A citizen sends an anonymous tip with a photo and keeps the code; the lead agency's
    officer sees it routed, asks a question; the citizen answers with the code; the officer
    settles it; the citizen reads the result."""

    settings.HUB389_TIP_POW_BITS = 12
    base = page.base  # type: ignore[attr-defined]
    phone = chromium.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    other_phone = chromium.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    try:
        _tip_flow(page, phone.new_page(), other_phone.new_page(), base, tmp_path)
    finally:
        phone.close()
        other_phone.close()


def _tip_flow(page: Page, citizen: Page, later: Page, base: str, tmp_path) -> None:
    from hub389.attachments.models import Attachment
    from hub389.tips.models import Tip

    citizen.set_default_timeout(20000)

    citizen.goto(base + "/tin-bao/")
    citizen.fill("#id_summary", "Kho điện thoại nhập lậu ở Ba Đình")
    citizen.fill("#id_description", "Kho trong ngõ nhận hàng trăm thùng điện thoại không hoá đơn mỗi đêm.")
    citizen.select_option("#id_goods_group", label="Điện tử, điện lạnh, điện thoại")
    citizen.select_option("#id_province", label="Thành phố Hà Nội")
    expect(citizen.locator("#id_commune option", has_text="Phường Ba Đình")).to_have_count(1)
    citizen.select_option("#id_commune", "00004")
    citizen.fill("#id_place", "Ngõ 12, kho tôn xanh")
    citizen.set_input_files("#id_attachments", _photo_with_gps(tmp_path))
    expect(citizen.locator("#contact")).to_be_hidden()  # anonymous by default
    _shot(citizen, "tips-1-form")
    citizen.click("#send")
    expect(citizen.locator("h1")).to_contain_text("Tin báo đã được ghi nhận")
    code = citizen.locator("#receipt-code").inner_text().strip()
    assert len(code.replace(" ", "")) == 16
    _shot(citizen, "tips-2-receipt")
    # Until the worker has routed it, the status page says so.
    citizen.click("text=Xem tình trạng tin báo")
    expect(citizen.locator("#public-status")).to_contain_text("đang chuyển đến cơ quan có thẩm quyền")
    _shot(citizen, "tips-2b-routing")
    run_worker()  # the queue's worker, as `make run` runs it beside the server
    tip = Tip.objects.get(summary="Kho điện thoại nhập lậu ở Ba Đình")
    assert not tip.has_informant
    photo = Attachment.objects.get(owner_id=str(tip.pk)).file.read()
    assert b"PhoneMaker" not in photo

    # The Market Surveillance officer of Hà Nội finds it in the new tips, routed to them.
    _login(page, "qltt.hanoi")
    page.goto(base + "/tips/")
    row = page.locator("tr", has_text="Kho điện thoại nhập lậu ở Ba Đình")
    expect(row).to_contain_text("Phường Ba Đình")
    row.locator("a").first.click()
    expect(page.locator("#agency")).to_contain_text("Chi cục Quản lý thị trường Hà Nội")
    page.click("#take")
    expect(page.locator("#handler")).to_contain_text("Trần Văn Minh")
    page.fill("#question", "Xe chở hàng thường đến lúc mấy giờ, biển số bao nhiêu?")
    page.click("#ask")
    expect(page.locator("#history")).to_contain_text("Xe chở hàng thường đến lúc mấy giờ")
    _shot(page, "tips-3-officer")

    # The citizen comes back later, on another device, with the code.
    later.goto(base + "/tin-bao/tra-cuu/")
    later.fill("#id_code", code)
    later.click("#lookup")
    expect(later.locator("#public-agency")).to_have_text("Chi cục Quản lý thị trường Hà Nội")
    expect(later.locator(".timeline")).to_contain_text("biển số bao nhiêu")
    expect(later.locator("body")).not_to_contain_text("Trần Văn Minh")  # the officer stays unnamed
    later.fill("#id_text", "Khoảng 23 giờ, xe tải biển 29C-123.45.")
    later.click("#reply")
    expect(later.locator(".messages")).to_contain_text("Đã gửi")
    _shot(later, "tips-4-status")

    # The officer records the case found at the warehouse, reads the answer and settles the tip.
    from hub389.accounts.models import User
    from hub389.tests.factories import case_from

    case_from(User.objects.get(username="qltt.hanoi"), tip)
    page.reload()
    expect(page.locator("#history")).to_contain_text("Khoảng 23 giờ, xe tải biển 29C-123.45.")
    page.select_option("#outcome", "admin_case")
    page.fill(
        "#public_result", "Đã kiểm tra kho, tạm giữ 320 điện thoại nhập lậu, xử phạt hành chính chủ kho."
    )
    page.click("#settle")
    expect(page.locator("#status")).to_have_text("Đã giải quyết")

    later.reload()
    expect(later.locator("#public-status")).to_have_text("Đã giải quyết")
    expect(later.locator("#public-result")).to_contain_text("tạm giữ 320 điện thoại")
    _shot(later, "tips-5-result")


def test_counterfeit_milk_case_from_shop_to_destruction(page: Page):
    """Market Surveillance records a counterfeit-milk case at a shop in a Hà Nội ward, with the
    business found by tax code and two lots; the Health department (lead for food) is notified;
    the sanction decision is recorded in time; the goods are destroyed after Finance approves;
    the timeline shows every step."""
    from django.utils import timezone

    today = timezone.localdate().strftime("%d/%m/%Y")
    base = page.base  # type: ignore[attr-defined]
    _login(page, "qltt.hanoi")
    page.goto(base + "/cases/")
    page.click("#new-case")
    page.fill("#id_summary", "Cửa hàng bán sữa bột giả nhãn hiệu")
    page.fill("#id_detected_on", today)
    page.check("input[name=violations][value=counterfeit]")
    page.select_option("#id_goods_group", label="Sữa và sản phẩm từ sữa")
    page.select_option("#id_province", label="Thành phố Hà Nội")
    expect(page.locator("#id_commune option", has_text="Phường Hoàn Kiếm")).to_have_count(1)
    page.select_option("#id_commune", "00070")
    page.fill("#id_place", "Cửa hàng số 5 Hàng Bạc")
    page.fill("#id_goods-0-description", "Sữa bột giả")
    page.fill("#id_goods-0-brand", "Abbott")
    page.fill("#id_goods-0-quantity", "120")
    page.fill("#id_goods-0-unit", "hộp")
    page.fill("#id_goods-0-value", "36000000")
    page.select_option("#id_subject_kind", "household")
    page.fill("#id_subject_name", "Hộ kinh doanh Sữa Mẹ Hà Nội")
    page.fill("#id_subject_tax_code", "0100109107")  # wrong check digit first
    page.click("#save-case")
    expect(page.locator("#case-form")).to_contain_text("Mã số thuế")
    page.fill("#id_subject_tax_code", "0100109106")
    page.fill("#id_detected_on", today)
    page.click("#save-case")
    expect(page.locator(".messages")).to_contain_text("Sở Y tế Hà Nội")  # the lead agency is told
    expect(page.locator("#owner")).to_contain_text("Chi cục Quản lý thị trường Hà Nội")

    for description, quantity in (("Sữa bột giả lon 900 g", "100"), ("Sữa bột giả lon 400 g", "20")):
        page.click("text=Tạm giữ tang vật, vật chứng")
        page.select_option("#lot-kind", "exhibit")
        page.fill("#lot-description", description)
        page.fill("#lot-quantity", quantity)
        page.fill("#lot-unit", "hộp")
        page.select_option("#lot-bin", label="Kho tang vật Chi cục QLTT Hà Nội · A1 (Tang vật (hành chính))")
        page.fill("#lot-seized", today)
        page.click("#intake")
        expect(page.locator(".messages")).to_contain_text("Đã lưu")

    page.locator("details summary", has_text="Xử phạt hành chính").click()
    page.fill("#record-no", "15/BB-VPHC")
    page.fill("#record-date", today)
    page.click("#save-record")
    page.locator("details summary", has_text="Xử phạt hành chính").click()
    page.fill("#decision-no", "21/QĐ-XPHC")
    page.fill("#decision-date", today)
    page.fill("#fine", "30.000.000")
    page.check("input[name=measures][value=destruction]")
    page.click("#decide")
    expect(page.locator(".messages")).to_contain_text("Đã lưu")

    for index in range(2):
        lot = page.locator("details", has_text="Xử lý lô").nth(index)
        lot.locator("summary").click()
        lot.locator("select[name=method]").select_option("destroy")
        lot.locator(".approval-ref").fill("125/STC-QLCS")
        lot.locator(".approval-date").fill(today)
        lot.locator(".approve").click()
        expect(page.locator(".messages")).to_contain_text("Đã lưu")
    for _ in range(2):
        lot = page.locator("details", has_text="Xử lý lô").first
        lot.locator("summary").click()
        lot.locator(".done-on").fill(today)
        lot.locator(".dispose").click()
        expect(page.locator(".messages")).to_contain_text("Đã lưu")

    timeline = page.locator("#timeline")
    for step in (
        "Cửa hàng bán sữa bột giả",
        "Thông báo cơ quan chủ trì: Sở Y tế Hà Nội",
        "Hộ kinh doanh Sữa Mẹ",
        "Nhập kho",
        "Biên bản 15/BB-VPHC",
        "Quyết định 21/QĐ-XPHC",
        "125/STC-QLCS",
        "Tiêu hủy",
    ):
        expect(timeline).to_contain_text(step)
    expect(page.locator("body")).to_contain_text("Đã xử lý")


def test_task_issued_reported_with_a_file_and_escalated(page: Page, tmp_path):
    """The standing office issues a task under the 6-clear rule; the lead agency reports
    progress with a file; the overdue occurrence escalates to the agency head."""
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    base = page.base  # type: ignore[attr-defined]
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    _login(page, "vptt.hanoi")
    page.goto(base + "/plans/?committee=01")
    page.locator("summary", has_text="Lập kế hoạch mới").click()
    page.fill("#plan-title", "Kế hoạch kiểm tra sữa cuối năm")
    page.fill("input[name=starts_on]", "01/01/2026")
    page.fill("input[name=ends_on]", "31/12/2026")
    page.click("text=Tạo kế hoạch")
    expect(page.locator("h1")).to_contain_text("Kế hoạch kiểm tra sữa cuối năm")
    page.locator("summary", has_text="Thêm mục, nhiệm vụ").click()
    page.fill("#add-title", "Kiểm tra thị trường")
    page.click("#add-task")
    page.locator("summary", has_text="Thêm mục, nhiệm vụ").click()
    page.select_option("#add-parent", label="I. Kiểm tra thị trường")
    page.fill("#add-title", "Kiểm tra các cơ sở kinh doanh sữa tại Hoàn Kiếm")
    page.click("#add-task")
    # Issuing too early names what is missing.
    page.click("#issue")
    expect(page.locator(".messages")).to_contain_text("Rõ người")
    page.select_option("#lead-agency", label="Chi cục Quản lý thị trường Hà Nội")
    page.click("#save-task")
    page.select_option("#responsible", label="Trần Văn Minh")
    page.select_option("#timing", "deadline")
    page.fill("#due-on", yesterday)
    page.fill("#product", "Báo cáo kết quả kiểm tra")
    page.fill("#authority", "Kế hoạch số 12/KH-BCĐ389")
    page.click("#save-task")
    page.click("#issue")
    expect(page.locator("#task-status")).to_contain_text("Đã giao")
    task_url = page.url

    _login(page, "qltt.hanoi")
    page.goto(task_url)
    card = page.locator("[data-occurrence]").first
    expect(card).to_have_class("card u-overdue")
    card.locator("summary", has_text="Báo cáo tiến độ").click()
    card.locator("input[name=percent]").fill("60")
    card.locator("textarea[name=text]").fill("Đã kiểm tra 8/12 cơ sở, phát hiện 2 cơ sở bán sữa giả")
    report = tmp_path / "bien-ban.pdf"
    report.write_bytes(b"%PDF-1.4\n% bien ban kiem tra\n")
    card.locator("input[name=files]").set_input_files(str(report))
    card.locator("button", has_text="Gửi báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi báo cáo tiến độ")
    expect(page.locator("[data-occurrence]").first).to_contain_text("bien-ban.pdf")

    call_command("task_reminders")  # the daily run
    _login(page, "truong.qltt.hanoi")
    page.goto(base + "/notifications/")
    expect(page.locator("body")).to_contain_text("Nhiệm vụ quá hạn")
    page.goto(task_url)
    expect(page.locator("[data-occurrence]").first).to_contain_text("đã báo thủ trưởng")
    expect(page.locator("[data-occurrence]").first).to_contain_text("60%")


def test_monthly_report_submitted_returned_approved_and_counted(page: Page):
    """An agency officer submits the monthly report; the standing office returns it once, then
    approves it; the dashboard's completeness changes."""
    from hub389.lib import periods

    base = page.base  # type: ignore[attr-defined]
    from django.utils import timezone

    code = periods.containing("monthly", timezone.localdate()).previous().code
    _login(page, "vptt.hanoi")
    page.goto(base + "/reports/dashboard/?committee=01")
    before = page.locator("#dash-rate").inner_text()
    assert before.startswith("0/")

    _login(page, "qltt.hanoi")
    page.goto(base + f"/reports/?type=monthly&period={code}&committee=01")
    page.click("#open-report")
    expect(page.locator("#figures")).to_contain_text("Tổng số vụ việc phát hiện, xử lý")
    page.fill("input[name=fig_cases_total]", "5")  # typed by hand, breaks the sum rule
    page.fill("#n-situation", "Tình hình buôn lậu sữa giả diễn biến phức tạp.")
    page.click("#submit-report")
    expect(page.locator(".messages")).to_contain_text(
        "Tổng số vụ theo loại vi phạm phải bằng tổng số vụ việc"
    )
    page.fill("input[name=fig_cases_total]", "")
    page.click("#submit-report")
    expect(page.locator("#submission-status")).to_contain_text("Đã gửi, chờ duyệt")
    report_url = page.url

    _login(page, "vptt.hanoi")
    page.goto(report_url)
    page.fill("#review-comment", "Bổ sung khó khăn, vướng mắc")
    page.click("#return")
    expect(page.locator("#submission-status")).to_contain_text("Trả lại để sửa")

    _login(page, "qltt.hanoi")
    page.goto(report_url)
    expect(page.locator("#events")).to_contain_text("Bổ sung khó khăn, vướng mắc")
    page.fill("#n-difficulties", "Thiếu kho tạm giữ tang vật.")
    page.click("#submit-report")
    expect(page.locator("#submission-status")).to_contain_text("Đã gửi, chờ duyệt")

    _login(page, "vptt.hanoi")
    page.goto(report_url)
    page.click("#approve")
    expect(page.locator("#submission-status")).to_contain_text("Đã duyệt")
    page.goto(base + "/reports/dashboard/?committee=01")
    expect(page.locator("#dash-rate")).to_contain_text("1/")
    expect(page.locator("#chart-kinds")).to_be_visible()
