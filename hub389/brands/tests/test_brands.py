"""Rights holders and genuine products: applying and verifying, products with their three tiers
of features, sellers in the subject registry, look-ups, verification requests answered into the
case, and the bad input of the issue, each refused with a message and nothing changed."""

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from PIL import Image

from hub389.accounts.models import Role, User
from hub389.audit.models import AuditEntry
from hub389.brands import lookup, services
from hub389.brands.gtin import clean_gtin, prefix_note
from hub389.brands.models import BrandMention, HolderStatus, Product, RightsHolder, VerificationRequest
from hub389.cases.models import CaseEvent
from hub389.demo.brands import GTIN, load_demo_brands
from hub389.demo.officers import DEMO_PASSWORD
from hub389.notifications.models import Notification
from hub389.registry.workdays import add_working_days
from hub389.subjects.models import Subject
from hub389.tests.factories import make_case

pytestmark = pytest.mark.django_db


def _title(days: int = 900, number: str = "4-0399999-000") -> services.TitleInput:
    return services.TitleInput(
        kind="trademark",
        number=number,
        owner="Công ty TNHH Dược phẩm Sông Hồng",
        valid_until=timezone.localdate() + datetime.timedelta(days=days),
    )


def _application(**changes: Any) -> services.Application:
    fields: dict[str, Any] = {
        "kind": "owner",
        "name": "Công ty TNHH Dược phẩm Sông Hồng",
        "contact_name": "Phạm Văn Long",
        "contact_phone": "0987 654 321",
        "contact_email": "long@songhong.example",
        "username": "songhong",
        "password": DEMO_PASSWORD,
        "title": _title(),
        "tax_code": "0304050605",
    }
    fields.update(changes)
    return services.Application(**fields)


def _png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(out, format="PNG")
    out.seek(0)
    out.name = "anh.png"
    return out


@pytest.fixture
def demo() -> dict[str, Any]:
    load_demo_brands()
    return {
        "product": Product.objects.get(gtin=GTIN),
        "master": User.objects.get(username="sua.dongxanh"),
        "pending": RightsHolder.objects.get(name__contains="An Phát"),
    }


def test_gtin_check_digit_length_and_prefix() -> None:
    assert clean_gtin("893 6045 12345 4") == GTIN
    assert clean_gtin("0" + GTIN) == GTIN  # GTIN-14 with a zero indicator
    with pytest.raises(ValidationError, match="chữ số kiểm tra"):
        clean_gtin("8936045123455")
    with pytest.raises(ValidationError, match="13 chữ số"):
        clean_gtin("893604512")
    assert "GS1 Việt Nam" in prefix_note(GTIN) and "không phải nơi sản xuất" in prefix_note(GTIN)


def test_an_application_waits_for_the_national_office(national: Any, handler: Any) -> None:
    holder = services.apply(_application())
    assert holder.status == HolderStatus.PENDING
    user = User.objects.get(username="songhong")
    assert user.role == Role.RIGHTS_HOLDER and user.agency_id is None and user.holder_seat.is_master
    assert Notification.objects.filter(recipient=national, title__contains="Sông Hồng").exists()
    with pytest.raises(PermissionDenied):
        services.save_product(user, services.ProductInput(brand="Sông Hồng", name="Viên sủi C"))
    assert AuditEntry.objects.filter(action="brand.edit.refused").exists()  # the refusal is audited
    with pytest.raises(PermissionDenied):
        services.verify(handler, holder)  # only the national office verifies
    services.verify(national, holder, answer_days=5)
    holder.refresh_from_db()
    assert holder.status == HolderStatus.VERIFIED and holder.answer_days == 5


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": _title(days=-1)}, "title_valid_until", "hết hiệu lực"),
        ({"tax_code": "0100109107"}, "tax_code", "chữ số kiểm tra"),
        ({"username": "qltt.hanoi"}, "username", "đã có người dùng"),
        ({"kind": "representative"}, "clients", "đại diện"),
        ({"password": "123"}, "password", ""),
    ],
)
def test_a_bad_application_is_refused_whole(changes: dict[str, Any], field: str, message: str) -> None:
    users = User.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.apply(_application(**changes))
    assert message in " ".join(refused.value.message_dict[field])
    assert (
        User.objects.count() == users and not RightsHolder.objects.filter(name__contains="Sông Hồng").exists()
    )


def test_a_gtin_claimed_twice_is_flagged_not_overwritten(demo: dict[str, Any], national: Any) -> None:
    other = services.apply(_application())
    services.verify(national, other)
    user = User.objects.get(username="songhong")
    before = Product.objects.values().get(pk=demo["product"].pk)
    with pytest.raises(ValidationError, match="chữ số kiểm tra"):
        services.save_product(
            user, services.ProductInput(brand="Sông Hồng", name="Sữa", gtin="8936045123455")
        )
    assert not Product.objects.filter(holder=other).exists()
    claim = services.save_product(user, services.ProductInput(brand="Sông Hồng", name="Sữa bột", gtin=GTIN))
    first = Product.objects.get(pk=demo["product"].pk)
    assert claim.disputed and first.disputed
    assert {k: v for k, v in Product.objects.values().get(pk=first.pk).items() if k != "disputed"} == {
        k: v for k, v in before.items() if k != "disputed"
    }
    assert Notification.objects.filter(recipient=national, title__contains=GTIN).exists()
    assert AuditEntry.objects.filter(action="brand.gtin_dispute").exists()
    with pytest.raises(ValidationError, match="đã đăng ký một sản phẩm khác"):
        services.save_product(user, services.ProductInput(brand="Sông Hồng", name="Sữa khác", gtin=GTIN))


def test_sellers_are_found_in_the_subject_registry(demo: dict[str, Any]) -> None:
    product, master = demo["product"], demo["master"]
    with pytest.raises(ValidationError) as refused:
        services.add_seller(master, product, role="distributor", name="Công ty Sai Mã", tax_code="0304567899")
    assert "tax_code" in refused.value.message_dict
    with pytest.raises(ValidationError, match="mã số thuế"):
        services.add_seller(master, product, role="importer", name="Nhập khẩu Không Mã")
    second = services.save_product(master, services.ProductInput(brand="Đồng Xanh", name="Sữa tươi", gtin=""))
    seller = services.add_seller(master, second, role="distributor", name="Minh An", tax_code="0304567898")
    assert seller.subject == Subject.objects.get(tax_code="0304567898")  # the one of the first product
    assert seller.subject.records.filter(source="brand").count() == 2


def test_a_photo_must_be_an_image(demo: dict[str, Any]) -> None:
    pdf = io.BytesIO(b"%PDF-1.4\n%%EOF\n")
    pdf.name = "anh.jpg"
    with pytest.raises(ValidationError, match="không phải là ảnh"):
        services.add_photo(demo["master"], demo["product"], pdf)
    assert not lookup.photos(demo["product"])
    services.add_photo(demo["master"], demo["product"], _png())
    assert len(lookup.photos(demo["product"])) == 1


def test_feature_tiers_by_reader(demo: dict[str, Any], handler: Any, customs: Any) -> None:
    url = f"/brands/products/{demo['product'].pk}/"
    officer, outsider, citizen = Client(), Client(), Client()
    officer.force_login(handler)  # QLTT Hà Nội: named by the holder as a laboratory
    outsider.force_login(customs)
    page = officer.get(url).content.decode()
    assert "UV" in page and "chất đánh dấu" in page
    page = outsider.get(url).content.decode()
    assert "UV" in page and "chất đánh dấu" not in page and 'id="lab-hidden"' in page
    assert AuditEntry.objects.filter(action="brand.view_covert", actor=customs).exists()
    public = citizen.get(f"/hang-that/san-pham/{demo['product'].pk}/").content.decode()
    assert "Tem chống giả 7 màu" in public and "UV" not in public and "chất đánh dấu" not in public
    assert citizen.get(url).status_code == 302  # to sign in


def test_lookups_by_barcode_and_words(demo: dict[str, Any], handler: Any) -> None:
    rows = lookup.public_products()
    assert lookup.find(rows, "8936045123454").products == [demo["product"]]
    assert lookup.find(rows, "sua dong xanh GOLD").products == [demo["product"]]
    assert lookup.find(rows, "Sữa bột Đồng Xanh").products == [demo["product"]]
    assert lookup.find(rows, "dong xanh hung").products == []
    wrong = lookup.find(rows, "8936045123455")
    assert "chữ số kiểm tra" in wrong.error and not wrong.products
    unknown = lookup.find(rows, "8934567890120")
    assert unknown.gtin and not unknown.products
    client = Client()
    page = client.get("/hang-that/", {"q": "8934567890120"}).content.decode()
    assert 'id="not-registered"' in page and "không có nghĩa là hàng giả" in page
    client.force_login(handler)
    assert client.get("/brands/", {"q": GTIN})["Location"] == f"/brands/products/{demo['product'].pk}/"
    # A pending holder's products are nobody's to look up but its own.
    assert not lookup.find(lookup.public_products(), "Nutri").products


def test_lookup_page_queries_do_not_grow_with_results(
    demo: dict[str, Any], handler: Any, django_assert_max_num_queries: Any
) -> None:
    master = demo["master"]
    for n in range(12):
        services.save_product(master, services.ProductInput(brand="Đồng Xanh", name=f"Sữa chua vị {n}"))
    client = Client()
    client.force_login(handler)
    with django_assert_max_num_queries(12):
        page = client.get("/brands/", {"q": "dong xanh"})
    assert page.content.decode().count("/brands/products/") >= 13


def test_verification_request_answered_into_the_case(
    demo: dict[str, Any], handler: Any, customs: Any
) -> None:
    case = make_case(handler, area="01", summary="Sữa bột nghi giả ở chợ Long Biên")
    product, master = demo["product"], demo["master"]
    with pytest.raises(PermissionDenied):
        services.ask(customs, case, product, services.AskInput(question="Không phải vụ của tôi"))
    asked = services.ask(
        handler, case, product, services.AskInput(question="Lô DX25-09, tem một màu", photos=[_png()])
    )
    assert asked.due_on == add_working_days(timezone.localdate(), 3)
    assert len(lookup.photos(asked)) == 1
    assert Notification.objects.filter(recipient=master, title__contains="xác minh").exists()
    with pytest.raises(ValidationError, match="đang chờ trả lời"):
        services.ask(handler, case, product, services.AskInput(question="Hỏi lại lần nữa"))
    holder_page = Client()
    holder_page.force_login(master)
    text = holder_page.get(f"/brands/requests/{asked.pk}/").content.decode()
    assert "Lô DX25-09" in text and case.reference not in text and handler.full_name not in text
    with pytest.raises(ValidationError):
        services.answer(master, asked, verdict="fake", note="")
    services.answer(master, asked, verdict="fake", note="Lô DX25-09 không có tem 7 màu.")
    assert CaseEvent.objects.filter(case=case, kind="brand_answer", text__contains="Hàng giả").exists()
    assert Notification.objects.filter(recipient=handler, title__contains="Hàng giả").exists()
    with pytest.raises(ValidationError, match="đã được trả lời"):
        services.answer(master, VerificationRequest.objects.get(pk=asked.pk), verdict="genuine", note="Đổi ý")
    assert VerificationRequest.objects.get(pk=asked.pk).answer == "fake"


def test_another_holder_cannot_answer_or_see(demo: dict[str, Any], handler: Any, national: Any) -> None:
    case = make_case(handler, area="01")
    asked = services.ask(handler, case, demo["product"], services.AskInput(question="Lô DX25-10 nghi giả"))
    services.verify(national, demo["pending"])
    other = User.objects.get(username="anphat.ip")
    with pytest.raises(PermissionDenied):
        services.answer(other, asked, verdict="genuine", note="Không phải của tôi")
    client = Client()
    client.force_login(other)
    assert client.get(f"/brands/requests/{asked.pk}/").status_code == 403
    assert client.get(f"/cases/{case.pk}/").status_code == 403  # the officers' side is closed


def test_a_watch_is_at_most_a_year(demo: dict[str, Any]) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="một năm"):
        services.watch(
            demo["master"],
            demo["product"],
            reason="Theo dõi dài",
            starts_on=today,
            ends_on=today + datetime.timedelta(days=400),
            provinces=[],
        )
    assert lookup.live_watches(demo["product"])  # the demo's, for Hà Nội


def test_suspect_a_fake_opens_a_prefilled_tip(demo: dict[str, Any]) -> None:
    client = Client()
    page = client.get(f"/hang-that/san-pham/{demo['product'].pk}/").content.decode()
    start = page.index('id="suspect-fake"')
    link = page[page.rindex('href="', 0, start) + 6 : page.index('"', page.rindex('href="', 0, start) + 6)]
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Nghi hàng giả: Sữa bột Đồng Xanh Gold" in form
    assert GTIN in form


def test_answer_rates_for_the_office(demo: dict[str, Any], handler: Any, national: Any) -> None:
    case = make_case(handler, area="01")
    asked = services.ask(handler, case, demo["product"], services.AskInput(question="Lô DX25-11 nghi giả"))
    services.answer(demo["master"], asked, verdict="genuine", note="Lô DX25-11 đúng của nhà máy.")
    client = Client()
    client.force_login(national)
    page = client.get("/brands/holders/").content.decode()
    assert "1/1 (100%)" in page and "An Phát" in page


def test_a_case_naming_the_brand_is_counted_for_its_holder(demo: dict[str, Any], handler: Any) -> None:
    from hub389.cases.services import GoodsLine

    make_case(
        handler,
        area="01",
        goods="sua",
        lines=[GoodsLine("Sữa bột nghi giả", "24", "hộp", 6_000_000, brand="Dong Xanh")],
        summary="Kho sữa bột nghi giả ở Long Biên",
    )
    make_case(handler, area="01", lines=[GoodsLine("Điện thoại", "3", "chiếc", 9_000_000, brand="Nokia")])
    holder = demo["product"].holder
    assert BrandMention.objects.filter(holder=holder).count() == 1
    told = Notification.objects.filter(recipient=demo["master"], title__contains="nêu nhãn hiệu").get()
    assert "VV-" not in told.title and "VV-" not in told.body
    client = Client()
    client.force_login(demo["master"])
    page = client.get("/brands/mine/").content.decode()
    start = page.index('id="mentions"')
    section = page[start : page.index("</section>", start)]
    assert "1 vụ việc" in section and "6.000.000" in section and "Hà Nội" in section
    assert "VV-" not in section and "Long Biên" not in section


def _sheet(rows: list[list[str]]) -> io.BytesIO:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([h for _k, h in services.COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_a_spreadsheet_of_products_is_checked_whole_then_written(demo: dict[str, Any]) -> None:
    master = demo["master"]
    before = Product.objects.count()
    wrong = _sheet(
        [
            ["DX-1", "Đồng Xanh", "Sữa chua uống", "Chai 180 ml", "8936045123461", "sua", "", "", ""],
            ["DX-2", "Đồng Xanh", "Sữa đặc", "Lon 380 g", "8936045123455", "sua", "", "", ""],
            ["DX-3", "", "Bơ", "", "", "khong-co", "", "", ""],
        ]
    )
    with pytest.raises(ValidationError) as refused:
        services.upload_products(master, wrong, "san-pham.xlsx")
    text = " ".join(refused.value.messages)
    assert "Dòng 3" in text and "chữ số kiểm tra" in text and "Dòng 4" in text and "khong-co" in text
    assert Product.objects.count() == before
    good = _sheet(
        [
            ["DX-1", "Đồng Xanh", "Sữa chua uống", "Chai 180 ml", "8936045123461", "sua", "Nắp xanh", "", ""],
            ["", "Đồng Xanh", "Sữa bột Đồng Xanh Gold", "Hộp 800 g (mẫu 2026)", GTIN, "sua", "", "", ""],
        ]
    )
    assert services.upload_products(master, good, "san-pham.xlsx") == (1, 1)
    assert Product.objects.get(pk=demo["product"].pk).variant == "Hộp 800 g (mẫu 2026)"
    assert Product.objects.filter(external_id="DX-1", gtin="8936045123461").exists()
    client = Client()
    client.force_login(master)
    template = client.get("/brands/mine/mau-san-pham.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"


def _barcode_photo(digits: str) -> io.BytesIO:
    """A photo of a package's barcode: drawn by zxing-cpp, turned a little, on a larger
    background, saved as a phone's JPEG."""
    import zxingcpp

    drawn = memoryview(zxingcpp.create_barcode(digits, zxingcpp.BarcodeFormat.EAN13).to_image(scale=4))
    assert drawn.shape is not None
    code = Image.frombytes("L", (drawn.shape[1], drawn.shape[0]), bytes(drawn))
    photo = Image.new("RGB", (1000, 700), (236, 232, 220))
    photo.paste(code.rotate(7, expand=True, fillcolor="white"), (150, 180))
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=75)
    out.seek(0)
    out.name = "ma-vach.jpg"
    return out


def test_a_photo_of_the_barcode_is_read_on_the_server(demo: dict[str, Any], handler: Any) -> None:
    assert lookup.read_photo(_barcode_photo(GTIN)) == GTIN
    client = Client()
    client.force_login(handler)
    answer = client.post("/brands/", {"photo": _barcode_photo(GTIN)}, follow=True)
    assert answer.redirect_chain[-1][0] == f"/brands/products/{demo['product'].pk}/"
    blank = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(blank, format="PNG")
    blank.seek(0)
    blank.name = "trang.png"
    page = client.post("/brands/", {"photo": blank}, follow=True).content.decode()
    assert "Không đọc được mã vạch" in page
    citizen = Client()
    answer = citizen.post("/hang-that/", {"photo": _barcode_photo(GTIN)})
    assert answer.status_code == 302 and answer["Location"].endswith(f"?q={GTIN}")
    pdf = io.BytesIO(b"%PDF-1.4\n%%EOF\n")
    pdf.name = "a.pdf"
    assert "không phải là ảnh" in citizen.post("/hang-that/", {"photo": pdf}).content.decode()


def test_walkthrough_findings_stay_fixed(demo: dict[str, Any], national: Any) -> None:
    """What a first walk as each user found: a sheet's update kept what it did not give, a
    holder looks up other holders' products, a second file with one tax code refused, a title
    added later waits for the office's check, the success page repeats no text from the address."""
    master, product = demo["master"], demo["product"]
    title = product.title
    sheet = _sheet([["", "Đồng Xanh", "Sữa bột Đồng Xanh Gold", "", GTIN, "", "", "", ""]])
    assert services.upload_products(master, sheet, "cap-nhat.xlsx") == (0, 1)
    kept = Product.objects.get(pk=product.pk)
    assert kept.variant == product.variant and kept.lab_features == product.lab_features
    assert kept.title == title and kept.packaging == product.packaging
    template = _sheet([["VI-DU", "Nhãn hiệu (ví dụ)", "Tên sản phẩm (ví dụ)", "", "", "sua", "", "", ""]])
    with pytest.raises(ValidationError):
        services.upload_products(master, template, "mau.xlsx")  # only the example row: nothing to import
    # a holder's own look-up finds another holder's product, opening its public sheet
    services.verify(national, demo["pending"])
    other = Client()
    other.force_login(User.objects.get(username="anphat.ip"))
    answer = other.get("/brands/", {"q": GTIN})
    assert answer["Location"] == f"/hang-that/san-pham/{product.pk}/"
    with pytest.raises(ValidationError) as refused:
        services.apply(_application(tax_code="0100109106", username="dongxanh2"))  # Đồng Xanh's
    assert "đã có tài khoản" in refused.value.message_dict["tax_code"][0]
    with pytest.raises(ValidationError) as refused:
        services.apply(_application(tax_code=""))
    assert "mã số thuế" in refused.value.message_dict["tax_code"][0]
    added = services.add_title(master, product.holder, _title(number="3-0099999-000"))
    assert added.checked_at is None
    assert services.check_titles(national, product.holder) == 1
    citizen = Client()
    page = citizen.get("/hang-that/dang-ky/da-gui/", {"ten": "Hãy chuyển phí vào STK 123"}).content.decode()
    assert "STK 123" not in page


def test_a_watch_reaches_the_market_surveillance_of_its_provinces(demo: dict[str, Any], handler: Any) -> None:
    """The demo's watch names Hà Nội: its market surveillance officers are told, no other force."""
    told = Notification.objects.filter(title__startswith="Đề nghị theo dõi hàng giả")
    assert told.filter(recipient=handler).exists()  # QLTT Hà Nội
    forces = told.exclude(recipient__agency__kind="steering_office")
    assert set(forces.values_list("recipient__agency__area__code", flat=True)) == {"01"}
    assert set(forces.values_list("recipient__agency__kind", flat=True)) == {"market_surveillance"}
