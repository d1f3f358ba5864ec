"""Other agencies' systems as clients of the API: each acts as its agency, through a user of
its own (so every access rule of the pages applies unchanged), with scopes, an expiry, an
optional IP allow-list and a rate limit. The token is shown once and kept only as a keyed hash."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    REGISTRY_READ = "registry:read", _("Đọc danh mục, thẩm quyền")
    CASES_READ = "cases:read", _("Đọc vụ việc")
    CASES_WRITE = "cases:write", _("Ghi vụ việc")
    SUBJECTS_READ = "subjects:read", _("Tra cứu đối tượng")
    SUBJECTS_WRITE = "subjects:write", _("Ghi đối tượng")
    TIPS_READ = "tips:read", _("Đọc tin báo")
    TIPS_WRITE = "tips:write", _("Tiếp nhận, xử lý tin báo")
    LOTS_READ = "lots:read", _("Đọc tang vật")
    TASKS_READ = "tasks:read", _("Đọc nhiệm vụ")
    TASKS_WRITE = "tasks:write", _("Báo cáo tiến độ nhiệm vụ")
    REPORTS_READ = "reports:read", _("Đọc báo cáo")
    REPORTS_WRITE = "reports:write", _("Gửi số liệu báo cáo")
    EVENTS_READ = "events:read", _("Nhận sự kiện")
    EXPORT = "export", _("Xuất dữ liệu (followthemoney)")
    PRODUCTS_READ = "products:read", _("Tra cứu hàng thật")
    PRODUCTS_WRITE = "products:write", _("Cập nhật sản phẩm (hệ thống của chủ thể quyền)")


class ApiClient(models.Model):
    # An agency's system, or a rights holder's (its product catalogue): exactly one of the two.
    agency = models.ForeignKey(
        "registry.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="api_clients"
    )
    holder = models.ForeignKey(
        "brands.RightsHolder", null=True, blank=True, on_delete=models.PROTECT, related_name="api_clients"
    )
    name = models.CharField(_("tên hệ thống"), max_length=120)
    contact = models.CharField(_("người liên hệ"), max_length=200)
    scopes = models.JSONField(_("quyền"), default=list)
    # The user the client acts through: of its agency, never able to sign in on the pages.
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client")
    token_prefix = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    expires_on = models.DateField(_("hết hạn ngày"))
    allowed_ips = models.TextField(_("địa chỉ IP được phép"), blank=True)
    rate_per_minute = models.PositiveIntegerField(_("số lần gọi mỗi phút"), default=600)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agency__code", "name"]
        verbose_name = "hệ thống kết nối"
        verbose_name_plural = "hệ thống kết nối"

    def __str__(self) -> str:
        owner = self.agency.code if self.agency is not None else self.holder.name if self.holder else "—"
        return f"{self.name} ({owner})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_on >= timezone.localdate()


class ApiCall(models.Model):
    """Every call of every client: who, which route, on what, with what answer (append only;
    writes are in the audit chain too, through the services)."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="calls")
    at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=8)
    route = models.CharField(max_length=120)
    object_ref = models.CharField(max_length=60, blank=True)
    status = models.PositiveSmallIntegerField()
    ms = models.PositiveIntegerField(default=0)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "at"], name="api_call_client")]
        verbose_name = "lần gọi API"
        verbose_name_plural = "lần gọi API"

    def __str__(self) -> str:
        return f"{self.method} {self.route} {self.status}"


class IdempotentRequest(models.Model):
    """A POST sent with `Idempotency-Key`: the answer is kept, and the same key with the same
    body gets the same answer again without doing the work twice (another body: 422)."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    route = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="idempotency_unique")]

    def __str__(self) -> str:
        return self.key
