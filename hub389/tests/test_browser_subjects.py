"""One subject across agencies in Chromium, as issue 16 walks it: Market Surveillance in Hà Nội
and Customs in Lạng Sơn record the same trader differently ("Nguyễn Văn Hùng", "NGUYEN VAN
HUNG") → the linkage run pairs them → an officer typing the name on a new case sees the
possible match → the standing office confirms the pair with its evidence → the profile shows
both agencies' records, the Customs case counted (not shown) for the Hà Nội officer, with whom
to contact → the network graph opens from the profile, expands from the trader's company and
filters. Screenshots at 1,366 px and on a 390 px phone; no page breaks its CSP."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from hub389.accounts.models import User
from hub389.cases import services as cases
from hub389.registry.models import Area
from hub389.subjects import resolution
from hub389.subjects.models import Judgement, SubjectLink, Verdict
from hub389.tests.browser import login, shot
from hub389.tests.factories import make_case

pytestmark = pytest.mark.browser
DESK = {"width": 1366, "height": 900}


def _as(chromium: Browser, base: str, username: str, **kwargs: Any) -> Page:
    context = chromium.new_context(locale="vi-VN", **kwargs)
    context.set_default_timeout(20000)
    other = context.new_page()
    other.base = base  # type: ignore[attr-defined]
    login(other, username)
    return other


def test_two_agencies_one_trader(chromium: Browser, page: Page) -> None:
    base = page.base  # type: ignore[attr-defined]
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    market = User.objects.get(username="qltt.hanoi")
    customs = User.objects.get(username="haiquan.langson")
    born = datetime.date(1979, 4, 12)
    mine = make_case(
        market,
        violator={
            "kind": "person",
            "name": "Nguyễn Văn Hùng",
            "address": "Số 18 phố Hàng Bạc",
            "date_of_birth": born,
        },
    )
    border = Area.objects.filter(parent__code="20").order_by("code").first()
    assert border is not None
    theirs = make_case(
        customs,
        area=border.code,
        kinds=["smuggling"],
        summary="Vận chuyển hàng nhập lậu qua biên giới",
        violator={
            "kind": "person",
            "name": "NGUYEN VAN HUNG",
            "address": "So 18 Hang Bac",
            "date_of_birth": born,
        },
    )
    # the trader's company and a shop sharing his phone, in the Hà Nội case (for the graph)
    company = cases.record_subject(
        market,
        mine,
        {
            "kind": "organisation",
            "name": "Công ty TNHH Hùng Phát",
            "tax_code": "0101245486",
            "phone": "0912345678",
        },
        role="owner",
    ).subject
    cases.record_subject(
        market,
        mine,
        {
            "kind": "online",
            "name": "Hùng Phát Store",
            "url": "https://shopee.vn/hungphat",
            "phone": "0912 345 678",
        },
        role="related",
    )
    one = mine.subjects.get(role="violator").subject
    two = theirs.subjects.get().subject
    assert one.pk != two.pk
    resolution.link_all(None)
    link = SubjectLink.objects.get(a_id=min(one.pk, two.pk), b_id=max(one.pk, two.pk))

    # An officer typing the name on a new case sees that it may already be recorded.
    login(page, "canbo.qltt.hanoi")
    page.goto(f"{base}/cases/new/")
    page.fill("#id_subject_name", "Nguyen Van Hung")
    expect(page.locator("#possible-matches")).to_contain_text("Nguyễn Văn Hùng")
    expect(page.locator("#possible-matches")).to_contain_text("Hải quan")
    shot(page, "subject-matches-phone")

    # The national standing office reviews the pair (it reaches two provinces) with its evidence,
    # on a desk screen, and confirms it.
    office = _as(chromium, base, "vptt.quocgia", viewport=DESK)
    office.goto(f"{base}/subjects/review/")
    office.locator(f"a[href='/subjects/review/{link.pk}/']").click()
    expect(office.locator("#evidence")).to_contain_text("ngày sinh")
    shot(office, "subject-pair")
    office.check("input[name=verdict][value=same]")
    office.fill("#reason", "Cùng ngày sinh, cùng số nhà phố Hàng Bạc; Hải quan ghi không dấu.")
    office.click("#judge-form button[type=submit]")
    expect(office.locator(".messages")).to_contain_text("Đã ghi đánh giá")
    assert Judgement.objects.filter(verdict=Verdict.SAME, current=True).count() == 1

    # The Hà Nội officer's profile: its own case shown, the Customs case counted with the agency.
    page.goto(f"{base}/subjects/{one.pk}/")
    expect(page.locator("#facts")).to_contain_text("NGUYEN VAN HUNG")
    expect(page.locator("#profile-cases")).to_contain_text(mine.reference)
    expect(page.locator(".hidden-records").first).to_contain_text("Hải quan")
    assert theirs.reference not in page.content()
    shot(page, "subject-profile-phone")
    office.goto(f"{base}/subjects/{one.pk}/")
    expect(office.locator("#facts")).to_contain_text("NGUYEN VAN HUNG")

    # The network from the profile, one step out: the graph opens, the company expands to its
    # shop (the phone they share), the case filter hides the cases, PNG downloads.
    page.goto(f"{base}/subjects/{one.pk}/graph/?depth=1")
    expect(page.locator("#graph[data-ready='1']")).to_be_attached()
    # Hùng, his case and its other subjects (the company, the shop); their phone not yet read
    assert page.evaluate("window.hub389Graph.nodes().length") == 4
    assert page.evaluate("window.hub389Graph.edges('[kind = \"phone\"]').length") == 0
    where = f"window.hub389Graph.getElementById('s{one.pk}').position()"
    before = page.evaluate(where)
    page.evaluate(f"window.hub389Graph.getElementById('s{company.pk}').emit('tap')")
    page.click("#graph-expand")
    expect(page.locator("#graph-panel")).to_contain_text("Đã mở rộng")
    assert page.evaluate("window.hub389Graph.edges('[kind = \"phone\"]').length") == 1
    assert page.evaluate(where) == before  # expanding adds around the node, moves nothing else
    page.evaluate("window.hub389Graph.edges('[kind = \"phone\"]')[0].emit('tap')")
    expect(page.locator("#graph-panel h2")).to_have_text("Cùng số điện thoại")
    page.uncheck("input[name=node][value=case]")
    assert page.evaluate("window.hub389Graph.nodes('.off[type = \"case\"]').length") == 1
    page.fill("#graph-from", "31/02/2026")
    expect(page.locator("#graph-date-error")).to_contain_text("Từ ngày “31/02/2026”")
    expect(page.locator("#graph-from")).to_have_attribute("aria-invalid", "true")
    with page.expect_download() as png:
        page.click("#graph-png")
    assert png.value.suggested_filename.endswith(".png")
    image = Path(png.value.path()).read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(image[16:20], "big") >= 900  # title row
    assert f"expand={company.pk}" in (page.get_attribute("#graph-graphml", "href") or "")
    shot(page, "subject-graph-phone")
    office.goto(f"{base}/subjects/{one.pk}/")
    office.click("#open-graph")
    expect(office.locator("#graph[data-ready='1']")).to_be_attached()
    expect(office.locator("#graph-stats")).to_contain_text("nút")
    # two steps out: the company and the shop, expanded together, are linked by their phone
    assert office.evaluate("window.hub389Graph.edges('[kind = \"phone\"]').length") == 1
    shot(office, "subject-graph")
    assert not refused, refused
