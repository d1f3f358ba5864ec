"""The public side's records: the notices of sanction decisions published on the portal, the
rules that say which decisions must be published and for how long, and the warnings about
fraudsters' tricks. A notice keeps a copy of what was approved (the decision may change later:
the copy changes only by a correction, with a public note), so what citizens read is exactly
what the standing office approved."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub389.cases.models import Sanction
from hub389.registry.models import Agency, Area, GoodsGroup, SteeringCommittee


class PublicationRule(models.Model):
    """An administrator's setting: which sanction decisions are published, on what legal basis
    and for how long. `verified` is False until someone has checked the article (RULES.md marks
    the publication article as unverified): the portal then says so beside the citation."""

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(_("tên quy tắc"), max_length=200)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    verified = models.BooleanField(_("đã kiểm tra căn cứ"), default=False)
    kinds = models.JSONField(_("loại vi phạm áp dụng"), default=list, blank=True)
    min_fine = models.PositiveBigIntegerField(_("mức phạt tối thiểu"), default=0)
    period_days = models.PositiveIntegerField(_("thời hạn công khai (ngày)"), default=365)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("quy tắc công khai")
        verbose_name_plural = _("quy tắc công khai")

    def __str__(self) -> str:
        return self.title


class NoticeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Chờ duyệt")
    REFUSED = "refused", _("Không được duyệt")
    PUBLISHED = "published", _("Đang công khai")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


class Publicity(models.TextChoices):
    """Who the violator is, for what the notice may say of them."""

    NAMED = "named", _("Tổ chức, hộ kinh doanh: công khai tên")
    INDIVIDUAL = "individual", _("Cá nhân: công khai tên theo quyết định")
    WITHHELD = "withheld", _("Cá nhân: không công khai tên")


class NoticeQuerySet(models.QuerySet["Notice"]):
    def live(self, today: datetime.date | None = None) -> "NoticeQuerySet":
        """What the portal serves: published, not withdrawn, within its publication period."""
        today = today or timezone.localdate()
        return self.filter(status=NoticeStatus.PUBLISHED, published_on__lte=today, expires_on__gte=today)


class Notice(models.Model):
    sanction = models.ForeignKey(Sanction, on_delete=models.PROTECT, related_name="notices")
    rule = models.ForeignKey(PublicationRule, on_delete=models.PROTECT, related_name="notices")
    status = models.CharField(max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.PROPOSED)
    legal_basis = models.CharField(_("căn cứ công khai"), max_length=300)
    legal_article = models.CharField(_("điều khoản vi phạm"), max_length=300)
    publicity = models.CharField(max_length=20, choices=Publicity.choices)
    publication_clause = models.CharField(
        _("điều khoản công khai trong quyết định"), max_length=300, blank=True
    )
    # What the portal shows: a copy of the decision taken when proposed or corrected.
    decision_no = models.CharField(max_length=60)
    decision_date = models.DateField(db_index=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    goods_group = models.ForeignKey(
        GoodsGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kinds = models.JSONField(default=list)
    violator = models.CharField(max_length=300)
    tax_code = models.CharField(max_length=20, blank=True)
    address = models.CharField(max_length=300, blank=True)
    summary = models.CharField(_("nội dung vi phạm"), max_length=600)
    goods = models.CharField(max_length=600, blank=True)
    fine = models.PositiveBigIntegerField(default=0)
    measures = models.JSONField(default=list, blank=True)
    search_text = models.CharField(max_length=1500, blank=True)
    # The steps, each dated and by whom.
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_note = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["status", "province", "decision_date"], name="notice_live_province"),
            models.Index(fields=["status", "decision_date"], name="notice_live_day"),
        ]

    def __str__(self) -> str:
        return f"QĐ {self.decision_no}"

    @property
    def state(self) -> str:
        """The status as the officers' pages say it: a published notice past its period has
        left the portal (nothing needs to change it: the portal reads `live()`)."""
        if (
            self.status == NoticeStatus.PUBLISHED
            and self.expires_on
            and self.expires_on < timezone.localdate()
        ):
            return str(_("Hết thời hạn công khai"))
        return str(self.get_status_display())


class NoticeCorrection(models.Model):
    """A public note on a notice: a correction after an amending decision, or the withdrawal."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="corrections")
    on = models.DateField()
    note = models.CharField(max_length=500)
    before = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y}: {self.note}"


class WarningStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đang công khai")
    WITHDRAWN = "withdrawn", _("Đã gỡ")


class Channel(models.TextChoices):
    MARKET = "market", _("Chợ, cửa hàng")
    ECOMMERCE = "ecommerce", _("Sàn thương mại điện tử")
    SOCIAL = "social", _("Mạng xã hội, livestream")
    PHONE = "phone", _("Điện thoại, tin nhắn")
    DELIVERY = "delivery", _("Giao hàng, bưu chính")


class WarningQuerySet(models.QuerySet["Warning"]):
    def live(self) -> "WarningQuerySet":
        return self.filter(status=WarningStatus.PUBLISHED)


class Warning(models.Model):
    """A warning about a fraudsters' new trick, written and published by a committee's standing
    office for its area: the nation's for everyone, a province's for its province."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="warnings")
    status = models.CharField(max_length=20, choices=WarningStatus.choices, default=WarningStatus.DRAFT)
    title = models.CharField(_("tiêu đề"), max_length=200)
    what_happens = models.TextField(_("thủ đoạn"))
    how_to_recognise = models.TextField(_("cách nhận biết"))
    what_to_do = models.TextField(_("cần làm gì"))
    goods_groups = models.ManyToManyField(GoodsGroup, blank=True, related_name="+")
    channels = models.JSONField(default=list, blank=True)
    hotline = models.CharField(_("đường dây nóng"), max_length=40, blank=True)
    notices = models.ManyToManyField(Notice, blank=True, related_name="warnings")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_on = models.DateField(null=True, blank=True, db_index=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = WarningQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title

    @property
    def channel_names(self) -> list[str]:
        names = dict(Channel.choices)
        return [str(names.get(c, c)) for c in self.channels]
