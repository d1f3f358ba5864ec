"""Browser tests: Debian's Chromium driven by Playwright against a live server."""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make browser` installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser, live_server, registry_live):
    context = chromium.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def _login(page: Page, username: str = "vptt.hanoi") -> None:
    page.goto(page.base + "/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)
    page.fill("#id_password", "hub389-demo")
    page.click("#login-submit")
    expect(page.locator("h1")).to_contain_text("Xin chào")


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
