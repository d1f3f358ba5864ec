"""What the demo's cases are made of, so that a newcomer's first hour reads like an agency's
real files: the kinds of case the seeds describe (counterfeit milk and cosmetics, smuggled
sugar and cigarettes at the border, phones without invoices, fake-brand bags, dietary
supplements sold online, frozen food of unknown origin…), with their goods, brands, units and
prices, the businesses and households found, and places in each province. Fictional people
and businesses; tax codes are valid (python-stdnum) but made up."""

from dataclasses import dataclass

from stdnum.vn import mst


@dataclass(frozen=True)
class Goods:
    description: str
    brand: str
    unit: str
    quantity: tuple[int, int]
    price: tuple[int, int]  # đồng per unit


@dataclass(frozen=True)
class Template:
    summary: str  # "{who}" and "{place}" are filled in
    kind: str  # the principal violation kind
    goods_group: str
    goods: tuple[Goods, ...]
    detection: str = "inspection"
    channel: str = "inland"
    measure: str = "confiscation"  # the remedy of the sanction decision
    business: bool = False  # a company rather than a household


TEMPLATES: dict[str, tuple[Template, ...]] = {
    # Market Surveillance: shops, warehouses, markets, online sellers.
    "market": (
        Template(
            "{who} kinh doanh sữa bột giả nhãn hiệu Similac, Friso tại {place}",
            "counterfeit",
            "sua",
            (
                Goods(
                    "Sữa bột Similac IQ 900 g giả nhãn hiệu", "Abbott", "hộp", (40, 300), (380_000, 520_000)
                ),
                Goods(
                    "Sữa bột Friso Gold 850 g giả nhãn hiệu", "Friso", "hộp", (20, 150), (420_000, 560_000)
                ),
            ),
            measure="destruction",
        ),
        Template(
            "Kho mỹ phẩm không rõ nguồn gốc xuất xứ của {who} tại {place}",
            "unknown_origin",
            "my-pham",
            (
                Goods(
                    "Kem chống nắng nhập khẩu không nhãn phụ tiếng Việt",
                    "Anessa",
                    "tuýp",
                    (200, 2000),
                    (180_000, 320_000),
                ),
                Goods("Son môi không rõ nguồn gốc", "", "thỏi", (300, 3000), (60_000, 150_000)),
            ),
        ),
        Template(
            "{who} bán son, nước hoa giả nhãn hiệu qua gian hàng trực tuyến",
            "counterfeit",
            "my-pham",
            (Goods("Nước hoa giả nhãn hiệu Chanel No.5", "Chanel", "chai", (50, 600), (250_000, 450_000)),),
            detection="ecommerce",
            channel="ecommerce",
            measure="destruction",
        ),
        Template(
            "Cửa hàng điện thoại của {who} kinh doanh điện thoại không hóa đơn, chứng từ tại {place}",
            "fraud",
            "dien-tu",
            (
                Goods(
                    "Điện thoại di động iPhone 15 Pro Max đã qua sử dụng",
                    "Apple",
                    "chiếc",
                    (10, 80),
                    (14_000_000, 21_000_000),
                ),
                Goods(
                    "Tai nghe không dây giả nhãn hiệu AirPods",
                    "Apple",
                    "chiếc",
                    (50, 400),
                    (150_000, 350_000),
                ),
            ),
        ),
        Template(
            "{who} kinh doanh túi xách, giày dép giả mạo nhãn hiệu Louis Vuitton, Gucci tại {place}",
            "ip",
            "thoi-trang",
            (
                Goods(
                    "Túi xách giả mạo nhãn hiệu Louis Vuitton",
                    "Louis Vuitton",
                    "chiếc",
                    (30, 400),
                    (350_000, 900_000),
                ),
                Goods("Giày thể thao giả mạo nhãn hiệu Gucci", "Gucci", "đôi", (40, 300), (250_000, 600_000)),
            ),
            measure="destruction",
        ),
        Template(
            "{who} bán thực phẩm bảo vệ sức khỏe không rõ nguồn gốc qua mạng xã hội",
            "unknown_origin",
            "tpcn",
            (Goods("Viên uống giảm cân không nhãn phụ", "", "hộp", (100, 1500), (120_000, 450_000)),),
            detection="ecommerce",
            channel="ecommerce",
            measure="destruction",
        ),
        Template(
            "Kho đường cát nhập lậu của {who} tại {place}",
            "smuggling",
            "duong",
            (Goods("Đường cát trắng Thái Lan", "", "kg", (3000, 25000), (19_000, 23_000)),),
            business=True,
        ),
        Template(
            "{who} kinh doanh xăng kém chất lượng tại cửa hàng xăng dầu ở {place}",
            "fraud",
            "xang-dau",
            (Goods("Xăng RON 95 không đạt chỉ tiêu chất lượng", "", "lít", (2000, 12000), (20_000, 24_000)),),
            business=True,
            measure="recall",
        ),
    ),
    # Police: warehouses, trucks, banned goods.
    "police": (
        Template(
            "Xe tải chở thuốc lá điếu nhập lậu của {who} bị bắt giữ tại {place}",
            "smuggling",
            "thuoc-la",
            (
                Goods("Thuốc lá điếu Jet nhập lậu", "Jet", "bao", (1000, 12000), (16_000, 22_000)),
                Goods("Thuốc lá điếu Hero nhập lậu", "Hero", "bao", (500, 6000), (14_000, 19_000)),
            ),
            detection="patrol",
        ),
        Template(
            "{who} tàng trữ pháo nổ trái phép tại {place}",
            "smuggling",
            "phao",
            (Goods("Pháo nổ các loại", "", "kg", (10, 300), (300_000, 600_000)),),
            detection="patrol",
        ),
        Template(
            "Kho thực phẩm đông lạnh không rõ nguồn gốc của {who} tại {place}",
            "unknown_origin",
            "thuc-pham",
            (Goods("Chân gà đông lạnh không rõ nguồn gốc", "", "kg", (500, 6000), (45_000, 70_000)),),
            measure="destruction",
            business=True,
        ),
        Template(
            "{who} mua bán hóa đơn giá trị gia tăng khống",
            "fraud",
            "dien-tu",
            (Goods("Hàng điện tử xuất hóa đơn khống", "", "lô", (1, 3), (300_000_000, 900_000_000)),),
            business=True,
            measure="",
        ),
    ),
    # Customs and Border Guard: border gates, trails, ports.
    "border": (
        Template(
            "Vận chuyển thuốc lá điếu nhập lậu qua lối mở gần {place}",
            "smuggling",
            "thuoc-la",
            (Goods("Thuốc lá điếu ngoại nhập lậu", "Esse", "bao", (2000, 15000), (17_000, 24_000)),),
            detection="customs",
            channel="border",
        ),
        Template(
            "Ô tô chở đường cát nhập lậu qua {place}",
            "smuggling",
            "duong",
            (Goods("Đường cát nhập lậu", "", "kg", (5000, 30000), (18_000, 22_000)),),
            detection="customs",
            channel="border",
        ),
        Template(
            "Lô hàng sữa khai sai xuất xứ của {who} tại {place}",
            "fraud",
            "sua",
            (Goods("Sữa bột nhập khẩu khai sai xuất xứ", "", "thùng", (50, 600), (1_200_000, 2_600_000)),),
            detection="customs",
            channel="border",
            business=True,
        ),
        Template(
            "Lô mỹ phẩm nhập khẩu không khai báo hải quan của {who} tại {place}",
            "smuggling",
            "my-pham",
            (Goods("Mỹ phẩm nhập khẩu không khai báo", "", "thùng", (20, 200), (2_000_000, 6_000_000)),),
            detection="customs",
            channel="border",
            business=True,
        ),
    ),
}

PEOPLE = (
    "Nguyễn Văn Hùng",
    "Trần Thị Lan Anh",
    "Lê Minh Tuấn",
    "Phạm Thị Hoa",
    "Hoàng Văn Nam",
    "Vũ Thị Thu Trang",
    "Đặng Quốc Bảo",
    "Bùi Thị Mai",
    "Đỗ Văn Thắng",
    "Ngô Thị Hằng",
    "Lý Văn Phúc",
    "Hà Thị Ngọc",
)
COMPANIES = (
    "Công ty TNHH Thương mại Minh Phát",
    "Công ty TNHH Xuất nhập khẩu Hoàng Long",
    "Công ty cổ phần Dịch vụ Vận tải Thành Công",
    "Công ty TNHH Thực phẩm An Khang",
    "Công ty TNHH Thương mại Dịch vụ Phú Quý",
    "Công ty TNHH Xăng dầu Tân Tiến",
)
PLACES: dict[str, tuple[str, ...]] = {
    "01": (
        "chợ Đồng Xuân",
        "số 12 phố Hàng Bạc",
        "chợ Ninh Hiệp",
        "kho hàng ngõ 45 Nguyễn Văn Cừ",
        "khu đô thị Linh Đàm",
        "chợ đầu mối Long Biên",
    ),
    "20": ("cửa khẩu Tân Thanh", "lối mở khu vực mốc 1119", "chợ Đông Kinh", "bãi xe cửa khẩu Chi Ma"),
    "79": ("chợ Bến Thành", "chợ Kim Biên", "kho hàng đường Phạm Văn Đồng", "khu chế xuất Tân Thuận"),
    "22": ("chợ Móng Cái", "cảng Vạn Gia", "khu kinh tế cửa khẩu Móng Cái", "kho hàng phường Hà Tu"),
    "48": ("chợ Hàn", "cảng Tiên Sa", "kho hàng khu công nghiệp Hòa Khánh"),
    "31": ("cảng Đình Vũ", "chợ Sắt", "kho ngoại quan khu công nghiệp Nam Đình Vũ"),
    "15": ("cửa khẩu quốc tế Lào Cai", "lối mòn biên giới xã Bản Lầu", "chợ Cốc Lếu"),
}


def tax_code(seed: int) -> str:
    """A valid, made-up 10-digit tax code (the check digit computed by python-stdnum)."""
    while True:
        base = f"0{1 + seed % 9}{seed % 10**7:07d}"
        digit = mst.calc_check_digit(base)
        if len(digit) == 1:  # some bases have no check digit (10): the next one
            return base + digit
        seed += 1
