"""Rights holders and genuine products in Chromium, as issue 19 walks it: a milk maker applies on
the portal → the national standing office verifies it → the holder registers a milk product
with public and covert features and two distributors (a wrong tax code refused first) → an
officer on a 390 px phone, from a case, reads the barcode with the camera (a fake camera and
detector stand in for the phone's), sees the covert features and sends a verification request
with a photo → the holder answers "hàng giả" → the answer is on the case's timeline → a citizen
checks the barcode on the portal and opens the tip form prefilled with the product, and sends
it. Screenshots at 1,366 px and 390 px; no page breaks its CSP."""

from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from hub389.accounts.models import User
from hub389.brands.models import HolderStatus, Product, RightsHolder, VerificationRequest
from hub389.tests.browser import login, shot
from hub389.tests.factories import make_case
from hub389.tests.inprocess import run_worker
from hub389.tips.models import Tip

pytestmark = pytest.mark.browser
DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
GTIN = "8936045123454"

# The phone's camera and barcode reader, faked: a canvas stream and a detector that "sees" the
# milk's barcode once the video plays (headless Chromium has neither).
CAMERA = f"""
window.BarcodeDetector = class {{
  constructor(o) {{ this.o = o; }}
  async detect(v) {{ return v.readyState >= 2 ? [{{rawValue: "{GTIN}"}}] : []; }}
}};
navigator.mediaDevices.getUserMedia = async () => {{
  const c = document.createElement("canvas");
  c.width = 64; c.height = 64;
  c.getContext("2d").fillRect(0, 0, 64, 64);
  return c.captureStream(5);
}};
"""


def _context(chromium: Browser, base: str, viewport: dict[str, int], script: str = "") -> Page:
    context = chromium.new_context(locale="vi-VN", viewport=viewport)  # type: ignore[arg-type]
    context.set_default_timeout(20000)
    if script:
        context.add_init_script(script)
    page = context.new_page()
    page.base = base  # type: ignore[attr-defined]
    return page


def _holder_login(page: Page, username: str) -> None:
    page.goto(page.base + "/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)
    page.fill("#id_password", "hub389-demo")
    page.click("#login-submit")
    expect(page.locator("#holder-status")).to_be_visible()


def _csp(page: Page, refused: list[str]) -> None:
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)


def _photo(tmp_path: Path) -> str:
    path = tmp_path / "lo-sua.jpg"
    Image.new("RGB", (64, 48), "white").save(path, format="JPEG")
    return str(path)


def test_genuine_milk_from_holder_to_officer_to_citizen(
    chromium: Browser, page: Page, tmp_path: Path
) -> None:
    base = page.base  # type: ignore[attr-defined]
    refused: list[str] = []
    officer = User.objects.get(username="qltt.hanoi")
    case = make_case(officer, area="01", goods="sua", summary="Sữa bột nghi giả ở chợ Long Biên")

    # 1. The maker applies on the portal (a wrong tax code first).
    company = _context(chromium, base, DESK)
    _csp(company, refused)
    company.goto(base + "/hang-that/dang-ky/")
    company.fill("#name", "Công ty Cổ phần Sữa Đồng Xanh")
    company.fill("#tax_code", "0100109107")
    company.fill("#title_number", "4-0312345-000")
    company.fill("#title_owner", "Công ty Cổ phần Sữa Đồng Xanh")
    company.fill("#title_classes", "29, 5")
    company.fill("#title_valid_until", "31/12/2031")
    company.fill("#contact_name", "Trần Thị Mai")
    company.fill("#contact_phone", "0912 345 678")
    company.fill("#contact_email", "mai@dongxanh.example")
    company.fill("#username", "sua.dongxanh")
    company.fill("#password", "hub389-demo")
    company.click("#send-application")
    expect(company.locator("#apply-errors")).to_contain_text("chữ số kiểm tra")
    assert not RightsHolder.objects.exists()
    company.fill("#tax_code", "0100109106")
    company.fill("#password", "hub389-demo")
    company.click("#send-application")
    expect(company.locator("#applied")).to_contain_text("Công ty Cổ phần Sữa Đồng Xanh")
    shot(company, "brands-1-applied")

    # 2. The national standing office checks the title and verifies.
    office = _context(chromium, base, DESK)
    _csp(office, refused)
    login(office, "vptt.quocgia")
    office.goto(base + "/brands/holders/")
    office.click("text=Công ty Cổ phần Sữa Đồng Xanh")
    office.fill("#answer_days", "3")
    office.select_option("#lab", label="Chi cục Quản lý thị trường Hà Nội")
    office.click("#verify")
    expect(office.locator("#holder-status")).to_contain_text("Đã xác minh")
    assert RightsHolder.objects.get().status == HolderStatus.VERIFIED

    # 3. The holder registers the milk, its features and two distributors.
    _holder_login(company, "sua.dongxanh")
    company.click("#new-product")
    company.fill("#brand", "Đồng Xanh")
    company.fill("#name", "Sữa bột Đồng Xanh Gold")
    company.fill("#variant", "Hộp thiếc 800 g")
    company.fill("#gtin", "893 6045 12345 4")
    company.select_option("#goods_group", label="Sữa và sản phẩm từ sữa")
    company.fill("#public_features", "Tem chống giả 7 màu ở nắp, cào ra mã 12 số.")
    company.fill("#officer_features", "Dưới đèn UV logo lá phát sáng xanh; mã lô bắt đầu bằng DX.")
    company.click("#save-product")
    expect(company.locator("#product-gtin")).to_have_text(GTIN)
    expect(company.locator("#gs1-prefix")).to_contain_text("không phải nơi sản xuất")
    for name, tax, province in (
        ("Công ty TNHH Phân phối Minh An", "0304567899", "Thành phố Hồ Chí Minh"),
        ("Công ty TNHH Phân phối Minh An", "0304567898", "Thành phố Hồ Chí Minh"),
        ("Công ty CP Thương mại Hà Thành", "0101245486", "Thành phố Hà Nội"),
    ):
        company.select_option("#role", "distributor")
        company.fill("#seller_name", name)
        company.fill("#tax_code", tax)
        company.select_option("#province", label=province)
        company.click("#add-seller")
        if tax.endswith("99"):
            expect(company.locator(".messages")).to_contain_text("chữ số kiểm tra")
    expect(company.locator("#sellers tbody tr")).to_have_count(2)
    company.fill("#low", "455.000")
    company.fill("#high", "520.000")
    company.click("#save-price")
    expect(company.locator("#prices")).to_contain_text("455.000")
    shot(company, "brands-2-product-holder")
    product = Product.objects.get(gtin=GTIN)

    # 4. The officer, on a phone at the market, scans the barcode from the case.
    phone = _context(chromium, base, PHONE, CAMERA)
    _csp(phone, refused)
    login(phone, "qltt.hanoi")
    phone.goto(f"{base}/cases/{case.pk}/")
    phone.click("#check-genuine")
    expect(phone.locator("#from-case")).to_contain_text(case.reference)
    phone.click("#scan")
    expect(phone.locator("#product-name")).to_contain_text("Đồng Xanh Gold")
    expect(phone.locator("#officer-features")).to_contain_text("UV")
    expect(phone.locator("#lab-features")).to_be_visible()  # QLTT Hà Nội was named a laboratory
    expect(phone.locator("#case_reference")).to_have_value(case.reference)
    phone.fill("#question", "Lô DX25-09, hạn 12/2027, tem một màu, bán 250.000 ₫/hộp.")
    phone.set_input_files("#photos", _photo(tmp_path))
    shot(phone, "brands-3-officer-phone")
    phone.click("#send-ask")
    expect(phone.locator(".messages")).to_contain_text("Đã gửi đề nghị xác minh")
    asked = VerificationRequest.objects.get()
    assert asked.case_id == case.pk and asked.product_id == product.pk

    # 5. The holder answers "hàng giả".
    company.goto(base + "/brands/mine/")
    company.click("#holder-requests a")
    expect(company.locator("#question")).to_contain_text("DX25-09")
    expect(company.locator("body")).not_to_contain_text(case.reference)
    company.check("input[name=verdict][value=fake]")
    company.fill("#note", "Lô DX25-09 không do nhà máy sản xuất; tem thật đổi 7 màu.")
    company.click("#send-answer")
    expect(company.locator("#answer")).to_contain_text("Hàng giả")

    # ... and the answer is in the case's file.
    phone.goto(f"{base}/cases/{case.pk}/")
    expect(phone.locator("body")).to_contain_text("trả lời: Hàng giả")

    # 6. A citizen checks the barcode on the portal and sends a tip prefilled with it.
    citizen = _context(chromium, base, PHONE)
    _csp(citizen, refused)
    citizen.goto(base + "/hang-that/")
    citizen.fill("#q", GTIN)
    citizen.click("#search-product")
    citizen.click("#products a")
    expect(citizen.locator("#public-features")).to_contain_text("Tem chống giả 7 màu")
    expect(citizen.locator("body")).not_to_contain_text("UV")
    expect(citizen.locator("#sellers")).to_contain_text("Minh An")
    shot(citizen, "brands-4-citizen")
    citizen.click("#suspect-fake")
    expect(citizen.locator("#id_summary")).to_have_value(
        "Nghi hàng giả: Sữa bột Đồng Xanh Gold Hộp thiếc 800 g"
    )
    expect(citizen.locator("#id_description")).to_contain_text(GTIN)
    citizen.locator("#id_description").press("End")
    citizen.locator("#id_description").type("mua ở chợ, tem một màu.")
    citizen.select_option("#id_province", label="Thành phố Hà Nội")
    citizen.click("#send")
    expect(citizen.locator("h1")).to_contain_text("Tin báo đã được ghi nhận")
    run_worker()  # the queue's worker routes it
    tip = Tip.objects.get(summary__startswith="Nghi hàng giả: Sữa bột Đồng Xanh")
    assert GTIN in tip.description and tip.goods_group is not None and tip.goods_group.code == "sua"
    assert not refused, refused


def test_english_product_sheet(chromium: Browser, page: Page) -> None:
    """The officer's sheet in English: labels translated, the holder's own texts as written."""
    from hub389.demo.brands import load_demo_brands

    load_demo_brands()
    base = page.base  # type: ignore[attr-defined]
    officer = _context(chromium, base, DESK)
    login(officer, "haiquan.langson")
    officer.goto(base + "/ngon-ngu/en/?next=/brands/")
    officer.fill("#q", "dong xanh")
    officer.click("#search-product")
    officer.click("#products a")
    expect(officer.locator("#officer-features h2")).to_have_text("Features for officers (not public)")
    expect(officer.locator("#lab-hidden")).to_contain_text("laboratories the rights holder named")
    expect(officer.locator("#prices")).to_contain_text("455.000")
    shot(officer, "brands-5-english")
