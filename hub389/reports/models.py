"""The reporting regime as data (DHIS2's data sets): report types with their period, due day
and lock; indicators; validation rules; submissions per (type, period, committee, agency) with
their approval; the document numbers of issued reports."""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from hub389.lib import periods
from hub389.lib.dates import add_months
from hub389.registry.models import Agency, Level, SteeringCommittee
from hub389.registry.workdays import add_working_days


def report_title(report_type: "ReportType", period: periods.Period) -> str:
    """The type's name and the period without repeating the words they share: "Báo cáo
    tháng" + "tháng 11/2026" → "Báo cáo tháng 11/2026"; "Báo cáo 6 tháng" + "6 tháng đầu năm
    2026" → "Báo cáo 6 tháng đầu năm 2026"."""
    name, label = gettext(report_type.name).split(), period.label.split()
    for n in range(min(len(name), len(label)), 0, -1):
        if [w.lower() for w in name[-n:]] == [w.lower() for w in label[:n]]:
            return " ".join([*name, *label[n:]])
    return " ".join([*name, *label])


def report_slug(report_type: "ReportType", period: periods.Period) -> str:
    """For file names, in Vietnamese without marks: "bao-cao-thang-11-2026"."""
    with translation.override("vi"):
        title = report_title(report_type, period)
    return slugify(title.replace("đ", "d").replace("Đ", "D").replace("/", "-"))


class DuePhrase(models.TextChoices):
    BEFORE = "before", _("trước ngày")
    BY = "by", _("chậm nhất ngày")


def _last_day(named: datetime.date, phrase: str) -> datetime.date:
    return named - datetime.timedelta(days=1) if phrase == DuePhrase.BEFORE else named


def _say(named: datetime.date, phrase: str) -> str:
    if phrase == DuePhrase.BEFORE:
        return gettext("trước ngày %(named)s (hạn cuối %(last)s)") % {
            "named": f"{named:%d/%m/%Y}",
            "last": f"{_last_day(named, phrase):%d/%m/%Y}",
        }
    return gettext("chậm nhất ngày %(named)s") % {"named": f"{named:%d/%m/%Y}"}


class ReportType(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    period_kind = models.CharField(max_length=20, choices=periods.Kind.choices)
    level = models.CharField(
        "cấp Ban Chỉ đạo nhận báo cáo", max_length=10, choices=Level.choices, default=Level.PROVINCE
    )
    # Due: `due_day` of the month the period ends in (the 17th for a period ending on the 14th);
    # with `due_month`, that fixed day of the period's last year (plan reports: 25/09). The law
    # names a day in one of two ways, kept as data: "trước ngày 17" (before the 17th: the last
    # day is the 16th, seed 003) or "chậm nhất ngày 25" (no later than: the 25th itself, Decree
    # 09/2019 Art. 13 for a province's report to the nation).
    due_day = models.PositiveSmallIntegerField(default=17)
    due_month = models.PositiveSmallIntegerField(null=True, blank=True)
    due_phrase = models.CharField(max_length=10, choices=DuePhrase.choices, default=DuePhrase.BEFORE)
    # The committee's consolidated report goes up by this day of the same month (Decree 09 Art. 13).
    upward_due_day = models.PositiveSmallIntegerField(default=25)
    upward_due_phrase = models.CharField(max_length=10, choices=DuePhrase.choices, default=DuePhrase.BY)
    lock_working_days = models.PositiveSmallIntegerField(
        _("khóa số liệu sau hạn (ngày làm việc)"), default=10
    )
    active = models.BooleanField(default=True)
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "loại báo cáo"
        verbose_name_plural = "loại báo cáo"

    def __str__(self) -> str:
        return self.name

    def period(self, code: str) -> periods.Period:
        return periods.period(self.period_kind, code)

    def named_due_on(self, period: periods.Period) -> datetime.date:
        """The day the law names for member agencies' reports ("trước ngày 17" → the 17th).
        For a range type (campaigns), `due_day` counts days after the period's end."""
        if self.due_month:
            return datetime.date(period.end.year, self.due_month, self.due_day)
        if period.kind == periods.Kind.RANGE:
            return period.end + datetime.timedelta(days=self.due_day)
        last = calendar.monthrange(period.end.year, period.end.month)[1]
        day = period.end.replace(day=min(self.due_day, last))
        return day if day >= period.end else add_months(day, 1)

    def due_on(self, period: periods.Period) -> datetime.date:
        """The last day a member agency's report is on time ("trước ngày 17" → the 16th)."""
        return _last_day(self.named_due_on(period), self.due_phrase)

    def named_upward_due_on(self, period: periods.Period) -> datetime.date:
        due = self.named_due_on(period)
        if self.due_month or period.kind == periods.Kind.RANGE:
            return due + datetime.timedelta(days=self.upward_due_day - self.due_day)
        return max(
            due, due.replace(day=min(self.upward_due_day, calendar.monthrange(due.year, due.month)[1]))
        )

    def upward_due_on(self, period: periods.Period) -> datetime.date:
        """The last day the committee's consolidated report is on time at the level above."""
        return _last_day(self.named_upward_due_on(period), self.upward_due_phrase)

    def due_text(self, period: periods.Period) -> str:
        """As the law says it, then the last day plainly: "trước ngày 17/11/2026 (hạn cuối 16/11/2026)"."""
        return _say(self.named_due_on(period), self.due_phrase)

    def upward_due_text(self, period: periods.Period) -> str:
        return _say(self.named_upward_due_on(period), self.upward_due_phrase)

    def locks_on(self, period: periods.Period) -> datetime.date:
        """After this day the period's figures are locked: no submission changes any more."""
        return add_working_days(self.upward_due_on(period), self.lock_working_days)


class Indicator(models.Model):
    """A figure a report carries. Its value is computed from records by the function of the
    same code in `reports/indicators.py`; agencies not yet on hub389 may type it."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    section = models.CharField(max_length=100)
    unit = models.CharField(max_length=20, default="vụ")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Importance(models.TextChoices):
    ERROR = "error", _("Lỗi (chặn gửi)")
    WARNING = "warning", _("Cảnh báo (cần giải trình)")


class ValidationRule(models.Model):
    """left operator right, each side a sum/difference of indicator codes ("a + b - c")."""

    code = models.SlugField(max_length=40, unique=True)
    left = models.CharField(max_length=300)
    operator = models.CharField(
        max_length=2, choices=[("==", "="), ("<=", "≤"), (">=", "≥"), ("<", "<"), (">", ">")]
    )
    right = models.CharField(max_length=300)
    importance = models.CharField(max_length=10, choices=Importance.choices, default=Importance.ERROR)
    message = models.CharField(max_length=300)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.left} {self.operator} {self.right}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    RETURNED = "returned", _("Trả lại để sửa")
    APPROVED = "approved", _("Đã duyệt")


class Submission(models.Model):
    """One report: an agency's to its committee, or a committee's consolidated report to the
    committee above (`source_committee` set, `agency` = its standing office)."""

    report_type = models.ForeignKey(ReportType, on_delete=models.PROTECT, related_name="submissions")
    period_code = models.CharField(max_length=30)
    committee = models.ForeignKey(
        SteeringCommittee,
        on_delete=models.PROTECT,
        related_name="received_reports",
        verbose_name=_("gửi đến"),
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reports")
    source_committee = models.ForeignKey(
        SteeringCommittee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consolidated_reports",
    )
    status = models.CharField(max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT)
    figures = models.JSONField(default=dict)
    computed = models.JSONField(default=dict)
    typed = models.JSONField(default=list)
    narrative = models.JSONField(default=dict)
    warnings_comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report_type", "period_code", "committee", "agency"], name="submission_unique"
            )
        ]
        indexes = [models.Index(fields=["report_type", "period_code", "committee"])]

    def __str__(self) -> str:
        return f"{self.title} · {self.author}"

    @property
    def title(self) -> str:
        """ "Báo cáo tháng 11/2026" (never "Báo cáo tháng tháng 11/2026")."""
        return report_title(self.report_type, self.period)

    @property
    def author(self) -> str:
        """Who the report is from: the committee for a consolidated report, else the agency."""
        if self.source_committee is not None:
            return self.source_committee.name
        return self.agency.short_name or self.agency.name

    @property
    def period(self) -> periods.Period:
        return self.report_type.period(self.period_code)


NARRATIVE = (
    ("situation", gettext_noop("Tình hình")),
    ("results", gettext_noop("Kết quả thực hiện")),
    ("difficulties", gettext_noop("Khó khăn, vướng mắc")),
    ("proposals", gettext_noop("Đề xuất, kiến nghị")),
)


EVENT_LABELS = {
    "opened": gettext_noop("Đã lập báo cáo"),
    "saved": gettext_noop("Đã lưu nháp"),
    "refreshed": gettext_noop("Tính lại số liệu từ hồ sơ"),
    "submitted": gettext_noop("Đã gửi báo cáo"),
    "returned": gettext_noop("Đã trả lại để sửa"),
    "approved": gettext_noop("Đã duyệt, khóa báo cáo"),
    "consolidated": gettext_noop("Tổng hợp số liệu các cơ quan"),
}


class SubmissionEvent(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%d/%m/%Y}"

    @property
    def label(self) -> str:
        return gettext(EVENT_LABELS.get(self.kind, self.kind))


class DocumentNumber(models.Model):
    """Numbers restart each 1 January per issuer (a committee or an agency) and kind of
    document (Decree 30/2020: "Số: 05/BC-BCĐ389")."""

    issuer = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, default="BC")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "year", "kind"], name="docnumber_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


# The additive indicators, kept per day ahead of time (DHIS2's analytics tables, but refreshed
# one day at a time as records change instead of rebuilt whole). `reports.facts` owns both tables.
MEASURES = (
    "cases_total",
    "cases_smuggling",
    "cases_fraud",
    "cases_counterfeit_ip",
    "cases_unknown_origin",
    "violators",
    "goods_value",
    "sanctions",
    "fines_decided",
    "fines_paid",
    "referrals",
    "prosecuted",
    "defendants",
    "disposal_proceeds",
    "tips_received",
    "tips_accepted",
    "tips_settled",
)


class DayFact(models.Model):
    """What the records of one owner placed in one area added to the indicators on one day:
    cases by the day they were detected, sanctions by their decision, referrals by their
    sending, prosecutions by the decision, disposals by the day done; tips (owner: the handling
    agency) by the day received, accepted, settled. `parent` and `province` copy the area's so a
    report groups by place without a join. "Overdue" is a state at a date, not a sum of days:
    it is counted from the records (`indicators.grouped`)."""

    day = models.DateField()
    # Derived data, rebuilt in bulk: no foreign-key checks and no index per key column (a
    # national rebuild writes 1.5 million rows); the three indexes below serve every read.
    area = models.ForeignKey(
        "registry.Area", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    parent = models.ForeignKey(
        "registry.Area",
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    province = models.ForeignKey(
        "registry.Area",
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    owner = models.ForeignKey(
        Agency, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    cases_total = models.IntegerField(default=0)
    cases_smuggling = models.IntegerField(default=0)
    cases_fraud = models.IntegerField(default=0)
    cases_counterfeit_ip = models.IntegerField(default=0)
    cases_unknown_origin = models.IntegerField(default=0)
    violators = models.IntegerField(default=0)
    goods_value = models.BigIntegerField(default=0)
    sanctions = models.IntegerField(default=0)
    fines_decided = models.BigIntegerField(default=0)
    fines_paid = models.BigIntegerField(default=0)
    referrals = models.IntegerField(default=0)
    prosecuted = models.IntegerField(default=0)
    defendants = models.IntegerField(default=0)
    disposal_proceeds = models.BigIntegerField(default=0)
    tips_received = models.IntegerField(default=0)
    tips_accepted = models.IntegerField(default=0)
    tips_settled = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "area", "owner"], name="day_fact_unique")]
        indexes = [
            models.Index(fields=["day", "province"], name="day_fact_province"),
            models.Index(fields=["day", "parent"], name="day_fact_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} · {self.area_id} · {self.owner_id}"


class StaleDay(models.Model):
    """A day whose `DayFact` rows no longer match the records: written in the same transaction
    as the change, so no accepted change is ever left out; read and cleared before a report.
    One row per day and writer shard (the writing thread): concurrent writers of the same day
    lock rows of their own instead of queueing on one (every tip of the day is written today)."""

    day = models.DateField()
    shard = models.PositiveSmallIntegerField(default=0)
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "shard"], name="stale_day_shard")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}"
