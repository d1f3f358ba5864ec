"""Rights holders and their genuine products (seed 001, appendix VI.1: a database to
authenticate goods on the market; WCO IPM's product sheets for frontline officers).

A rights holder (the owner of a mark, or its legal representative in Vietnam) applies, the
national standing office verifies it against its IP titles and activates it; its master user
adds the others. A product is what the holder says it is, with three tiers of features: what a
citizen can check, what only signed-in officers see (covert), and what only the laboratories of
the agencies the holder names see. A GTIN claimed by a second holder is kept on both and flagged
(`disputed`) for the standing office, never overwritten. An officer asks the holder "is this
genuine?" from a case; the answer, due by a date the standing office set, joins the case."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub389.lib.text import fold
from hub389.registry.models import Agency, Area, GoodsGroup


class HolderKind(models.TextChoices):
    OWNER = "owner", _("Chủ sở hữu quyền")
    REPRESENTATIVE = "representative", _("Tổ chức đại diện sở hữu công nghiệp")


class HolderStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xác minh")
    VERIFIED = "verified", _("Đã xác minh")
    REFUSED = "refused", _("Không chấp nhận")
    SUSPENDED = "suspended", _("Tạm ngừng")


class RightsHolder(models.Model):
    kind = models.CharField(_("loại"), max_length=20, choices=HolderKind.choices, default=HolderKind.OWNER)
    name = models.CharField(_("tên chủ thể quyền"), max_length=200)
    country = models.CharField(_("quốc gia"), max_length=60, default="Việt Nam")
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    clients = models.TextField(_("khách hàng được đại diện"), blank=True)
    contact_name = models.CharField(_("người liên hệ"), max_length=120)
    contact_phone = models.CharField(_("điện thoại liên hệ 24/7"), max_length=40)
    contact_email = models.EmailField(_("thư điện tử"))
    status = models.CharField(max_length=20, choices=HolderStatus.choices, default=HolderStatus.PENDING)
    applied_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.CharField(max_length=500, blank=True)
    # Working days the holder has to answer a verification request (set by the standing office).
    answer_days = models.PositiveSmallIntegerField(_("thời hạn trả lời (ngày làm việc)"), default=3)
    lab_agencies = models.ManyToManyField(Agency, blank=True, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = _("chủ thể quyền")
        verbose_name_plural = _("chủ thể quyền")

    def __str__(self) -> str:
        return self.name

    @property
    def verified(self) -> bool:
        return self.status == HolderStatus.VERIFIED


class TitleKind(models.TextChoices):
    TRADEMARK = "trademark", _("Nhãn hiệu đăng ký")
    DESIGN = "design", _("Kiểu dáng công nghiệp")
    PATENT = "patent", _("Sáng chế")
    GEO = "geo", _("Chỉ dẫn địa lý")


class IPTitle(models.Model):
    """A registration the holder's rights rest on (a trademark certificate of the IP Office of
    Viet Nam, or an international registration designating Viet Nam)."""

    holder = models.ForeignKey(RightsHolder, on_delete=models.CASCADE, related_name="titles")
    kind = models.CharField(_("loại văn bằng"), max_length=20, choices=TitleKind.choices)
    number = models.CharField(_("số văn bằng"), max_length=40)
    owner = models.CharField(_("chủ văn bằng"), max_length=200)
    classes = models.CharField(_("nhóm sản phẩm (Nice)"), max_length=100, blank=True)
    office = models.CharField(_("cơ quan cấp"), max_length=120, default="Cục Sở hữu trí tuệ")
    valid_until = models.DateField(_("hiệu lực đến"))
    # When the standing office checked it against the register (None: added since, not checked).
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "number"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def valid_on(self, day: datetime.date) -> bool:
        return self.valid_until >= day


class HolderUser(models.Model):
    """A user of a rights holder's account; the master user manages the others."""

    holder = models.ForeignKey(RightsHolder, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="holder_seat"
    )
    is_master = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} @ {self.holder}"


class Product(models.Model):
    holder = models.ForeignKey(RightsHolder, on_delete=models.PROTECT, related_name="products")
    brand = models.CharField(_("nhãn hiệu"), max_length=120)
    name = models.CharField(_("tên sản phẩm"), max_length=200)
    variant = models.CharField(_("quy cách, biến thể"), max_length=200, blank=True)
    gtin = models.CharField(_("mã GTIN"), max_length=14, blank=True, db_index=True)
    goods_group = models.ForeignKey(
        GoodsGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nhóm hàng"),
    )
    packaging = models.TextField(_("bao bì"), blank=True)
    public_features = models.TextField(_("đặc điểm người dân kiểm tra được"), blank=True)
    officer_features = models.TextField(_("đặc điểm nhận biết dành cho cán bộ"), blank=True)
    lab_features = models.TextField(_("đặc điểm giám định"), blank=True)
    title = models.ForeignKey(
        IPTitle, null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    # A second holder claims this GTIN: both kept, the standing office decides.
    disputed = models.BooleanField(default=False)
    search = models.CharField(max_length=600, blank=True)  # folded brand + name + variant (full-text index)
    brand_fold = models.CharField(max_length=120, blank=True, db_index=True)  # a case's goods line names it
    external_id = models.CharField(max_length=64, blank=True)  # the holder's own product code
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["brand", "name"]
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "gtin"], condition=~models.Q(gtin=""), name="brands_product_holder_gtin"
            )
        ]

    def __str__(self) -> str:
        brand = "" if fold(self.brand) in fold(self.name) else self.brand
        return " ".join(p for p in (brand, self.name, self.variant) if p)


class SellerRole(models.TextChoices):
    IMPORTER = "importer", _("Nhà nhập khẩu")
    DISTRIBUTOR = "distributor", _("Nhà phân phối")
    RETAILER = "retailer", _("Đại lý, cửa hàng")
    ONLINE = "online", _("Gian hàng trực tuyến chính hãng")


class Seller(models.Model):
    """An authorised importer, distributor or shop, linked to the subject registry."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="sellers")
    subject = models.ForeignKey("subjects.Subject", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò"), max_length=20, choices=SellerRole.choices)
    name = models.CharField(_("tên"), max_length=200)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    province = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    url = models.URLField(_("đường dẫn"), max_length=300, blank=True)

    class Meta:
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    RETAIL = "retail", _("Bán lẻ tại cửa hàng")
    ONLINE = "online", _("Bán trực tuyến")
    WHOLESALE = "wholesale", _("Bán buôn")


class Price(models.Model):
    """The usual price by channel: a price far below it is a sign of a fake."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="prices")
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices)
    low = models.PositiveBigIntegerField(_("giá thấp nhất"))
    high = models.PositiveBigIntegerField(_("giá cao nhất"))
    unit = models.CharField(_("đơn vị"), max_length=40, default="hộp")

    class Meta:
        ordering = ["channel"]
        constraints = [models.UniqueConstraint(fields=["product", "channel"], name="brands_price_channel")]

    def __str__(self) -> str:
        return f"{self.channel} {self.low}-{self.high}"


class KnownFake(models.Model):
    """A fake version of the product seen on the market (photos attached)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="fakes")
    description = models.TextField(_("mô tả hàng giả"))
    how_to_tell = models.TextField(_("cách phân biệt"), blank=True)
    where_found = models.CharField(_("nơi phát hiện, cách thức"), max_length=300, blank=True)
    found_on = models.DateField(_("ngày phát hiện"), null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-found_on", "-pk"]

    def __str__(self) -> str:
        return self.description[:60]


class Answer(models.TextChoices):
    GENUINE = "genuine", _("Hàng thật")
    FAKE = "fake", _("Hàng giả")
    UNSURE = "unsure", _("Cần giám định")


class VerificationRequest(models.Model):
    """ "Is this genuine?" asked from a case; the holder answers by `due_on`."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="verifications")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="verifications")
    holder = models.ForeignKey(RightsHolder, on_delete=models.PROTECT, related_name="verifications")
    question = models.TextField(_("nội dung đề nghị"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    answer_note = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return f"{self.product} · {self.case_id}"

    @property
    def late(self) -> bool:
        if self.answered_at is not None:
            return timezone.localdate(self.answered_at) > self.due_on
        return timezone.localdate() > self.due_on


class Watch(models.Model):
    """A request for action: the holder asks agencies to watch for fakes of a product in some
    provinces (or everywhere) for a period; officers see it on the product's sheet."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="watches")
    reason = models.TextField(_("lý do, dấu hiệu cần chú ý"))
    provinces = models.ManyToManyField(Area, blank=True, related_name="+")
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.product_id} {self.starts_on}–{self.ends_on}"

    def live_on(self, day: datetime.date) -> bool:
        return self.withdrawn_at is None and self.starts_on <= day <= self.ends_on


class BrandMention(models.Model):
    """A case whose goods name one of the holder's brands (the goods line's brand, folded, is the
    product's): what the holder's page counts, never the case itself."""

    holder = models.ForeignKey(RightsHolder, on_delete=models.CASCADE, related_name="mentions")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    brand = models.CharField(max_length=120)
    value_vnd = models.PositiveBigIntegerField(default=0)
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["holder", "case", "brand"], name="brands_mention_once")
        ]

    def __str__(self) -> str:
        return f"{self.brand} · {self.case_id}"
