"""Rights holders and genuine products of the demo: a Vietnamese milk maker, verified by the
national standing office, with a product sheet (public, officer and laboratory features), two
authorised distributors, usual prices, a known fake and a request for action; a legal
representative's application waiting for verification. Through the services, idempotent."""

import datetime

from django.utils import timezone

from hub389.accounts.models import User
from hub389.brands import services
from hub389.brands.models import Channel, HolderKind, RightsHolder, SellerRole, TitleKind
from hub389.demo.officers import DEMO_PASSWORD
from hub389.registry.models import Agency, Area, GoodsGroup

GTIN = "8936045123454"


def _title(number: str, owner: str, classes: str, years: int) -> services.TitleInput:
    return services.TitleInput(
        kind=TitleKind.TRADEMARK,
        number=number,
        owner=owner,
        classes=classes,
        valid_until=timezone.localdate() + datetime.timedelta(days=365 * years),
    )


def load_demo_brands() -> int:
    """Creates the demo's holders and products; 0 when they are there already."""
    if RightsHolder.objects.filter(name="Công ty Cổ phần Sữa Đồng Xanh").exists():
        return 0
    office = User.objects.get(username="vptt.quocgia")
    holder = services.apply(
        services.Application(
            kind=HolderKind.OWNER,
            name="Công ty Cổ phần Sữa Đồng Xanh",
            tax_code="0100109106",
            address="Khu công nghiệp Quế Võ, Bắc Ninh",
            contact_name="Trần Thị Mai (Phòng Bảo vệ thương hiệu)",
            contact_phone="0912 345 678",
            contact_email="baove.thuonghieu@dongxanh.example",
            username="sua.dongxanh",
            password=DEMO_PASSWORD,
            title=_title("4-0312345-000", "Công ty Cổ phần Sữa Đồng Xanh", "29, 5", 6),
        )
    )
    services.verify(office, holder, answer_days=3, lab_agencies=list(Agency.objects.filter(code="01-QLTT")))
    master = User.objects.get(username="sua.dongxanh")
    product = services.save_product(
        master,
        services.ProductInput(
            brand="Đồng Xanh",
            name="Sữa bột Đồng Xanh Gold",
            variant="Hộp thiếc 800 g, cho trẻ 1–3 tuổi",
            gtin=GTIN,
            goods_group=GoodsGroup.objects.filter(code="sua").first(),
            packaging="Hộp thiếc màu xanh lá, nắp nhựa trong có màng nhôm, muỗng gạt trong hộp.",
            public_features=(
                "Tem chống giả 7 màu dán ở nắp, cào lớp bạc ra mã 12 số nhắn tin tới 8077 để kiểm tra.\n"
                "Số lô và hạn dùng in phun laser ở đáy hộp, không bôi được."
            ),
            officer_features=(
                "Dưới đèn UV, logo lá trên thân hộp phát sáng xanh. Mã lô bắt đầu bằng DX và 2 số "
                "cuối năm sản xuất; lô DX25-07 đến DX25-12 chỉ bán qua 2 nhà phân phối dưới đây."
            ),
            lab_features="Hàm lượng đạm 18 g/100 g; có chất đánh dấu vi lượng trong bột (đề nghị giám định).",
            title=holder.titles.first(),
        ),
    )
    hanoi = Area.objects.get(code="01", kind="province")
    services.add_seller(
        master,
        product,
        role=SellerRole.DISTRIBUTOR,
        name="Công ty TNHH Phân phối Minh An",
        tax_code="0304567898",
        province=Area.objects.filter(code="79", kind="province").first(),
        address="Quận 7, TP. Hồ Chí Minh",
    )
    services.add_seller(
        master,
        product,
        role=SellerRole.DISTRIBUTOR,
        name="Công ty CP Thương mại Hà Thành",
        tax_code="0101245486",
        province=hanoi,
        address="Phường Hoàng Mai, Hà Nội",
    )
    services.set_price(master, product, channel=Channel.RETAIL, low=455_000, high=520_000, unit="hộp 800 g")
    services.set_price(master, product, channel=Channel.ONLINE, low=430_000, high=510_000, unit="hộp 800 g")
    services.add_fake(
        master,
        product,
        description="Hộp in nhòe, tem chống giả một màu không có lớp cào, giá rao bán 250.000 ₫.",
        how_to_tell="Tem thật đổi 7 màu khi nghiêng; hàng giả không có mã lô laser dưới đáy.",
        where_found="Rao bán trên mạng xã hội và một số cửa hàng tạp hóa ở Hà Nội",
        found_on=timezone.localdate() - datetime.timedelta(days=40),
    )
    services.watch(
        master,
        product,
        reason="Hàng giả giá 250.000–300.000 ₫ bán qua mạng xã hội, giao hàng tại Hà Nội.",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=180),
        provinces=[hanoi],
    )
    services.apply(
        services.Application(
            kind=HolderKind.REPRESENTATIVE,
            name="Công ty Luật TNHH Sở hữu trí tuệ An Phát",
            tax_code="0102030405",
            clients="Nutri Foods GmbH (Đức); Mekong Pharma Co., Ltd.",
            contact_name="Lê Quang Huy",
            contact_phone="024 3939 0000",
            contact_email="ip@anphat.example",
            username="anphat.ip",
            password=DEMO_PASSWORD,
            title=_title("4-0455555-000", "Nutri Foods GmbH", "5, 29, 30", 4),
        )
    )
    return 2
