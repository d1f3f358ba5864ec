"""Tips (tố giác, tin báo về tội phạm, kiến nghị khởi tố and tips on administrative violations)
from reception to result. The informant's identity lives apart, encrypted (`Informant`)."""

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub389.lib.counted import CountedQuerySet
from hub389.registry import routing
from hub389.registry.models import INVESTIGATIVE_KINDS, Agency, Area, Field, GoodsGroup
from hub389.tips import clocks


class Kind(models.TextChoices):
    DENUNCIATION = "denunciation", _("Tố giác về tội phạm")
    REPORT = "report", _("Tin báo về tội phạm / vi phạm")
    PROSECUTION_REQUEST = "prosecution_request", _("Kiến nghị khởi tố")


class Channel(models.TextChoices):
    WEB = "web", _("Cổng tin báo trực tuyến")
    HOTLINE = "hotline", _("Đường dây nóng")
    LETTER = "letter", _("Thư, đơn")
    IN_PERSON = "in_person", _("Trực tiếp")
    EMAIL = "email", _("Thư điện tử")
    AGENCY = "agency", _("Cơ quan khác chuyển đến / kiến nghị")


class Nature(models.TextChoices):
    UNKNOWN = "unknown", _("Chưa xác định")
    CRIME = "crime", _("Có dấu hiệu tội phạm")
    ADMINISTRATIVE = "administrative", _("Vi phạm hành chính")


class Status(models.TextChoices):
    NEW = "new", _("Mới tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang giải quyết")
    SUSPENDED = "suspended", _("Tạm đình chỉ")
    SETTLED = "settled", _("Đã giải quyết")
    MERGED = "merged", _("Đã gộp vào tin khác")
    NOT_A_TIP = "not_a_tip", _("Không phải tin báo")


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.SUSPENDED)
# Outside the KPIs' denominators: duplicates and messages that were not tips at all.
EXCLUDED_STATUSES = (Status.MERGED, Status.NOT_A_TIP)


class Outcome(models.TextChoices):
    PROSECUTE = "prosecute", _("Khởi tố vụ án")
    NOT_PROSECUTE = "not_prosecute", _("Không khởi tố vụ án")
    ADMIN_CASE = "admin_case", _("Lập hồ sơ xử lý vi phạm hành chính")
    OUT_OF_SCOPE = "out_of_scope", _("Không thuộc phạm vi, đã hướng dẫn")


# Outcomes of Art. 147(1) that only an agency competent to settle crime reports may decide.
CRIMINAL_OUTCOMES = (Outcome.PROSECUTE, Outcome.NOT_PROSECUTE)


class Routing(models.TextChoices):
    RULE = routing.BY_RULE, _("Theo ma trận thẩm quyền")
    GAP = routing.GAP, _("Chưa có cơ quan chủ trì (khoảng trống)")
    OVERLAP = routing.OVERLAP, _("Nhiều cơ quan chủ trì (chồng chéo)")
    TRANSFER = "transfer", _("Được chuyển đến")


class TipQuerySet(CountedQuerySet["Tip"]):
    # What the report facts and the dashboards read (a lock or a reminder date moves nothing).
    counted_fields = frozenset(
        {"agency", "area", "status", "received_on", "accepted_on", "settled_on", "due_on"}
    )

    def open(self) -> "TipQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> "TipQuerySet":
        return self.open().filter(due_on__lt=today)

    def must_transfer(self) -> "TipQuerySet":
        """Open crime reports held by an agency that may not settle them (`Tip.must_transfer`)."""
        return self.open().filter(nature=Nature.CRIME).exclude(agency__kind__in=INVESTIGATIVE_KINDS)

    def near_due(self, today: datetime.date) -> "TipQuerySet":
        return self.open().filter(
            due_on__gte=today, due_on__lte=today + datetime.timedelta(days=clocks.NEAR_DUE_DAYS)
        )


class Tip(models.Model):
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices, default=Kind.REPORT)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=20, choices=Channel.choices)
    nature = models.CharField(_("tính chất"), max_length=20, choices=Nature.choices, default=Nature.UNKNOWN)
    summary = models.CharField(_("tóm tắt"), max_length=200)
    description = models.TextField(_("nội dung"))
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="tips", verbose_name=_("địa bàn"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    url = models.URLField(_("đường dẫn trực tuyến"), max_length=500, blank=True)
    goods_group = models.ForeignKey(
        GoodsGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="tips"
    )
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="tips")
    happened = models.CharField(_("thời gian xảy ra"), max_length=100, blank=True)
    source_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Cơ quan kiến nghị khởi tố / chuyển tin",
    )
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    received_on = models.DateField(_("ngày tiếp nhận"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reception_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="received_tips")
    book_year = models.PositiveSmallIntegerField()
    book_number = models.PositiveIntegerField()
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    has_informant = models.BooleanField(_("có thông tin người báo"), default=False)
    # When the informant's identity, contact, receipt and files were erased (tips.retention).
    informant_erased_on = models.DateField(_("ngày xoá thông tin người báo"), null=True, blank=True)

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="tips", verbose_name=_("cơ quan giải quyết")
    )
    coordinators = models.ManyToManyField(Agency, blank=True, related_name="coordinated_tips")
    past_agencies = models.ManyToManyField(Agency, blank=True, related_name="past_tips")
    routing = models.CharField(max_length=10, choices=Routing.choices, default=Routing.RULE)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="tips"
    )
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    locked_until = models.DateTimeField(null=True, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True, db_index=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    settled_on = models.DateField(_("ngày giải quyết"), null=True, blank=True, db_index=True)
    public_result = models.TextField(_("kết quả thông báo cho người báo"), blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )

    # The clock (see clocks.py); `due_on` is kept equal to clocks.deadline(self.clock).
    clock_start = models.DateField()
    extended_on = models.DateField(null=True, blank=True)
    procuracy_until = models.DateField(null=True, blank=True)
    suspended_on = models.DateField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=300, blank=True)
    resumed_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True, db_index=True)
    due_at_settlement = models.DateField(null=True, blank=True)
    procuracy_notice_due = models.DateField(null=True, blank=True)
    procuracy_notified_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    objects = TipQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reception_agency", "book_year", "book_number"], name="tip_book_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"]),
            # Open tips by due date with what a report groups them by: "overdue at the end of
            # the period" reads only this index (PostgreSQL; SQLite ignores INCLUDE).
            models.Index(
                fields=["due_on"],
                include=["agency", "area", "received_on", "status"],
                condition=models.Q(settled_on__isnull=True),
                name="tip_open_due",
            ),
        ]
        verbose_name = "tin báo"
        verbose_name_plural = "tin báo"

    def __str__(self) -> str:
        return f"{self.reference} {self.summary}"

    @property
    def reference(self) -> str:
        return f"TB-{self.book_year}-{self.pk or 0:06d}"

    @property
    def clock(self) -> clocks.Clock:
        return clocks.Clock(
            start=self.clock_start,
            extended_on=self.extended_on,
            procuracy_until=self.procuracy_until,
            suspended_on=self.suspended_on,
            resumed_on=self.resumed_on,
        )

    def days_left(self) -> int | None:
        return None if not self.is_open else clocks.days_left(self.due_on, timezone.localdate())

    def urgency(self) -> str:
        return "" if not self.is_open else clocks.urgency(self.due_on, timezone.localdate())

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def must_transfer(self) -> bool:
        """Art. 145(3), 146(2): a crime report held by an agency that may not settle it."""
        return self.is_open and self.nature == Nature.CRIME and not self.agency.can_investigate

    def lock_holder(self, now: datetime.datetime | None = None) -> Any:
        now = now or timezone.now()
        if self.locked_by_id and self.locked_until and self.locked_until > now:
            return self.locked_by
        return None


class Informant(models.Model):
    """Who sent a tip, sealed (see vault.py). Never listed, exported, logged or e-mailed."""

    tip = models.OneToOneField(Tip, on_delete=models.PROTECT, related_name="informant")
    wrapped_key = models.BinaryField()
    ciphertext = models.BinaryField()

    class Meta:
        verbose_name = "người báo tin (mã hoá)"

    def __str__(self) -> str:
        return f"Người báo tin của tin #{self.tip_id} (mã hoá)"


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Tiếp nhận")
    ROUTED = "routed", _("Phân công cơ quan giải quyết")
    ACCEPTED = "accepted", _("Thụ lý")
    ASSIGNED = "assigned", _("Giao cán bộ xử lý")
    TRANSFERRED = "transferred", _("Chuyển cơ quan có thẩm quyền")
    NOTE = "note", _("Ghi chú nội bộ")
    QUESTION = "question", _("Câu hỏi cho người báo tin")
    ANSWER = "answer", _("Người báo tin trả lời / bổ sung")
    EXTENDED = "extended", _("Gia hạn (vụ việc phức tạp)")
    PROCURACY_EXTENDED = "procuracy_extended", _("Viện kiểm sát gia hạn")
    SUSPENDED = "suspended", _("Tạm đình chỉ")
    RESUMED = "resumed", _("Phục hồi giải quyết")
    PROCURACY_NOTIFIED = "procuracy_notified", _("Đã thông báo Viện kiểm sát")
    SETTLED = "settled", _("Đã giải quyết")
    MERGED = "merged", _("Gộp tin trùng")
    NOT_A_TIP = "not_a_tip", _("Không phải tin báo")
    CLASSIFIED = "classified", _("Xác định tính chất")
    CASE_OPENED = "case_opened", _("Lập vụ việc từ tin báo")


# What the informant sees on the status page (never who the officer is).
PUBLIC_EVENTS = (
    EventKind.RECEIVED,
    EventKind.ROUTED,
    EventKind.ACCEPTED,
    EventKind.TRANSFERRED,
    EventKind.QUESTION,
    EventKind.ANSWER,
    EventKind.EXTENDED,
    EventKind.PROCURACY_EXTENDED,
    EventKind.SUSPENDED,
    EventKind.RESUMED,
    EventKind.SETTLED,
    EventKind.MERGED,
)


class TipEvent(models.Model):
    """One line of a tip's history; never edited (the transfer keeps the full history)."""

    tip = models.ForeignKey(Tip, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y}"

    @property
    def is_public(self) -> bool:
        return self.kind in PUBLIC_EVENTS


class IntakeState(models.TextChoices):
    PENDING = "pending", _("Đang chuyển đến cơ quan giải quyết")
    DONE = "done", _("Đã vào sổ")
    FAILED = "failed", _("Lỗi, đang thử lại")


class TipIntake(models.Model):
    """A citizen's tip as it arrived, before the worker routes and numbers it.

    The public form writes only this row (the content, the sealed identity, the receipt hash;
    the files are attachments of this row) in one short transaction and shows the receipt; the
    worker (`tips.intake.process`) then creates the tip, its reception-book number, events,
    notifications, campaign tags and report facts, and links the row to the tip, in one
    transaction: a crash before the commit leaves the row pending for the next run, so each row
    becomes exactly one tip. Once processed the row keeps only its times and the tip: the content,
    identity and receipt hash have moved to the tip and are erased here."""

    received_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=IntakeState.choices, default=IntakeState.PENDING)
    data = models.JSONField(default=dict)
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    wrapped_key = models.BinaryField(null=True, blank=True)
    ciphertext = models.BinaryField(null=True, blank=True)
    tip = models.OneToOneField(Tip, null=True, blank=True, on_delete=models.PROTECT, related_name="intake")
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "tin báo đang tiếp nhận"
        indexes = [
            models.Index(fields=["received_at"], name="tip_intake_pending", condition=~models.Q(state="done"))
        ]

    def __str__(self) -> str:
        return f"Tin báo tiếp nhận #{self.pk} ({self.state})"
