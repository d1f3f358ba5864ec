import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


def upload_to(instance: "Attachment", filename: str) -> str:
    # Stored names are random: the original name (which may identify a person) stays in the row.
    return f"attachments/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file attached to any record, kept on Django's storage (disk or S3-compatible)."""

    file = models.FileField(upload_to=upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    owner_id = models.CharField(max_length=64)
    owner = GenericForeignKey("owner_type", "owner_id")

    class Meta:
        indexes = [models.Index(fields=["owner_type", "owner_id"])]
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"

    def __str__(self) -> str:
        return self.original_name
