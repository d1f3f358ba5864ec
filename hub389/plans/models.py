"""Directives, plans, tasks under the "6 clear" rule, their dated occurrences and progress,
peak campaigns and the evaluation criteria of member agencies."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub389.registry.models import Agency, Area, GoodsGroup, SteeringCommittee


class DirectiveKind(models.TextChoices):
    CHI_THI = "chi_thi", _("Chỉ thị")
    CONG_DIEN = "cong_dien", _("Công điện")
    KE_HOACH = "ke_hoach", _("Kế hoạch")
    KET_LUAN = "ket_luan", _("Thông báo kết luận")
    CONG_VAN = "cong_van", _("Công văn")
    QUYET_DINH = "quyet_dinh", _("Quyết định")


class Directive(models.Model):
    """A document received or issued by a committee, and how it was passed on (seed 002)."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="directives")
    kind = models.CharField(max_length=20, choices=DirectiveKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=80)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=250)
    summary = models.CharField(_("trích yếu"), max_length=500)
    received_on = models.DateField(_("ngày nhận"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="passed_on",
        verbose_name=_("triển khai văn bản"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = "văn bản chỉ đạo"
        verbose_name_plural = "văn bản chỉ đạo"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ACTIVE = "active", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")


class Plan(models.Model):
    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    number = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    directive = models.ForeignKey(
        Directive, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    # "Ongoing" tasks report once a year on this day (Hanoi plan: the yearly report before 25/9,
    # so the agencies' progress is due ten days before).
    progress_month = models.PositiveSmallIntegerField(default=9)
    progress_day = models.PositiveSmallIntegerField(default=15)
    source = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"

    def __str__(self) -> str:
        return self.title

    def task_at(self, path: str) -> "Task":
        """The task numbered `path` in the appendix: "I.1.2" is item 1.2 of section I."""
        section, number = path.split(".", 1)
        return self.tasks.get(sort_key__startswith=f"{ROMAN.index(section) + 1:02d}.", number=number)


# Sections of a plan's appendix are numbered I, II, III…; their items 1, 2… and 1.1, 1.2…
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class Timing(models.TextChoices):
    DEADLINE = "deadline", _("Có thời hạn")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    YEARLY = "yearly", _("Hằng năm")
    ONGOING = "ongoing", _("Thường xuyên")
    ON_DIRECTION = "on_direction", _("Khi có văn bản chỉ đạo")


class Product(models.TextChoices):
    REPORT = "report", _("Báo cáo")
    DECISION = "decision", _("Quyết định")
    REGULATION = "regulation", _("Văn bản quy phạm, quy chế")
    INSPECTIONS = "inspections", _("Số cuộc kiểm tra")
    PLAN = "plan", _("Kế hoạch")
    OTHER = "other", _("Sản phẩm khác")


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("Chưa giao")
    ISSUED = "issued", _("Đã giao")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Hủy")


class Task(models.Model):
    """One line of a plan's appendix. A section (I–VIII) is a task with `is_section`; items and
    sub-items hang below it. A task is issued only when the six "clear" parts are there
    (`services.issue_task`): person, work, time, responsibility (lead), product, authority."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    number = models.CharField(_("số thứ tự"), max_length=20)
    sort_key = models.CharField(max_length=60, db_index=True)
    is_section = models.BooleanField(default=False)
    title = models.TextField(_("việc (rõ việc)"))
    lead_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="led_tasks"
    )
    lead_group = models.CharField(_("nhóm cơ quan chủ trì (chưa tách)"), max_length=300, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    coordinators = models.ManyToManyField(Agency, blank=True, related_name="coordinated_tasks")
    coordination_note = models.CharField(max_length=500, blank=True)
    timing = models.CharField(max_length=20, choices=Timing.choices, blank=True)
    due_on = models.DateField(_("thời hạn"), null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(_("ngày trong tháng"), null=True, blank=True)
    due_month = models.PositiveSmallIntegerField(_("tháng trong năm"), null=True, blank=True)
    timing_text = models.CharField(_("thời gian (văn bản gốc)"), max_length=300, blank=True)
    trigger = models.CharField(_("chờ văn bản chỉ đạo của"), max_length=300, blank=True)
    product_kind = models.CharField(max_length=20, choices=Product.choices, blank=True)
    product = models.CharField(_("sản phẩm (rõ sản phẩm)"), max_length=300, blank=True)
    authority = models.CharField(_("căn cứ, thẩm quyền (rõ thẩm quyền)"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.DRAFT)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["plan", "sort_key"], name="task_number_unique")]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:80]}"


class OccurrenceStatus(models.TextChoices):
    OPEN = "open", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


class Occurrence(models.Model):
    """One dated instance of a task: the deadline itself, or one month / quarter / year of a
    recurring task, or the deadline set when the awaited direction arrives."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences")
    due_on = models.DateField(db_index=True)
    label = models.CharField(max_length=60)
    status = models.CharField(max_length=20, choices=OccurrenceStatus.choices, default=OccurrenceStatus.OPEN)
    percent = models.PositiveSmallIntegerField(default=0)
    done_on = models.DateField(null=True, blank=True)
    escalation = models.PositiveSmallIntegerField(default=0)  # 0 none, 1 agency head, 2 standing office
    directive = models.ForeignKey(
        Directive, null=True, blank=True, on_delete=models.PROTECT, related_name="occurrences"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["task", "due_on"], name="occurrence_unique")]

    def __str__(self) -> str:
        return f"{self.task.number} · {self.label}"


class Progress(models.Model):
    """A progress report on an occurrence: the lead agency's, or a coordinator's contribution."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    is_contribution = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=OccurrenceStatus.choices)
    percent = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    product_delivered = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.occurrence} · {self.percent}%"


class TaskTemplate(models.Model):
    """A reusable set of tasks (TheHive's most requested feature): applied to a new plan or
    campaign, it creates draft tasks to complete and issue."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="task_templates")
    name = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A peak campaign (đợt cao điểm): a period, a scope and a working group."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(max_length=300)
    starts_on = models.DateField()
    ends_on = models.DateField()
    goods_groups = models.ManyToManyField(GoodsGroup, blank=True, related_name="+")
    areas = models.ManyToManyField(Area, blank=True, related_name="+")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="campaigns")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="campaigns")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns")
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="campaigns")
    tips = models.ManyToManyField("tips.Tip", blank=True, related_name="campaigns")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class CriterionSource(models.TextChoices):
    TASKS = "tasks", _("Tỷ lệ nhiệm vụ hoàn thành đúng hạn")
    REPORTS = "reports", _("Tỷ lệ báo cáo đúng hạn")
    TIPS = "tips", _("Tỷ lệ giải quyết tin báo")
    AREAS = "areas", _("Tỷ lệ vi phạm trên địa bàn phụ trách do chính lực lượng phát hiện")


class Criterion(models.Model):
    """An evaluation criterion with its weight; editable, since the national criteria of
    Decision 1219/QĐ-BCĐ389 are not public in detail."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="criteria")
    source = models.CharField(max_length=20, choices=CriterionSource.choices)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "source"], name="criterion_unique")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} × {self.weight}"
