"""What hub389 exchanges with other agencies' systems: the external reference of every record
they send (so a second push updates instead of duplicating), the events they are owed (an
outbox written in the same transaction as the change) and the webhook deliveries of those
events. This app imports no other app's records: the services call it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExternalRef(models.Model):
    """`(agency, source_system, source_id)` names one record of `kind` in hub389, as TheHive
    refuses an alert whose (type, source, sourceRef) exists. `version` grows with every change
    made through the exchange, for `If-Match`."""

    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    source_system = models.CharField(_("hệ thống nguồn"), max_length=40)
    source_id = models.CharField(_("mã bản ghi nguồn"), max_length=100)
    kind = models.CharField(max_length=20)  # "case", "subject", "tip", "sanction", "lot"
    object_id = models.BigIntegerField()
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source_system", "source_id", "kind"], name="external_ref_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="external_ref_object")]
        verbose_name = "mã tham chiếu ngoài"
        verbose_name_plural = "mã tham chiếu ngoài"

    def __str__(self) -> str:
        return f"{self.source_system}:{self.source_id} → {self.kind} #{self.object_id}"


class EventKind(models.TextChoices):
    LEAD_NOTICE = "case.lead_notice", _("Thông báo cơ quan chủ trì")
    CASE_AMENDED = "case.amended", _("Vụ việc được đính chính")
    CASE_SHARED = "case.shared", _("Vụ việc được chia sẻ")
    CASE_TRANSFERRED = "case.transferred", _("Vụ việc được chuyển chủ trì")
    TIP_ROUTED = "tip.routed", _("Tin báo được giao")
    TIP_TRANSFERRED = "tip.transferred", _("Tin báo được chuyển")
    TASK_ISSUED = "task.issued", _("Nhiệm vụ được giao")
    REPORT_RETURNED = "report.returned", _("Báo cáo bị trả lại")


class Event(models.Model):
    """One thing an agency must hear, in the order written (`id` is the feed's cursor). The
    payload names the record by id and reference only: the client reads the rest through the
    API, where the access rules apply as on the pages."""

    id = models.BigAutoField(primary_key=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    object_kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    reference = models.CharField(max_length=40, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["agency", "id"], name="event_feed")]
        verbose_name = "sự kiện"
        verbose_name_plural = "sự kiện"

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.reference}"


class Webhook(models.Model):
    """Where an agency's system wants its events pushed. The signing secret is derived from the
    server key, the webhook's id and `secret_version` (shown once, never stored): rotating bumps
    the version."""

    client = models.ForeignKey("api.ApiClient", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("địa chỉ nhận"), max_length=500)
    secret_version = models.PositiveIntegerField(default=1)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "webhook"
        verbose_name_plural = "webhook"

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ gửi")
    DELIVERED = "delivered", _("Đã gửi")
    FAILED = "failed", _("Gửi không được")


class Delivery(models.Model):
    """One event for one webhook: created with the event (same transaction), sent by the
    worker, retried with backoff. `next_at` is also the lease of a worker that is sending it, so
    a worker that dies mid-send leaves it to be sent again when the lease ends."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_at = models.DateTimeField(default=timezone.now)
    last_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["webhook", "event"], name="delivery_unique")]
        indexes = [models.Index(fields=["status", "next_at"], name="delivery_due")]
        verbose_name = "lần gửi webhook"
        verbose_name_plural = "lần gửi webhook"

    def __str__(self) -> str:
        return f"{self.event_id} → {self.webhook_id}: {self.status}"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Đang kiểm tra")
    CHECKED = "checked", _("Đã kiểm tra, chờ ghi")
    REFUSED = "refused", _("Có lỗi, không ghi")
    COMMITTING = "committing", _("Đang ghi")
    DONE = "done", _("Đã ghi")
    FAILED = "failed", _("Ghi không được, không có gì thay đổi")


class ImportBatch(models.Model):
    """One spreadsheet an agency sends: checked row by row (every problem with its row), then
    written all or nothing; `summary` is the DHIS2-style import summary (created, updated,
    unchanged, refused, and each problem)."""

    kind = models.CharField(max_length=20)  # "cases"
    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=255)
    source_system = models.CharField(max_length=40)
    dry_run = models.BooleanField(default=False)
    commit_after_check = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    summary = models.JSONField(default=dict, blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Who pressed "write" after the preview (the sender or the agency's head), and when.
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "lần nhập dữ liệu"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
