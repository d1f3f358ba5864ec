"""One shared registry of the people, businesses, vehicles and online accounts that cases name.

- `Subject`: one record per CCCD / tax code / plate / URL (an identifier settles it), the row
  cases and sanctions point to; `resolved_to` names the subject of its cluster that stands for
  all (None: itself), as the linkage model and the officers' judgements resolved it.
- `SubjectRecord`: what one source recorded (which agency, which kind of record, who, when),
  with its values as recorded: never rewritten, so two birth dates stay two, each with its source.
- `SubjectLink`: a pair of subjects the linkage model scored, with its evidence.
- `Judgement`: an officer's verdict on a pair (same, different, unsure) with a reason; a
  revision replaces it and keeps it. Judgements override the model.
- `LinkageModel`: each trained model (Splink's JSON), versioned, with its evaluation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub389.registry.models import SearchNameMixin


class SubjectKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")
    HOUSEHOLD = "household", _("Hộ kinh doanh")
    VEHICLE = "vehicle", _("Phương tiện")
    ONLINE = "online", _("Gian hàng, tài khoản trực tuyến")


class Subject(SearchNameMixin):
    kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    name = models.CharField(_("tên"), max_length=250)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    legal_representative = models.CharField(max_length=120, blank=True)
    plate = models.CharField(_("biển số"), max_length=20, blank=True)
    url = models.URLField(max_length=500, blank=True)
    resolved_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="resolved_members"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"], condition=~Q(citizen_id=""), name="subject_cccd_unique"
            ),
            models.UniqueConstraint(
                fields=["tax_code"], condition=~Q(tax_code=""), name="subject_mst_unique"
            ),
            models.UniqueConstraint(fields=["plate"], condition=~Q(plate=""), name="subject_plate_unique"),
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="subject_url_unique"),
        ]
        verbose_name = "đối tượng"
        verbose_name_plural = "đối tượng"

    def __str__(self) -> str:
        ident = self.tax_code or self.plate or ("CCCD …" + self.citizen_id[-4:] if self.citizen_id else "")
        return f"{self.name} ({ident})" if ident else self.name

    def search_text(self) -> str:
        return f"{self.name} {self.tax_code} {self.plate} {self.address}"

    def cluster_ids(self) -> list[int]:
        """The subjects resolved as one with this one (itself included)."""
        head = self.resolved_to_id or self.pk
        return list(Subject.objects.filter(Q(pk=head) | Q(resolved_to_id=head)).values_list("pk", flat=True))


class Source(models.TextChoices):
    CASE = "case", _("Vụ việc")
    INSPECTION = "inspection", _("Kiểm tra")
    IMPORT = "import", _("Nhập từ tệp")
    API = "api", _("Hệ thống của cơ quan khác")
    REGISTRY = "registry", _("Danh bạ đối tượng (trước khi ghi nguồn)")
    BRAND = "brand", _("Chủ thể quyền (người bán được ủy quyền)")
    OTHER = "other", _("Khác")


class SubjectRecord(models.Model):
    """One source's mention of a subject, with the values it recorded."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    name = models.CharField(max_length=250)
    citizen_id = models.CharField(max_length=12, blank=True)
    old_id = models.CharField(max_length=9, blank=True)  # the 9-digit CMND before the CCCD
    tax_code = models.CharField(max_length=14, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    address = models.CharField(max_length=300, blank=True)
    commune = models.ForeignKey(
        "registry.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    plate = models.CharField(max_length=20, blank=True)
    url = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    source_id = models.CharField(max_length=64, blank=True)
    agency = models.ForeignKey(
        "registry.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    # the model's columns that find "possible matches" while an officer types (indexed)
    name_fold = models.CharField(max_length=250, blank=True, db_index=True)
    phone_norm = models.CharField(max_length=10, blank=True, db_index=True)
    # the folded street ("18 hang bac hoan kiem"): the network graph links subjects through it
    street_key = models.CharField(max_length=300, blank=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["subject", "recorded_at"], name="subjectrecord_subject"),
            models.Index(fields=["citizen_id"], name="subjectrecord_cccd"),
            models.Index(fields=["tax_code"], name="subjectrecord_mst"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_source_display()})"


class LinkageModel(models.Model):
    version = models.PositiveIntegerField(unique=True)
    trained_at = models.DateTimeField()
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    records = models.PositiveIntegerField()
    settings = models.JSONField()  # Splink's model: comparisons with their m and u
    threshold = models.FloatField()
    evaluation = models.JSONField(default=dict)  # against the judgements: precision, recall

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}"


class LinkFlag(models.TextChoices):
    NONE = "", _("—")
    BRIDGE = "bridge", _("Cầu nối duy nhất giữa hai nhóm")
    WEAK = "weak", _("Nhóm liên kết lỏng")


class SubjectLink(models.Model):
    """Two subjects the model scored: its best pair of their records, and the evidence."""

    a = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0)  # match weight: log2 of the odds that they are one
    probability = models.FloatField(default=0)
    evidence = models.JSONField(default=list)  # [[comparison, level, weight], …] strongest first
    model = models.ForeignKey(LinkageModel, null=True, on_delete=models.SET_NULL, related_name="+")
    agencies = models.PositiveSmallIntegerField(default=1)  # agencies holding records of the two
    flag = models.CharField(max_length=10, choices=LinkFlag.choices, blank=True, default="")
    confirmed = models.BooleanField(default=False)  # judged (either way): out of the queue
    scored_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], name="subject_link_unique"),
            models.CheckConstraint(condition=models.Q(a__lt=models.F("b")), name="subject_link_ordered"),
        ]
        indexes = [models.Index(fields=["confirmed", "-agencies", "score"], name="subjectlink_queue")]

    def __str__(self) -> str:
        return f"{self.a_id} ~ {self.b_id} ({self.score:.2f})"


class Verdict(models.TextChoices):
    SAME = "same", _("Cùng một đối tượng")
    DIFFERENT = "different", _("Hai đối tượng khác nhau")
    UNSURE = "unsure", _("Chưa chắc chắn")


class Judgement(models.Model):
    a = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    reason = models.TextField()
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    judged_at = models.DateTimeField()
    current = models.BooleanField(default=True)  # False once a revision replaced it
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["a", "b"], condition=models.Q(current=True), name="judgement_current"
            ),
            models.CheckConstraint(condition=models.Q(a__lt=models.F("b")), name="judgement_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.a_id} {self.verdict} {self.b_id}"
