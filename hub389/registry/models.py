"""The organisation registry: areas (admin units and special areas), agencies, steering
committees, fields, goods groups and the jurisdiction matrix."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub389.lib.text import fold


class AreaKind(models.TextChoices):
    NATIONAL = "national", _("Toàn quốc")
    PROVINCE = "province", _("Tỉnh, thành phố")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    BORDER_GATE = "border_gate", _("Cửa khẩu")
    SEAPORT = "seaport", _("Cảng biển")
    AIRPORT = "airport", _("Cảng hàng không")
    CUSTOMS_ZONE = "customs_zone", _("Địa bàn hoạt động hải quan")
    SEA_AREA = "sea_area", _("Vùng biển")
    ONLINE_PLATFORM = "online_platform", _("Sàn, nền tảng trực tuyến")


ADMIN_KINDS = (AreaKind.NATIONAL, AreaKind.PROVINCE, AreaKind.COMMUNE)


class SearchNameMixin(models.Model):
    """Keeps a diacritic-free, lower-case copy of the name for search ("hoan kiem")."""

    search_name = models.CharField(max_length=400, db_index=True, editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(self.search_text())
        super().save(*args, **kwargs)

    def search_text(self) -> str:
        return str(getattr(self, "name", ""))


class Area(SearchNameMixin):
    """A place a rule can be about: the nation, a province, a commune, or a special area
    (border gate, seaport, airport, customs zone, sea area, online platform).

    Administrative units are areas of kind province/commune with their official codes
    (Hà Nội "01", Phường Hoàn Kiếm "00070"). Special areas hang under the unit they lie in,
    so the jurisdiction fallback is a walk up `parent`.
    """

    kind = models.CharField(max_length=20, choices=AreaKind.choices)
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    division_type = models.CharField(max_length=40, blank=True)
    codename = models.CharField(max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    url = models.URLField(blank=True)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "province"])]
        verbose_name = "địa bàn"
        verbose_name_plural = "địa bàn"

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        """ "Thành phố Hà Nội" → "Hà Nội", "Phường Hoàn Kiếm" → "Hoàn Kiếm"."""
        if self.division_type and self.name.lower().startswith(self.division_type.lower()):
            return self.name[len(self.division_type) :].strip()
        return self.name

    def ancestors(self) -> list["Area"]:
        """This area, then its parent, up to the nation."""
        chain: list[Area] = []
        node: Area | None = self
        while node is not None and len(chain) < 10:
            chain.append(node)
            node = node.parent
        return chain


def within(area: "Area", field: str = "area") -> Q:
    """Rows whose `field` is `area` or lies below it (the nation: every row). Areas are at most
    nation → province → commune → special place, and every area below a province points to it."""
    if area.kind == AreaKind.NATIONAL:
        return Q(**{f"{field}__isnull": False})
    below = f"{field}__province" if area.kind == AreaKind.PROVINCE else f"{field}__parent"
    return Q(**{field: area}) | Q(**{below: area})


class AgencyKind(models.TextChoices):
    STEERING_OFFICE = "steering_office", _("Văn phòng Thường trực BCĐ 389")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    INDUSTRY_TRADE = "industry_trade", _("Công Thương")
    MARKET_SURVEILLANCE = "market_surveillance", _("Quản lý thị trường")
    POLICE = "police", _("Công an")
    CUSTOMS = "customs", _("Hải quan")
    TAX = "tax", _("Thuế")
    BORDER_GUARD = "border_guard", _("Bộ đội Biên phòng")
    COAST_GUARD = "coast_guard", _("Cảnh sát biển")
    HEALTH = "health", _("Y tế")
    AGRICULTURE_ENVIRONMENT = "agriculture_environment", _("Nông nghiệp và Môi trường")
    FOREST_RANGER = "forest_ranger", _("Kiểm lâm")
    SCIENCE_TECHNOLOGY = "science_technology", _("Khoa học và Công nghệ")
    CULTURE_SPORTS = "culture_sports", _("Văn hóa, Thể thao")
    CONSTRUCTION = "construction", _("Xây dựng")
    FINANCE = "finance", _("Tài chính")
    HOME_AFFAIRS = "home_affairs", _("Nội vụ")
    MILITARY = "military", _("Quân sự")
    PROCURACY = "procuracy", _("Viện kiểm sát")
    PRESS = "press", _("Báo chí")
    FATHERLAND_FRONT = "fatherland_front", _("Mặt trận Tổ quốc")


# Agencies that may settle crime reports themselves: investigation agencies and those assigned
# some investigative activities (Criminal Procedure Code 2015, Art. 35 and 145(3)). Market
# Surveillance is not among them and must transfer (Art. 146(2)).
INVESTIGATIVE_KINDS = frozenset(
    {
        AgencyKind.POLICE,
        AgencyKind.CUSTOMS,
        AgencyKind.BORDER_GUARD,
        AgencyKind.COAST_GUARD,
        AgencyKind.FOREST_RANGER,
    }
)


class Level(models.TextChoices):
    NATIONAL = "national", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class Agency(SearchNameMixin):
    """A ministry, force, department or commune People's Committee."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=250)
    short_name = models.CharField(max_length=80, blank=True)
    kind = models.CharField(max_length=30, choices=AgencyKind.choices)
    level = models.CharField(max_length=10, choices=Level.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="agencies")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # What citizens see in the hotline directory, kept by the agency itself (its head).
    hotline = models.CharField(_("đường dây nóng"), max_length=40, blank=True)
    address = models.CharField(_("địa chỉ tiếp công dân"), max_length=300, blank=True)
    hours = models.CharField(_("giờ tiếp nhận"), max_length=120, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "level"])]
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"

    def __str__(self) -> str:
        return self.name

    def search_text(self) -> str:
        return f"{self.name} {self.short_name}"

    @property
    def can_investigate(self) -> bool:
        return self.kind in INVESTIGATIVE_KINDS


class AgencyAlias(models.Model):
    """An old or informal name of an agency (the 2025 mergers renamed many of them)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=250)
    search_name = models.CharField(max_length=400, db_index=True, editable=False, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="agency_alias_unique")]
        verbose_name = "tên gọi khác"
        verbose_name_plural = "tên gọi khác"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


class SteeringCommittee(models.Model):
    """A Ban Chỉ đạo 389 at national, provincial or commune level; one per area."""

    level = models.CharField(max_length=10, choices=Level.choices)
    area = models.OneToOneField(Area, on_delete=models.PROTECT, related_name="committee")
    name = models.CharField(max_length=250)
    standing_office = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="standing_for")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    members = models.ManyToManyField(Agency, through="Membership", related_name="committees")

    class Meta:
        ordering = ["area__code"]
        verbose_name = "Ban Chỉ đạo 389"
        verbose_name_plural = "Ban Chỉ đạo 389"

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        """How commands address a committee: the unit's official code, or "national"."""
        return "national" if self.level == Level.NATIONAL else self.area.code


class Membership(models.Model):
    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "agency"], name="membership_unique")]
        verbose_name = "cơ quan thành viên"
        verbose_name_plural = "cơ quan thành viên"

    def __str__(self) -> str:
        return f"{self.agency} ∈ {self.committee}"


class RepresentativeRole(models.TextChoices):
    CHIEF = "chief", _("Trưởng ban")
    DEPUTY = "deputy", _("Phó Trưởng ban")
    STANDING = "standing", _("Phó Trưởng ban Thường trực")
    MEMBER = "member", _("Ủy viên")


class Representative(models.Model):
    """A person who represents a member agency in a committee."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="representatives")
    full_name = models.CharField(max_length=120)
    title = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=10, choices=RepresentativeRole.choices)

    class Meta:
        verbose_name = "thành viên Ban Chỉ đạo"
        verbose_name_plural = "thành viên Ban Chỉ đạo"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class Field(SearchNameMixin):
    """A field of work (lĩnh vực): food safety, medicines, e-commerce, customs zones...

    `area_kinds` lists the kinds of area the field concerns; the gap report checks only those
    (customs control concerns border gates, ports and airports, not every commune).
    """

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    area_kinds = models.JSONField(default=list)
    # The kinds of agency competent to lead the field (AgencyKind values) and why; empty: any.
    lead_kinds = models.JSONField(_("cơ quan có thẩm quyền chủ trì"), default=list, blank=True)
    lead_basis = models.CharField(_("căn cứ thẩm quyền"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"

    def __str__(self) -> str:
        return self.name

    @property
    def area_kind_names(self) -> list[str]:
        kinds = dict(AreaKind.choices)
        return [str(kinds.get(k, k)) for k in self.area_kinds]

    @property
    def lead_kind_names(self) -> list[str]:
        kinds = dict(AgencyKind.choices)
        return [str(kinds.get(k, k)) for k in self.lead_kinds]


def competence_error(field: "Field", agency: "Agency") -> str:
    """Why `agency` may not lead `field` ("" when it may)."""
    if not field.lead_kinds or agency.kind in field.lead_kinds:
        return ""
    kinds = dict(AgencyKind.choices)
    allowed = "; ".join(str(kinds.get(k, k)) for k in field.lead_kinds)
    return (
        f"{agency.name} ({kinds.get(agency.kind, agency.kind)}) không có thẩm quyền chủ trì lĩnh vực "
        f"“{field.name}”. Cơ quan có thẩm quyền: {allowed}"
        + (f" ({field.lead_basis})." if field.lead_basis else ".")
    )


class GoodsGroup(SearchNameMixin):
    """A group of goods the documents single out (medicines, milk, fuel...); editable."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    field = models.ForeignKey(
        Field, null=True, blank=True, on_delete=models.PROTECT, related_name="goods_groups"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "nhóm hàng"
        verbose_name_plural = "nhóm hàng"

    def __str__(self) -> str:
        return self.name


class JurisdictionRuleQuerySet(models.QuerySet["JurisdictionRule"]):
    def valid_on(self, day: Any) -> "JurisdictionRuleQuerySet":
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class JurisdictionRule(models.Model):
    """ "In this area and this field, agency X leads; Y and Z coordinate; from … to …".

    Seed 001 §I.6 and Decision 19/2016: one lead per area and field; others coordinate.
    """

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="rules")
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="rules")
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="leads")
    coordinating_agencies = models.ManyToManyField(Agency, blank=True, related_name="coordinates")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    legal_basis = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)

    objects = JurisdictionRuleQuerySet.as_manager()

    class Meta:
        ordering = ["area__code", "field__sort_order", "valid_from"]
        indexes = [models.Index(fields=["area", "field", "valid_from"])]
        verbose_name = "quy tắc thẩm quyền"
        verbose_name_plural = "ma trận thẩm quyền"

    def __str__(self) -> str:
        return f"{self.area} · {self.field} → {self.lead_agency}"


class Holiday(models.Model):
    """A public holiday (or a day off in lieu) on which working-day periods do not run. Loaded
    from the `holidays` package by `load_registry`; administrators add decisions of the
    Government that move days off (RULES.md: keep the holiday calendar as data)."""

    day = models.DateField(unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["day"]
        verbose_name = "ngày nghỉ lễ"
        verbose_name_plural = "ngày nghỉ lễ"

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"
