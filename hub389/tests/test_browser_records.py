"""Browser tests of what officers type into records: numbers as they write them (echoed before
saving, on a desktop and on a phone), a correction with its timeline, and a case opened from a
tip in one click. Debian's Chromium driven by Playwright against a live server."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from hub389.lib.vnformat import format_vnd
from hub389.tests.browser import login as _login
from hub389.tests.browser import shot as _shot

pytestmark = pytest.mark.browser
EXAMPLES = json.loads((Path(__file__).parents[1] / "lib" / "number_examples.json").read_text())
SCREENS: dict[str, ViewportSize] = {
    "desktop": {"width": 1366, "height": 768},
    "phone": {"width": 390, "height": 844},
}


@pytest.fixture(params=list(SCREENS))
def screen(request, chromium: Browser, live_server, registry_live):
    context = chromium.new_context(locale="vi-VN", viewport=SCREENS[request.param])
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url  # type: ignore[attr-defined]
    page.screen = request.param  # type: ignore[attr-defined]
    yield page
    context.close()


def _echo(page: Page, selector: str) -> Locator:
    return page.locator(f"{selector} + output.echo")


def test_numbers_are_echoed_saved_as_meant_and_corrected(screen: Page) -> None:
    from django.utils import timezone

    page, base = screen, screen.base  # type: ignore[attr-defined]
    today = timezone.localdate().strftime("%d/%m/%Y")
    _login(page, "qltt.hanoi")
    page.goto(base + "/cases/new/")
    value, quantity = "#id_goods-0-value", "#id_goods-0-quantity"
    page.fill(value, "450.000.000")
    expect(_echo(page, value)).to_have_text("= 450.000.000 ₫")
    page.fill(value, "1,5")
    expect(_echo(page, value)).to_contain_text("dấu phẩy")
    expect(_echo(page, value)).to_have_class("echo bad")
    page.fill(quantity, "1.500")
    expect(_echo(page, quantity)).to_have_text("= 1.500")
    if page.screen == "desktop":  # type: ignore[attr-defined]
        # The browser's echo and the server's parser read every shared example alike.
        for text, expected in EXAMPLES["money"]:
            if not text.strip():
                continue
            page.fill(value, text)
            echo = _echo(page, value)
            if expected is None:
                expect(echo).to_have_class("echo bad")
            else:
                expect(echo).to_have_text(f"= {format_vnd(expected)}")
    else:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the case form is {width} px wide on a 390 px phone"
    page.fill("#id_summary", "Kho rượu ngoại không rõ nguồn gốc ở Long Biên")
    page.fill("#id_detected_on", today)
    page.check("input[name=violations][value=unknown_origin]")
    page.select_option("#id_province", label="Thành phố Hà Nội")
    page.fill("#id_goods-0-description", "Rượu vang Pháp")
    page.fill(quantity, "1.500")
    page.fill("#id_goods-0-unit", "chai")
    page.fill(value, "450.000.000")
    page.click("#add-goods")
    expect(page.locator(".goods-line")).to_have_count(3)
    page.fill("#id_goods-2-description", "Rượu Whisky")
    page.fill("#id_goods-2-quantity", "1,5")
    page.fill("#id_goods-2-unit", "thùng")
    page.fill("#id_goods-2-value", "12 triệu")
    expect(_echo(page, "#id_goods-2-value")).to_have_text("= 12.000.000 ₫")
    _shot(page, f"case-form-{page.screen}")  # type: ignore[attr-defined]
    page.click("#save-case")
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận vụ việc")
    expect(page.locator("body")).to_contain_text("1.500 chai")
    expect(page.locator("body")).to_contain_text("1,5 thùng")
    expect(page.locator(".stat").nth(1)).to_have_text("462.000.000 ₫")

    page.click("#amend")
    page.fill("#id_goods-0-value", "460.000.000")
    page.check("#id_goods-1-DELETE")
    page.fill("#id_reason", "Biên bản định giá lại")
    page.click("#save-case")
    expect(page.locator(".messages")).to_contain_text("Đã đính chính")
    expect(page.locator(".stat").nth(1)).to_have_text("460.000.000 ₫")
    amendment = page.locator("#timeline table.amendment")
    expect(amendment).to_contain_text("462.000.000 ₫")
    expect(amendment.locator("del").first).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Biên bản định giá lại")
    if page.screen == "phone":  # type: ignore[attr-defined]
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the case page is {width} px wide on a 390 px phone"
    _shot(page, f"case-amended-{page.screen}")  # type: ignore[attr-defined]


def test_a_case_is_opened_from_a_tip_in_one_click(page: Page) -> None:
    from hub389.accounts.models import User
    from hub389.tests.factories import make_tip

    officer = User.objects.get(username="qltt.hanoi")
    tip = make_tip(officer, named=True, place="Kho số 9 ngõ 12 Nguyễn Văn Cừ")
    base = page.base  # type: ignore[attr-defined]
    _login(page, "qltt.hanoi")
    page.goto(f"{base}/tips/{tip.pk}/")
    page.click("#open-case")
    expect(page.locator("#from-tip")).to_contain_text(tip.reference)
    expect(page.locator("#id_tip_ref")).to_have_value(tip.reference)
    expect(page.locator("#id_place")).to_have_value("Kho số 9 ngõ 12 Nguyễn Văn Cừ")
    expect(page.locator("#id_summary")).to_have_value(tip.summary)
    page.check("input[name=violations][value=smuggling]")
    page.fill("#id_goods-0-description", "Điện thoại")
    page.fill("#id_goods-0-quantity", "200")
    page.fill("#id_goods-0-unit", "chiếc")
    page.fill("#id_goods-0-value", "1,2 tỷ")
    page.click("#save-case")
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận vụ việc")
    expect(page.locator(".stat").nth(1)).to_have_text("1.200.000.000 ₫")
    page.click(f"a[href='/tips/{tip.pk}/']")
    expect(page.locator("#history a.case-link")).to_be_visible()
    page.click("#history a.case-link")
    expect(page.locator("h1")).to_contain_text(tip.summary)


def test_the_leaders_screen_shows_today_and_vietnam(page: Page) -> None:
    """On 1 December the screen showed only the period closed on 14/11: a 3-billion-đồng case
    recorded today was invisible. Now the current period so far counts it, beside the last
    closed period, the year to date and the same days last year; the map draws the 34
    provinces with names and a legend."""
    from django.utils import timezone

    from hub389.accounts.models import User
    from hub389.cases.services import GoodsLine
    from hub389.tests.factories import make_case

    officer = User.objects.get(username="qltt.hanoi")
    make_case(
        officer,
        area="01",
        detected_on=timezone.localdate(),
        summary="Kho điện thoại nhập lậu trị giá lớn",
        kinds=["smuggling"],
        lines=[GoodsLine("Điện thoại", "3000", "chiếc", 3_000_000_000)],
    )
    _login(page, "lanhdao.hanoi")
    page.goto(page.base + "/reports/dashboard/")  # type: ignore[attr-defined]
    expect(page.locator("#dash-period-note")).to_contain_text("đến hôm nay")
    value = page.locator("#comparison tr[data-code=goods_value] td").nth(1)
    expect(value).to_contain_text("3.000.000.000")
    expect(page.locator("#comparison thead th")).to_have_count(5)
    expect(page.locator("#by-agency tr[data-agency='01-QLTT']")).to_contain_text("3.000.000.000")
    expect(page.locator("#map path.province")).to_have_count(34)
    expect(page.locator("#map-legend .swatch").first).to_be_visible()
    _shot(page, "dashboard-phone")
    page.select_option("#dash-period", index=1)
    page.click("#dash-filters button[type=submit]")
    expect(page.locator("#dash-period-note")).not_to_contain_text("đến hôm nay")
