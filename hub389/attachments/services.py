"""Attachments: every file enters through `attach`, which checks it and audits the upload."""

import hashlib
from typing import IO, Any

import puremagic
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389.attachments.models import Attachment
from hub389.audit import services as audit

# Types accepted, judged from the content, not the name. Office files are zip containers.
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}
TEXT_TYPES = {".csv": "text/csv", ".txt": "text/plain"}


def sniff(head: bytes, name: str) -> str:
    """The MIME type of an accepted file, from its first bytes; ValidationError otherwise."""
    try:
        ext = puremagic.from_string(head)
    except (puremagic.PureError, ValueError):
        ext = ""
    ext = {".jpeg": ".jpg", ".jpe": ".jpg", ".jfif": ".jpg"}.get(ext, ext)
    if ext in (".docx", ".xlsx", ".zip") and head.startswith(b"PK"):
        # Office files are ZIP archives and puremagic calls every one of them .docx: the parts
        # named in the first entries tell a workbook (xl/) from a document (word/).
        ext = ".xlsx" if b"xl/" in head else ".docx" if b"word/" in head else ".zip"
    if ext in ALLOWED_TYPES:
        return ALLOWED_TYPES[ext]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in TEXT_TYPES:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Tệp văn bản phải mã hoá UTF-8.")) from exc
        return TEXT_TYPES[suffix]
    raise ValidationError(
        _("Loại tệp không được chấp nhận (chỉ nhận PDF, ảnh JPG/PNG/WEBP, DOCX, XLSX, ZIP, CSV, TXT).")
    )


def check(upload: IO[bytes], name: str) -> tuple[int, str]:
    """The size and sniffed type of a file `attach` would take; ValidationError for one it would
    refuse (empty, over ATTACHMENT_MAX_BYTES, a type not in the list)."""
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    if size == 0:
        raise ValidationError(_("Tệp rỗng."))
    if size > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"Tệp quá lớn: tối đa {limit} MB.")
    content_type = sniff(upload.read(8192), name)
    upload.seek(0)
    return size, content_type


@transaction.atomic
def attach(actor: Any, owner: models.Model, upload: IO[bytes], name: str) -> Attachment:
    """Store `upload` as an attachment of `owner`. Refuses files over ATTACHMENT_MAX_BYTES and
    types not in the list (by content); nothing is stored then."""
    size, content_type = check(upload, name)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1 << 16), b""):
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        original_name=name[:255],
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        uploaded_at=timezone.now(),
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=str(owner.pk),
    )
    attachment.file.save("upload", File(upload), save=False)
    attachment.save()
    audit.record(
        actor, "attachment.add", owner, changes={"attachment": attachment.pk, "sha256": attachment.sha256}
    )
    return attachment
