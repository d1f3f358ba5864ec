"""Reference data loaded by `load_registry`: agency kinds and names, fields, goods groups and
special areas. Names follow the 2025 reform; old names are kept as aliases (RULES.md,
"Organisation"). Everything here is editable afterwards; nothing is a rule of law."""

from django.utils.translation import gettext_noop

from hub389.registry.models import AgencyKind as K
from hub389.registry.models import AreaKind as A

NATIONAL_CODE = "VN"
NATIONAL_NAME = "Toàn quốc"

# Provinces with no land border and no coast have no provincial Border Guard command.
INLAND_PROVINCES = {"01", "25", "24", "19"}  # Hà Nội, Phú Thọ, Bắc Ninh, Thái Nguyên

# (abbreviation, kind, name, aliases, parent abbreviation)
NATIONAL_AGENCIES: list[tuple[str, str, str, list[str], str]] = [
    (
        "VPTT389",
        K.STEERING_OFFICE,
        "Văn phòng Thường trực Ban Chỉ đạo 389 quốc gia",
        ["Văn phòng Thường trực BCĐ 389 quốc gia", "VPTT BCĐ 389"],
        "",
    ),
    ("CP", K.PEOPLES_COMMITTEE, "Chính phủ", [], ""),
    ("BCT", K.INDUSTRY_TRADE, "Bộ Công Thương", [], ""),
    (
        "QLTT",
        K.MARKET_SURVEILLANCE,
        "Cục Quản lý và Phát triển thị trường trong nước",
        ["Tổng cục Quản lý thị trường", "Cục Quản lý thị trường"],
        "BCT",
    ),
    ("BCA", K.POLICE, "Bộ Công an", [], ""),
    (
        "C03",
        K.POLICE,
        "Cục Cảnh sát điều tra tội phạm về tham nhũng, kinh tế, buôn lậu, môi trường",
        ["Cục Cảnh sát kinh tế", "C03"],
        "BCA",
    ),
    ("BTC", K.FINANCE, "Bộ Tài chính", ["Bộ Kế hoạch và Đầu tư"], ""),
    ("HQ", K.CUSTOMS, "Cục Hải quan", ["Tổng cục Hải quan"], "BTC"),
    ("THUE", K.TAX, "Cục Thuế", ["Tổng cục Thuế"], "BTC"),
    ("BQP", K.MILITARY, "Bộ Quốc phòng", [], ""),
    ("BDBP", K.BORDER_GUARD, "Bộ Tư lệnh Bộ đội Biên phòng", ["Bộ đội Biên phòng"], "BQP"),
    ("CSB", K.COAST_GUARD, "Bộ Tư lệnh Cảnh sát biển Việt Nam", ["Cảnh sát biển"], "BQP"),
    ("BYT", K.HEALTH, "Bộ Y tế", [], ""),
    (
        "BNNMT",
        K.AGRICULTURE_ENVIRONMENT,
        "Bộ Nông nghiệp và Môi trường",
        ["Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Tài nguyên và Môi trường"],
        "",
    ),
    ("KL", K.FOREST_RANGER, "Cục Kiểm lâm", [], "BNNMT"),
    ("BKHCN", K.SCIENCE_TECHNOLOGY, "Bộ Khoa học và Công nghệ", ["Bộ Thông tin và Truyền thông"], ""),
    ("BVHTTDL", K.CULTURE_SPORTS, "Bộ Văn hóa, Thể thao và Du lịch", [], ""),
    ("BXD", K.CONSTRUCTION, "Bộ Xây dựng", ["Bộ Giao thông vận tải"], ""),
    ("BNV", K.HOME_AFFAIRS, "Bộ Nội vụ", ["Bộ Lao động - Thương binh và Xã hội"], ""),
    ("VKSTC", K.PROCURACY, "Viện kiểm sát nhân dân tối cao", [], ""),
    ("TTXVN", K.PRESS, "Thông tấn xã Việt Nam", [], ""),
]

# (abbreviation, kind, name template, alias templates, parent abbreviation); {short} is the
# province's short name ("Hà Nội"), {div} its division ("thành phố", "tỉnh").
PROVINCE_AGENCIES: list[tuple[str, str, str, list[str], str]] = [
    ("UBND", K.PEOPLES_COMMITTEE, "Ủy ban nhân dân {div} {short}", ["UBND {div} {short}"], ""),
    ("SCT", K.INDUSTRY_TRADE, "Sở Công Thương {short}", [], "UBND"),
    (
        "QLTT",
        K.MARKET_SURVEILLANCE,
        "Chi cục Quản lý thị trường {short}",
        ["Cục Quản lý thị trường {short}"],
        "SCT",
    ),
    ("CA", K.POLICE, "Công an {div} {short}", [], "UBND"),
    ("HQ", K.CUSTOMS, "Hải quan {short}", ["Cục Hải quan {short}"], ""),
    ("THUE", K.TAX, "Thuế {div} {short}", ["Cục Thuế {short}"], ""),
    ("BDBP", K.BORDER_GUARD, "Bộ Chỉ huy Bộ đội Biên phòng {div} {short}", ["Biên phòng {short}"], ""),
    ("SYT", K.HEALTH, "Sở Y tế {short}", [], "UBND"),
    (
        "SNNMT",
        K.AGRICULTURE_ENVIRONMENT,
        "Sở Nông nghiệp và Môi trường {short}",
        ["Sở Nông nghiệp và Phát triển nông thôn {short}", "Sở Tài nguyên và Môi trường {short}"],
        "UBND",
    ),
    ("KL", K.FOREST_RANGER, "Chi cục Kiểm lâm {short}", [], "SNNMT"),
    (
        "SKHCN",
        K.SCIENCE_TECHNOLOGY,
        "Sở Khoa học và Công nghệ {short}",
        ["Sở Thông tin và Truyền thông {short}"],
        "UBND",
    ),
    (
        "SVHTT",
        K.CULTURE_SPORTS,
        "Sở Văn hóa và Thể thao {short}",
        ["Sở Văn hóa, Thể thao và Du lịch {short}"],
        "UBND",
    ),
    ("SXD", K.CONSTRUCTION, "Sở Xây dựng {short}", ["Sở Giao thông vận tải {short}"], "UBND"),
    ("STC", K.FINANCE, "Sở Tài chính {short}", ["Sở Kế hoạch và Đầu tư {short}"], "UBND"),
    ("SNV", K.HOME_AFFAIRS, "Sở Nội vụ {short}", ["Sở Lao động - Thương binh và Xã hội {short}"], "UBND"),
    ("BCHQS", K.MILITARY, "Bộ Chỉ huy Quân sự {div} {short}", [], ""),
    ("VKS", K.PROCURACY, "Viện kiểm sát nhân dân {div} {short}", [], ""),
    ("BAO", K.PRESS, "Báo và Phát thanh, Truyền hình {short}", ["Báo {short}"], "UBND"),
    ("MTTQ", K.FATHERLAND_FRONT, "Ủy ban Mặt trận Tổ quốc Việt Nam {div} {short}", ["MTTQ {short}"], ""),
]
# The capital's military command has its own name.
NAME_OVERRIDES = {"01-BCHQS": "Bộ Tư lệnh Thủ đô Hà Nội"}
# Names used in the seeds for agencies the registry models per province (*unverified*: the
# customs regional branches after the 2025 reorganisation; Hà Nội's plan names branch I).
EXTRA_ALIASES = {"01-HQ": ["Chi cục Hải quan khu vực I"]}

# Fields of work. area_kinds: the kinds of area the gap report checks for the field.
_ADMIN = [A.NATIONAL, A.PROVINCE, A.COMMUNE]
FIELDS: list[tuple[str, str, list[A]]] = [
    ("luu-thong", gettext_noop("Hàng hóa lưu thông trong nước"), _ADMIN),
    ("tmdt", gettext_noop("Thương mại điện tử"), [*_ADMIN, A.ONLINE_PLATFORM]),
    ("attp", gettext_noop("An toàn thực phẩm"), _ADMIN),
    ("duoc", gettext_noop("Thuốc, dược phẩm"), _ADMIN),
    ("my-pham", gettext_noop("Mỹ phẩm"), _ADMIN),
    ("xang-dau", gettext_noop("Xăng dầu, khí"), _ADMIN),
    ("vat-tu-nn", gettext_noop("Phân bón, thuốc bảo vệ thực vật, thuốc thú y"), _ADMIN),
    ("lam-san", gettext_noop("Lâm sản, động vật hoang dã"), _ADMIN),
    ("khoang-san", gettext_noop("Khoáng sản"), _ADMIN),
    ("hang-cam", gettext_noop("Hàng cấm, ma túy, vũ khí, pháo"), _ADMIN),
    ("thue", gettext_noop("Thuế, hóa đơn"), _ADMIN),
    ("shcn", gettext_noop("Sở hữu công nghiệp, chất lượng, truy xuất nguồn gốc"), _ADMIN),
    ("ban-quyen", gettext_noop("Quyền tác giả, quảng cáo"), _ADMIN),
    (
        "hai-quan",
        gettext_noop("Địa bàn hoạt động hải quan"),
        [A.BORDER_GATE, A.SEAPORT, A.AIRPORT, A.CUSTOMS_ZONE],
    ),
    ("bien-gioi", gettext_noop("Khu vực biên giới đất liền"), [A.BORDER_GATE]),
    ("bien", gettext_noop("Trên biển"), [A.SEA_AREA]),
]

# Who may lead each field: the kinds of agency the law gives the power to inspect and sanction
# in it, with the basis. A jurisdiction rule naming another kind is refused; the gap report
# lists old rules that do (`jurisdiction.find_problems`, INCOMPETENT). Editable in the admin.
_UBND = K.PEOPLES_COMMITTEE  # Chủ tịch UBND các cấp: LXLVPHC Art. 38
LEAD_KINDS: dict[str, tuple[list[K], str]] = {
    "luu-thong": (
        [K.MARKET_SURVEILLANCE, K.INDUSTRY_TRADE, K.POLICE, _UBND],
        gettext_noop("Luật Quản lý thị trường 2016 Điều 11; LXLVPHC Điều 38, 39, 45; NĐ 98/2020"),
    ),
    "tmdt": (
        [K.MARKET_SURVEILLANCE, K.INDUSTRY_TRADE, K.POLICE, _UBND],
        gettext_noop("NĐ 52/2013 và 85/2021 (thương mại điện tử); NĐ 98/2020"),
    ),
    "attp": (
        [K.HEALTH, K.AGRICULTURE_ENVIRONMENT, K.INDUSTRY_TRADE, K.MARKET_SURVEILLANCE, K.POLICE, _UBND],
        gettext_noop("Luật An toàn thực phẩm 2010 Điều 62–65; NĐ 15/2018, 115/2018"),
    ),
    "duoc": (
        [K.HEALTH, K.MARKET_SURVEILLANCE, K.POLICE, _UBND],
        gettext_noop("Luật Dược 2016; NĐ 117/2020 (xử phạt trong lĩnh vực y tế)"),
    ),
    "my-pham": ([K.HEALTH, K.MARKET_SURVEILLANCE, K.POLICE, _UBND], gettext_noop("NĐ 93/2016; NĐ 117/2020")),
    "xang-dau": (
        [K.INDUSTRY_TRADE, K.MARKET_SURVEILLANCE, K.POLICE, _UBND],
        gettext_noop("NĐ 83/2014, 95/2021; NĐ 99/2020"),
    ),
    "vat-tu-nn": (
        [K.AGRICULTURE_ENVIRONMENT, K.MARKET_SURVEILLANCE, K.POLICE, _UBND],
        gettext_noop("Luật Trồng trọt 2018, Luật Thú y 2015, Luật BVTV&KDTV 2013; NĐ 31/2023, 90/2017"),
    ),
    "lam-san": (
        [K.FOREST_RANGER, K.AGRICULTURE_ENVIRONMENT, K.POLICE, K.BORDER_GUARD, _UBND],
        gettext_noop("Luật Lâm nghiệp 2017; NĐ 35/2019"),
    ),
    "khoang-san": (
        [K.AGRICULTURE_ENVIRONMENT, K.POLICE, _UBND],
        gettext_noop("Luật Địa chất và khoáng sản 2024; NĐ 36/2020"),
    ),
    "hang-cam": (
        [K.POLICE, K.CUSTOMS, K.BORDER_GUARD, K.COAST_GUARD, K.MARKET_SURVEILLANCE, _UBND],
        gettext_noop("Bộ luật Hình sự Điều 190–191; NĐ 98/2020 Điều 8–10"),
    ),
    "thue": ([K.TAX, K.CUSTOMS, K.POLICE, K.FINANCE], gettext_noop("Luật Quản lý thuế 2019; NĐ 125/2020")),
    "shcn": (
        [K.SCIENCE_TECHNOLOGY, K.MARKET_SURVEILLANCE, K.POLICE, K.CUSTOMS, _UBND],
        gettext_noop("Luật Sở hữu trí tuệ Điều 200; NĐ 99/2013, 119/2017"),
    ),
    "ban-quyen": (
        [K.CULTURE_SPORTS, K.MARKET_SURVEILLANCE, K.POLICE, _UBND],
        gettext_noop("Luật Sở hữu trí tuệ Điều 200; NĐ 131/2013, 38/2021"),
    ),
    "hai-quan": ([K.CUSTOMS, K.BORDER_GUARD], gettext_noop("Luật Hải quan 2014 Điều 7, 88; NĐ 128/2020")),
    "bien-gioi": (
        [K.BORDER_GUARD, K.CUSTOMS, K.POLICE],
        gettext_noop("Luật Biên phòng Việt Nam 2020 Điều 14, 15"),
    ),
    "bien": (
        [K.COAST_GUARD, K.BORDER_GUARD, K.CUSTOMS],
        gettext_noop("Luật Cảnh sát biển Việt Nam 2018 Điều 8"),
    ),
}

# Goods groups the seeds single out (DOMAIN.md), with the field that usually covers them.
GOODS_GROUPS: list[tuple[str, str, str]] = [
    ("thuoc", gettext_noop("Thuốc chữa bệnh"), "duoc"),
    ("sua", gettext_noop("Sữa và sản phẩm từ sữa"), "attp"),
    ("thuc-pham", gettext_noop("Thực phẩm"), "attp"),
    ("tpcn", gettext_noop("Thực phẩm chức năng"), "attp"),
    ("my-pham", gettext_noop("Mỹ phẩm"), "my-pham"),
    ("xang-dau", gettext_noop("Xăng dầu"), "xang-dau"),
    ("phan-bon", gettext_noop("Phân bón"), "vat-tu-nn"),
    ("thuoc-bvtv", gettext_noop("Thuốc bảo vệ thực vật"), "vat-tu-nn"),
    ("thuoc-la", gettext_noop("Thuốc lá điếu, xì gà"), "hang-cam"),
    ("gia-suc", gettext_noop("Gia súc, gia cầm"), "attp"),
    ("lam-san", gettext_noop("Lâm sản"), "lam-san"),
    ("khoang-san", gettext_noop("Khoáng sản"), "khoang-san"),
    ("phao", gettext_noop("Pháo nổ"), "hang-cam"),
    ("duong", gettext_noop("Đường cát"), "luu-thong"),
    ("dien-tu", gettext_noop("Điện tử, điện lạnh, điện thoại"), "luu-thong"),
    ("thoi-trang", gettext_noop("Quần áo, giày dép, túi xách"), "shcn"),
]

# Special areas: (code, kind, name, parent area code, url). Parent is the commune when known,
# else the province. Reference data, unverified: correct it in the admin.
SPECIAL_AREAS: list[tuple[str, str, str, str, str]] = [
    ("CK-HUUNGHI", A.BORDER_GATE, "Cửa khẩu quốc tế Hữu Nghị", "06184", ""),
    ("CK-TANTHANH", A.BORDER_GATE, "Cửa khẩu Tân Thanh", "20", ""),
    ("CK-CHIMA", A.BORDER_GATE, "Cửa khẩu Chi Ma", "20", ""),
    ("CK-LAOCAI", A.BORDER_GATE, "Cửa khẩu quốc tế Lào Cai", "02647", ""),
    ("CK-KIMTHANH", A.BORDER_GATE, "Cửa khẩu quốc tế đường bộ số II Kim Thành", "15", ""),
    ("CB-HAIPHONG", A.SEAPORT, "Cảng biển Hải Phòng", "31", ""),
    ("HK-NOIBAI", A.AIRPORT, "Cảng hàng không quốc tế Nội Bài", "00433", ""),
    ("HK-CATBI", A.AIRPORT, "Cảng hàng không quốc tế Cát Bi", "31", ""),
    ("VB-HAIPHONG", A.SEA_AREA, "Vùng biển Hải Phòng", "31", ""),
    ("TMDT-SHOPEE", A.ONLINE_PLATFORM, "Sàn Shopee", "VN", "https://shopee.vn"),
    ("TMDT-LAZADA", A.ONLINE_PLATFORM, "Sàn Lazada", "VN", "https://www.lazada.vn"),
    ("TMDT-TIKTOK", A.ONLINE_PLATFORM, "TikTok Shop", "VN", "https://www.tiktok.com"),
]
