"""Enforcement cases (vụ việc): who found what, where, against whom; the lead-agency notice,
sharing, the administrative track (violation record → sanction decision → fines, remedies) and
the criminal track (referral → prosecuted or returned)."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub389.cases import deadlines
from hub389.lib.counted import CountedQuerySet
from hub389.registry.models import Agency, Area, AreaKind, Field, GoodsGroup, within
from hub389.subjects.models import Subject


class Detection(models.TextChoices):
    INSPECTION = "inspection", _("Kiểm tra, thanh tra")
    PATROL = "patrol", _("Tuần tra, kiểm soát")
    TIP = "tip", _("Từ tố giác, tin báo")
    CUSTOMS = "customs", _("Kiểm soát hải quan")
    ECOMMERCE = "ecommerce", _("Giám sát thương mại điện tử")
    NOTICE = "notice", _("Cơ quan khác thông báo")


class CaseChannel(models.TextChoices):
    BORDER = "border", _("Biên giới đường bộ")
    SEA = "sea", _("Đường biển")
    AIR = "air", _("Đường hàng không")
    INLAND = "inland", _("Nội địa")
    ECOMMERCE = "ecommerce", _("Thương mại điện tử")


class ViolationKind(models.TextChoices):
    """The five kinds counted in the statistics (DOMAIN.md)."""

    SMUGGLING = "smuggling", _("Buôn lậu, vận chuyển trái phép, hàng cấm")
    FRAUD = "fraud", _("Gian lận thương mại, gian lận thuế, xuất xứ")
    COUNTERFEIT = "counterfeit", _("Hàng giả, hàng kém chất lượng")
    IP = "ip", _("Xâm phạm quyền sở hữu trí tuệ")
    UNKNOWN_ORIGIN = "unknown_origin", _("Hàng không rõ nguồn gốc xuất xứ")


# Each case counts once in the statistics, under the first of these kinds it has (smuggled
# counterfeits are smuggling), so the kinds add up to the number of cases (reports' sum rule).
PRINCIPAL_ORDER = (
    ViolationKind.SMUGGLING,
    ViolationKind.COUNTERFEIT,
    ViolationKind.IP,
    ViolationKind.FRAUD,
    ViolationKind.UNKNOWN_ORIGIN,
)


def principal_of(kinds: Iterable[str]) -> str:
    """The principal kind among `kinds` ("" for none)."""
    present = set(kinds)
    return next((str(k) for k in PRINCIPAL_ORDER if k in present), "")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Đang xử lý")
    SANCTIONED = "sanctioned", _("Đã ra quyết định xử phạt")
    REFERRED = "referred", _("Đã chuyển cơ quan tố tụng")
    PROSECUTED = "prosecuted", _("Đã khởi tố")
    CLOSED = "closed", _("Kết thúc")


SEARCH_TEXT_LENGTH = 2000


def province_of(area: Area) -> Area | None:
    """The province an area lies in (itself for a province; None for the nation)."""
    return area if area.kind == AreaKind.PROVINCE else area.province


def placed_in(area: Area) -> models.Q:
    """Cases placed in `area` or below it (`registry.within`, by the copied province when it can)."""
    if area.kind == AreaKind.PROVINCE:
        return models.Q(province_id=area.pk)
    return within(area)


class CaseQuerySet(CountedQuerySet["Case"]):
    counted_fields = frozenset({"detected_on", "area", "province", "owner", "principal"})


class Case(models.Model):
    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="owned_cases", verbose_name=_("cơ quan chủ quản hồ sơ")
    )
    detected_by = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan phát hiện")
    )
    lead_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    year = models.PositiveSmallIntegerField()
    detection = models.CharField(max_length=20, choices=Detection.choices)
    detected_on = models.DateField(db_index=True)
    violation_ended_on = models.DateField(null=True, blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="cases")
    # The area's province, copied (set with the area by `record_case`): a province's lists and
    # its standing office's view read one indexed column instead of an OR over two area joins.
    province = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    place = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500, blank=True)
    channel = models.CharField(max_length=20, choices=CaseChannel.choices, default=CaseChannel.INLAND)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="cases")
    goods_group = models.ForeignKey(
        GoodsGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    summary = models.CharField(max_length=300)
    # Folded summary, place and subjects' names ("sua bot gia hang bac nguyen van an") for the
    # diacritic-insensitive search (`services.search_text`); a trigram index serves it on
    # PostgreSQL (migration 0006).
    search_text = models.CharField(max_length=SEARCH_TEXT_LENGTH, blank=True, editable=False)
    # Kept by `services.record_case` from the violations (never typed): the statistics' kind.
    principal = models.CharField(max_length=20, choices=ViolationKind.choices, blank=True, db_index=True)
    tip = models.ForeignKey("tips.Tip", null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True
    )
    confidential = models.BooleanField(default=False)
    confidential_reason = models.CharField(max_length=300, blank=True)
    confidential_readers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-detected_on", "-pk"]
        indexes = [
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["owner", "detected_on"], name="case_owner_day"),
            models.Index(fields=["area", "detected_on"]),
            models.Index(fields=["province", "detected_on"], name="case_province_day"),
        ]
        verbose_name = "vụ việc"
        verbose_name_plural = "vụ việc"

    def __str__(self) -> str:
        return f"{self.reference} {self.summary}"

    @property
    def reference(self) -> str:
        return f"VV-{self.year}-{self.pk or 0:06d}"

    @property
    def limitation_ends(self) -> datetime.date:
        return deadlines.limitation_ends(self.violation_ended_on or self.detected_on)

    @property
    def goods_value(self) -> int:
        return sum(g.value_vnd for g in self.goods.all())


class CaseViolation(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="violations")
    kind = models.CharField(max_length=20, choices=ViolationKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="case_violation_unique")]

    def __str__(self) -> str:
        return self.get_kind_display()


class GoodsQuerySet(CountedQuerySet["CaseGoods"]):
    counted_fields = frozenset({"case", "value_vnd"})


class CaseGoods(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goods")
    description = models.CharField(max_length=300)
    brand = models.CharField(max_length=120, blank=True)
    quantity = models.DecimalField(max_digits=14, decimal_places=3)
    unit = models.CharField(max_length=30)
    value_vnd = models.PositiveBigIntegerField(default=0)

    objects = GoodsQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.description} ({self.quantity} {self.unit})"


class SubjectRole(models.TextChoices):
    VIOLATOR = "violator", _("Đối tượng vi phạm")
    OWNER = "owner", _("Chủ hàng")
    RELATED = "related", _("Liên quan")


class CaseSubjectQuerySet(CountedQuerySet["CaseSubject"]):
    counted_fields = frozenset({"case", "subject", "role"})


class CaseSubject(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="cases")
    role = models.CharField(max_length=20, choices=SubjectRole.choices, default=SubjectRole.VIOLATOR)

    objects = CaseSubjectQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "subject", "role"], name="case_subject_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.get_role_display()}"


class CaseShare(models.Model):
    """A named agency that may read (or edit) the case; the owner is on `Case.owner`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="shared_cases")
    can_edit = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="case_share_unique")]

    def __str__(self) -> str:
        return f"{self.agency.code} ({'sửa' if self.can_edit else 'xem'})"


class NoticeStatus(models.TextChoices):
    SENT = "sent", _("Đã gửi")
    ACKNOWLEDGED = "acknowledged", _("Đã nhận")
    TAKEN_OVER = "taken_over", _("Tiếp nhận chủ trì")
    COORDINATING = "coordinating", _("Phối hợp")


class LeadNotice(models.Model):
    """Decision 19/2016: the detecting agency informs the lead agency at once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="case_notices")
    sent_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.SENT)
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.to_agency.code}: {self.get_status_display()}"


class SanctionQuerySet(CountedQuerySet["Sanction"]):
    counted_fields = frozenset({"case", "decision_date", "fine_decided", "fine_paid", "annulled_on"})


class Sanction(models.Model):
    """The administrative track for one violator: record → decision → payment, remedies."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sanctions")
    subject = models.ForeignKey(Subject, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    record_no = models.CharField(_("số biên bản"), max_length=60)
    record_date = models.DateField(_("ngày lập biên bản"))
    route = models.CharField(max_length=20, choices=deadlines.Route.choices, default=deadlines.Route.STANDARD)
    decision_due = models.DateField()
    decision_no = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(null=True, blank=True, db_index=True)
    fine_decided = models.PositiveBigIntegerField(default=0)
    fine_paid = models.PositiveBigIntegerField(default=0)
    measures = models.JSONField(default=list, blank=True)
    # An annulled decision (hủy bỏ, by the one who issued it or a higher authority) stays on
    # record but no longer counts in any figure; its published notice is withdrawn.
    annulled_on = models.DateField(null=True, blank=True)
    annul_reason = models.CharField(max_length=500, blank=True)

    objects = SanctionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"BB {self.record_no}"

    @property
    def outstanding(self) -> int:
        return self.fine_decided - self.fine_paid

    @property
    def measure_names(self) -> list[str]:
        """The remedies decided, by their names (in the reader's language)."""
        names = dict(Measure.choices)
        return [str(names.get(m, m)) for m in self.measures]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.decision_date is None and today > self.decision_due

    @property
    def decided_late(self) -> bool:
        return self.decision_date is not None and self.decision_date > self.decision_due


class Measure(models.TextChoices):
    CONFISCATION = "confiscation", _("Tịch thu tang vật, phương tiện")
    DESTRUCTION = "destruction", _("Buộc tiêu hủy")
    RECALL = "recall", _("Buộc thu hồi")
    LICENCE = "licence", _("Tước quyền sử dụng giấy phép, đình chỉ hoạt động")
    REEXPORT = "reexport", _("Buộc tái xuất")


# The remedies that decide what becomes of seized goods: once decided, a lot waits for the
# disposal's approval, no longer for a seizure deadline (warehouse page, my work).
DECIDING_MEASURES = frozenset({Measure.CONFISCATION, Measure.DESTRUCTION, Measure.REEXPORT})


class ReferralDecision(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    PROSECUTED = "prosecuted", _("Khởi tố")
    RETURNED = "returned", _("Không khởi tố, trả hồ sơ")


class ReferralQuerySet(CountedQuerySet["Referral"]):
    counted_fields = frozenset({"case", "referred_on", "decided_on", "decision", "defendants"})


class Referral(models.Model):
    """The criminal track: the file goes to the police or the procuracy (Art. 62)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField(db_index=True)
    decision = models.CharField(
        max_length=20, choices=ReferralDecision.choices, default=ReferralDecision.PENDING
    )
    decided_on = models.DateField(null=True, blank=True, db_index=True)
    criminal_case_no = models.CharField(max_length=60, blank=True)
    defendants = models.PositiveSmallIntegerField(default=0)
    file_returned_on = models.DateField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.to_agency.code}"

    @property
    def file_return_due(self) -> datetime.date | None:
        if self.decision != ReferralDecision.RETURNED or self.decided_on is None:
            return None
        return deadlines.file_return_due(self.decided_on)


class CaseEvent(models.Model):
    """The case's timeline: every step, never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    # A correction's fields before and after, and why ({"fields": [{label, before, after}], "reason"}).
    changes = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%d/%m/%Y}"


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên kế hoạch")
    DONE = "done", _("Đã kiểm tra")
    CANCELLED = "cancelled", _("Hủy")


class Inspection(models.Model):
    """A (joint) inspection of one business: a lead agency, member agencies, a date."""

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="inspections")
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="led_inspections")
    members = models.ManyToManyField(Agency, blank=True, related_name="joint_inspections")
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="inspection_teams",
        verbose_name=_("thành viên đoàn"),
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    planned_on = models.DateField(db_index=True)
    status = models.CharField(
        max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    purpose = models.CharField(max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    overlap_note = models.CharField(max_length=500, blank=True)
    findings = models.TextField(_("kết quả kiểm tra"), blank=True)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="inspections"
    )

    class Meta:
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self.subject.name} · {self.planned_on:%d/%m/%Y}"
