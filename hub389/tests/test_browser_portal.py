"""The public portal in Chromium: an officer proposes a decision, the standing office approves
it, a visitor on a phone finds it by province and goods group, the decision is annulled and the
notice says "đã thu hồi" and leaves the list; a warning is written, published by the leader and
appears in the province's feed; the hotline question is answered for a commune; axe-core finds
no serious or critical WCAG 2.1 AA violation on any public page; the tip form works from the
keyboard alone; no page breaks its own Content-Security-Policy."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, BrowserContext, Page, expect

from hub389.portal import services as portal
from hub389.portal.models import Notice, PublicationRule, Warning
from hub389.portal.tests.test_publication import decided
from hub389.tests.browser import login
from hub389.tests.personas import persona

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()  # (the flushed database's ids come again; the portal's cache must not)
    yield
    cache.clear()


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


def _context(chromium: Browser, **kwargs: Any) -> BrowserContext:
    context = chromium.new_context(**{"locale": "vi-VN", "viewport": PHONE, **kwargs})
    context.set_default_timeout(15000)
    return context


@contextmanager
def _signed_in(chromium: Browser, base: str, username: str) -> Iterator[Page]:
    """A second person at another phone, signed in."""
    context = _context(chromium)
    try:
        desk = context.new_page()
        desk.base = base  # type: ignore[attr-defined]
        login(desk, username)
        yield desk
    finally:
        context.close()


def axe_problems(page: Page) -> list[str]:
    """The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_proposed_approved_found_on_a_phone_annulled_and_withdrawn(chromium: Browser, page: Page) -> None:
    base = page.base  # type: ignore[attr-defined]
    sanction = decided(persona("handler"))
    # The officer proposes it from the case page.
    login(page, "qltt.hanoi")
    page.goto(f"{base}/cases/{sanction.case_id}/")
    page.click(f"#propose-{sanction.pk}")
    page.fill("#p-basis", "Sữa cho trẻ em: tác động xã hội")
    page.fill("#p-article", "điểm a khoản 2 Điều 9 Nghị định 98/2020/NĐ-CP")
    page.click("#propose")
    expect(page.locator("#notice-status")).to_contain_text("Chờ duyệt")
    notice = Notice.objects.get(sanction=sanction)
    # The standing office approves it from its queue.
    with _signed_in(chromium, base, "vptt.hanoi") as desk:
        desk.goto(f"{base}/publications/")
        desk.click(f"#waiting a[href='/publications/{notice.pk}/']")
        desk.click("#approve")
        expect(desk.locator("#notice-status")).to_contain_text("Đang công khai")
    # A visitor on a phone finds it by province and goods group.
    visitor = _context(chromium)
    try:
        phone = visitor.new_page()
        phone.goto(base + "/")
        phone.click("nav.main >> text=Công khai xử phạt")
        phone.select_option("#f-province", "01")
        phone.click("#notice-search")  # the communes and the goods of the province
        phone.select_option("#f-goods", "sua")
        phone.click("#notice-search")
        expect(phone.locator("#notice-list")).to_contain_text("Công ty TNHH Sữa Ngoại Nhập")
        phone.click(f"#notice-{notice.pk} a")
        expect(phone.locator("#notice-facts")).to_contain_text("27/QĐ-XPHC")
        # The decision is annulled on the case page.
        page.goto(f"{base}/cases/{sanction.case_id}/")
        page.click("summary:text-is('Xử phạt hành chính')")
        page.click("text=Sửa đổi hoặc hủy quyết định 27/QĐ-XPHC")
        page.fill(f"#annul-on-{sanction.pk}", page.evaluate("new Date().toLocaleDateString('en-GB')"))
        page.fill(f"#annul-reason-{sanction.pk}", "Quyết định hủy số 5/QĐ-HUY")
        page.click(f"#annul-{sanction.pk}")
        expect(page.locator(".messages")).to_contain_text("Đã ghi hủy quyết định")
        phone.reload()
        expect(phone.locator("#withdrawn")).to_contain_text("đã thu hồi")
        phone.goto(base + "/cong-khai/vi-pham/?province=01&goods=sua")
        expect(phone.locator(f"#notice-{notice.pk}")).to_have_count(0)
    finally:
        visitor.close()


def test_a_warning_published_by_the_leader_reaches_the_province_feed(chromium: Browser, page: Page) -> None:
    base = page.base  # type: ignore[attr-defined]
    login(page, "vptt.hanoi")
    page.goto(base + "/publications/warnings/new/")
    page.fill("#w-title", "Nước mắm giả nhãn hiệu bán qua tin nhắn")
    page.fill("#w-what", "Tin nhắn mời mua nước mắm truyền thống giá rẻ, giao tận nhà.")
    page.fill("#w-how", "Chai không tem chống giả, nhãn in mờ, không có địa chỉ cơ sở sản xuất.")
    page.fill("#w-todo", "Không mua; gửi tin báo kèm số điện thoại nhắn tin.")
    page.check("input[name=channels][value=phone]")
    page.click("#save-warning")
    expect(page.locator("#warning-status")).to_contain_text("Bản nháp")
    expect(page.locator("#publish-warning")).to_have_count(0)  # not by its writer
    warning = Warning.objects.get(title__startswith="Nước mắm giả")
    with _signed_in(chromium, base, "lanhdao.hanoi") as desk:
        desk.goto(f"{base}/publications/warnings/{warning.pk}/")
        desk.click("#publish-warning")
        expect(desk.locator("#warning-status")).to_contain_text("Đang công khai")
    feed = page.request.get(base + "/cong-khai/canh-bao/rss.xml?province=01").text()
    assert "Nước mắm giả nhãn hiệu bán qua tin nhắn" in feed
    other = page.request.get(base + "/cong-khai/canh-bao/rss.xml?province=20").text()
    assert "Nước mắm giả" not in other  # a province's own warning stays in its feed


def test_public_pages_pass_axe_keep_their_policy_and_answer_the_hotline_question(
    chromium: Browser, page: Page
) -> None:
    base = page.base  # type: ignore[attr-defined]
    handler, office, leader = persona("handler"), persona("owner"), persona("leader")
    notice = portal.propose(
        handler,
        decided(handler),
        rule=PublicationRule.objects.get(code="lxlvphc-72"),
        legal_basis="Sữa cho trẻ em: tác động xã hội",
        legal_article="điểm a khoản 2 Điều 9 Nghị định 98/2020/NĐ-CP",
        summary="Kinh doanh sữa bột giả nhãn hiệu",
    )
    portal.approve(office, notice)
    warning = portal.write_warning(
        office,
        portal.WarningInput(
            title="Sữa bột giả bán qua livestream",
            what_happens="Livestream bán sữa bột giá rẻ, nói là hàng xách tay.",
            how_to_recognise="Không có nhãn phụ tiếng Việt, mã vạch không tra được.",
            what_to_do="Chỉ mua nơi có hóa đơn; gửi tin báo kèm đường dẫn.",
            goods_groups=[],
            channels=["social"],
            notices=[notice],
        ),
    )
    portal.publish_warning(leader, warning)
    reading = [
        "/",
        "/cong-khai/vi-pham/?province=01",
        f"/cong-khai/vi-pham/{notice.pk}/",
        "/cong-khai/canh-bao/",
        f"/cong-khai/canh-bao/{warning.pk}/",
        "/thong-ke/",
        "/duong-day-nong/?province=01&commune=00004&goods=sua",
        "/cong-khai/nhung/?province=01",
    ]
    forms = ["/tin-bao/", "/tin-bao/tra-cuu/", "/accounts/login/"]  # these need a CSRF cookie
    pages = reading + forms
    # The policy holds: a context that keeps it reports no violation of it on any page.
    strict = _context(chromium)
    blocked: list[str] = []
    try:
        reader = strict.new_page()
        reader.on(
            "console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None
        )
        for path in reading:
            reader.goto(base + path)
        # The hotline question, for a commune: the lead agency and a number to call.
        reader.goto(base + "/duong-day-nong/?province=01")
        reader.select_option("#id_commune", "00004")
        reader.select_option("#id_goods", "sua")
        reader.click("#hotline-form button[type=submit]")
        expect(reader.locator("#hotline-answer")).to_contain_text("Phường Ba Đình")
        expect(reader.locator("#hotline-answer a[href^='tel:']").first).to_be_visible()
        assert not reader.context.cookies(), reader.context.cookies()  # nothing kept on a reader
        for path in forms:
            reader.goto(base + path)
    finally:
        strict.close()
    assert not blocked, blocked
    # axe-core, injected (a context that lets the test inject it), on a phone and in English.
    problems: list[str] = []
    for lang, paths in (("vi", pages), ("en", reading[:3] + forms[:1])):
        audit = _context(chromium, bypass_csp=True)
        try:
            if lang == "en":
                audit.add_cookies([{"name": "django_language", "value": "en", "url": base}])
            checker = audit.new_page()
            for path in paths:
                checker.goto(base + path)
                problems += axe_problems(checker)
            if lang == "vi":  # the check can fail: an image without a text alternative
                checker.set_content("<html lang='vi'><body><main><img src='/x.png'></main></body></html>")
                assert any("image-alt" in p for p in axe_problems(checker))
        finally:
            audit.close()
    assert not problems, "\n".join(problems)


def test_the_tip_form_works_from_the_keyboard_alone(chromium: Browser, page: Page, settings: Any) -> None:
    settings.HUB389_TIP_POW_BITS = 8
    base = page.base  # type: ignore[attr-defined]
    keyboard = _context(chromium, viewport={"width": 1366, "height": 900})
    try:
        citizen = keyboard.new_page()
        citizen.goto(base + "/tin-bao/")
        reached: list[str] = []
        for _ in range(60):
            citizen.keyboard.press("Tab")
            focused = citizen.evaluate("document.activeElement.id || document.activeElement.name || ''")
            reached.append(focused)
            if focused == "id_summary":
                citizen.keyboard.type("Bán rượu giả ở chợ Hàng Da")
            elif focused == "id_description":
                citizen.keyboard.type("Quầy số 5 bán rượu ngoại không tem, giá rất rẻ.")
            elif focused == "id_province":
                citizen.keyboard.type("Thành phố Hà")  # a select picks by typing
            elif focused == "send":
                break
        for field in ("id_summary", "id_description", "id_province", "send"):
            assert field in reached, (field, reached)
        citizen.keyboard.press("Enter")
        expect(citizen.locator("h1")).to_contain_text("Tin báo đã được ghi nhận", timeout=30000)
    finally:
        keyboard.close()
