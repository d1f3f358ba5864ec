"""The committee's own registers, which the seeds ask for and no agency's system holds:

- flash reports (báo cáo nhanh, seed 000 §II.6): a serious incident reported at once to the
  committee's standing office and chief, and on the committee's decision to the level above,
  each step within hours the committee sets (`FlashDeadline`);
- the register of legal obstacles and recommendations (kiến nghị, vướng mắc; seed 002 §II.4):
  recorded by an agency, consolidated and forwarded by the standing office, answered, counted
  by status;
- area responsibility (seed 000 §II.3 "nắm chắc địa bàn", seed 001 §I.6 "rõ người"): each
  commune assigned, by a decision and for a period, to a team of an agency and a named officer;
- the commitments register (seed 001 §II, appendix VII.3–5): who signed not to trade in or
  advertise fakes, the share of the target reached, and the breaches."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub389.registry.models import Agency, Area, Field, SteeringCommittee


class Incident(models.TextChoices):
    SEIZURE = "seizure", _("Bắt giữ lô hàng lớn")
    RESISTANCE = "resistance", _("Chống người thi hành công vụ")
    HEALTH = "health", _("Hàng giả đến cơ sở y tế, người tiêu dùng")
    PRESS = "press", _("Dư luận, báo chí phản ánh")
    OTHER = "other", _("Vụ việc nghiêm trọng khác")


class FlashDeadline(models.Model):
    """The hours a committee allows for each step of a flash report (its working rules set
    them; none is in the law, so the defaults are the committee's to change)."""

    REPORT_HOURS = 24
    ACKNOWLEDGE_HOURS = 4
    FORWARD_HOURS = 12

    committee = models.OneToOneField(
        SteeringCommittee, on_delete=models.CASCADE, related_name="flash_deadline"
    )
    report_hours = models.PositiveSmallIntegerField(_("báo cáo sau khi xảy ra (giờ)"), default=REPORT_HOURS)
    acknowledge_hours = models.PositiveSmallIntegerField(
        _("lãnh đạo xác nhận (giờ)"), default=ACKNOWLEDGE_HOURS
    )
    forward_hours = models.PositiveSmallIntegerField(_("báo cáo lên cấp trên (giờ)"), default=FORWARD_HOURS)

    def __str__(self) -> str:
        return f"{self.committee}: {self.report_hours}/{self.acknowledge_hours}/{self.forward_hours} h"


class FlashReport(models.Model):
    """A serious incident, reported at once (from a case, or on its own). Its text is what the
    reporter wrote, never copied from a tip: nothing of an informant is in it."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="flash_reports")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()  # the agency's "BC" document number of the year
    year = models.PositiveSmallIntegerField()
    incident = models.CharField(max_length=20, choices=Incident.choices)
    title = models.CharField(max_length=200)
    happened_at = models.DateTimeField()
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    place = models.CharField(max_length=300, blank=True)
    what = models.TextField()
    goods = models.CharField(max_length=600, blank=True)
    value_vnd = models.PositiveBigIntegerField(default=0)
    measures = models.TextField(blank=True)
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)
    report_due = models.DateTimeField()  # happened_at + the committee's report_hours

    class Meta:
        ordering = ["-reported_at"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "number"], name="flash_number_unique")
        ]

    def __str__(self) -> str:
        return f"Báo cáo nhanh {self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.number:02d}/BC-{self.agency.short_name or self.agency.code}"

    @property
    def late(self) -> bool:
        return self.reported_at > self.report_due


class FlashStep(models.Model):
    """One committee the report went to: its own, then the level above when the committee
    decides. Acknowledged by the committee's leader within the committee's hours."""

    flash = models.ForeignKey(FlashReport, on_delete=models.CASCADE, related_name="steps")
    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=300, blank=True)  # why it goes up (the committee's decision)
    due_at = models.DateTimeField()  # the leader acknowledges by then
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    instruction = models.TextField(blank=True)  # what the leader directs

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["flash", "committee"], name="flash_step_unique")]

    def __str__(self) -> str:
        return f"{self.flash_id} → {self.committee}"

    @property
    def overdue(self) -> bool:
        return self.acknowledged_at is None and timezone.now() > self.due_at


class Level(models.TextChoices):
    """Whom a recommendation asks: the level that can change the rule."""

    PROVINCE = "province", _("UBND, Ban Chỉ đạo cấp tỉnh")
    MINISTRY = "ministry", _("Bộ, ngành trung ương")
    NATIONAL = "national", _("Ban Chỉ đạo 389 quốc gia")
    GOVERNMENT = "government", _("Chính phủ, Thủ tướng Chính phủ")
    ASSEMBLY = "assembly", _("Quốc hội")


class Handling(models.TextChoices):
    """The four states the standing office asks members to review (seed 002 §II.4)."""

    NOT_HANDLED = "not_handled", _("Chưa xử lý")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    HANDLED = "handled", _("Đã được xử lý")
    REFUSED = "refused", _("Không xử lý")


# How far along a state is: a change to a lower rank (or sideways between the two answers)
# needs a reason.
HANDLING_RANK = {Handling.NOT_HANDLED: 0, Handling.IN_PROGRESS: 1, Handling.HANDLED: 2, Handling.REFUSED: 2}


class Recommendation(models.Model):
    """A legal obstacle met in enforcement and what the agency recommends about it. The
    standing office merges similar ones into one (`merged_into`), forwards it to the bodies
    that can act, and records each answer."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="recommendations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()  # in the committee's register, per year
    year = models.PositiveSmallIntegerField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField(default=timezone.localdate)
    title = models.CharField(max_length=200)
    obstacle = models.TextField()
    legal_text = models.CharField(max_length=200)  # "Nghị định 98/2020/NĐ-CP"
    article = models.CharField(max_length=200, blank=True)  # "Điều 11, khoản 2"
    effect = models.TextField(blank=True)  # what it does to enforcement
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="+")
    proposal = models.TextField()
    level = models.CharField(max_length=20, choices=Level.choices)
    addressed_to = models.CharField(max_length=200, blank=True)  # "Bộ Công Thương"
    status = models.CharField(max_length=20, choices=Handling.choices, default=Handling.NOT_HANDLED)
    status_on = models.DateField(default=timezone.localdate)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"], name="recommendation_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"KN-{self.number:02d}/{self.year}"


class Forwarding(models.Model):
    """The recommendation sent to a body (by the committee's document)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="forwardings")
    body = models.CharField(max_length=200)
    body_key = models.CharField(max_length=200, editable=False)  # folded: one forwarding per body
    level = models.CharField(max_length=20, choices=Level.choices)
    document_no = models.CharField(max_length=60)
    sent_on = models.DateField()
    forwarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "body_key"], name="forwarding_body_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_no} → {self.body}"


class RecommendationEvent(models.Model):
    """The recommendation's history: recorded, merged, forwarded, answered, status changed."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)  # recorded | merged | forwarded | answered | status
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)
    body = models.CharField(max_length=200, blank=True)  # who answered
    document_no = models.CharField(max_length=60, blank=True)
    on = models.DateField(null=True, blank=True)  # the answer's date
    text = models.TextField(blank=True)  # the answer, or the reason

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%d/%m/%Y}"


class AreaAssignment(models.Model):
    """A commune, ward or special area given, by a decision and for a period, to a team of an
    agency and a named officer who answers for it (seed 000 §II.3: the team leader "chịu trách
    nhiệm cá nhân, trực tiếp và toàn diện trong việc nắm chắc địa bàn"). One force (kind of
    agency) has one responsible person per area, field and day."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="assignments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    unit = models.CharField(max_length=150)  # "Đội Quản lý thị trường số 1"
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    field = models.ForeignKey(Field, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_no = models.CharField(max_length=60)
    decision_date = models.DateField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)  # None: until another decision ends it
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    end_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["area__name", "-valid_from"]
        indexes = [models.Index(fields=["area", "valid_from"], name="assignment_area_day")]

    def __str__(self) -> str:
        return f"{self.area} → {self.unit} ({self.officer})"

    def current(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class AreaFinding(models.Model):
    """A violation found in an assigned area by another force: the responsible officer is told,
    and it counts in the evaluation of the team and of its leader. `began_on`, once the case
    establishes it, says how long it went undetected."""

    assignment = models.ForeignKey(AreaAssignment, on_delete=models.PROTECT, related_name="findings")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    tip = models.ForeignKey("tips.Tip", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    found_by = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    found_on = models.DateField()
    began_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-found_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "case"], name="finding_case_unique"),
            models.UniqueConstraint(fields=["assignment", "tip"], name="finding_tip_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment.area}: {self.found_by} {self.found_on:%d/%m/%Y}"

    @property
    def undetected_days(self) -> int | None:
        return (self.found_on - self.began_on).days if self.began_on else None


class Signatory(models.TextChoices):
    """Who the plan asks to sign (seed 001 §II; appendix VII.3–5)."""

    ECOMMERCE = "ecommerce", _("Sàn giao dịch thương mại điện tử")
    SOCIAL = "social", _("Mạng xã hội")
    PRESS = "press", _("Cơ quan báo chí")
    BROADCAST = "broadcast", _("Đài phát thanh, truyền hình")
    ADVERTISING = "advertising", _("Doanh nghiệp quảng cáo")
    HEALTH = "health", _("Nhà khoa học, y bác sĩ, quản lý ngành y tế")
    CELEBRITY = "celebrity", _("Người nổi tiếng, văn nghệ sĩ, vận động viên")
    TRADER = "trader", _("Cơ sở sản xuất, kinh doanh")


class Commitment(models.Model):
    """A signed commitment not to trade in, advertise or host fakes: who, before which agency,
    when, for what scope, with its document (an attachment)."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="commitments")
    category = models.CharField(max_length=20, choices=Signatory.choices)
    signatory = models.CharField(max_length=200)
    tax_code = models.CharField(max_length=14, blank=True)
    subject = models.ForeignKey(
        "subjects.Subject", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")  # signed before it
    signed_on = models.DateField()
    scope = models.TextField()
    valid_until = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["category", "signatory"]

    def __str__(self) -> str:
        return f"{self.signatory} ({self.signed_on:%d/%m/%Y})"


class CommitmentTarget(models.Model):
    """How many of a category the committee means to have signed in a year (the plan's
    "100%": all the platforms, papers and broadcasters of the province)."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=20, choices=Signatory.choices)
    year = models.PositiveSmallIntegerField()
    target = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "category", "year"], name="commitment_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.year}: {self.target}"


class Breach(models.Model):
    """A commitment broken, shown by a case or a published violation."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="breaches")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notice = models.ForeignKey(
        "portal.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "case"], name="breach_case_unique"),
            models.UniqueConstraint(fields=["commitment", "notice"], name="breach_notice_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.case_id or self.notice_id}"
