"""One shared registry of the people, businesses, vehicles and online accounts that cases name,
so the same business recorded by two agencies is one record where the identifiers agree.
Fuzzy linking (Splink) comes later: `SubjectLink` already holds proposed and confirmed links."""

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


class SubjectLink(models.Model):
    """Two records that may be the same subject (for the later fuzzy-linking issue)."""

    a = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0)
    confirmed = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["a", "b"], name="subject_link_unique")]

    def __str__(self) -> str:
        return f"{self.a_id} ~ {self.b_id} ({self.score:.2f})"
