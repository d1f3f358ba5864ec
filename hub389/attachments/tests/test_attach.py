import io

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from PIL import Image

from hub389.attachments.models import Attachment
from hub389.attachments.services import attach
from hub389.registry.models import Agency


def _png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    out.seek(0)
    return out


def test_a_png_is_stored_with_its_hash(db, owner):
    agency = Agency.objects.get(code="01-SCT")
    attachment = attach(owner, agency, _png(), "anh.png")
    assert attachment.content_type == "image/png"
    assert len(attachment.sha256) == 64
    assert attachment.owner == agency
    assert attachment.file.read()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_program_named_like_a_pdf_is_refused(db, owner):
    count = Attachment.objects.count()
    with pytest.raises(ValidationError, match="Loại tệp không được chấp nhận"):
        attach(owner, owner, io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200), "bao-cao.pdf")
    assert Attachment.objects.count() == count


@override_settings(ATTACHMENT_MAX_BYTES=100)
def test_too_large_is_refused(db, owner):
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        attach(owner, owner, io.BytesIO(b"a" * 101), "x.txt")


def test_empty_is_refused(db, owner):
    with pytest.raises(ValidationError, match="Tệp rỗng"):
        attach(owner, owner, io.BytesIO(b""), "x.txt")


def test_download_is_checked_and_audited(client, db, owner, stranger):
    from hub389.audit.models import AuditEntry
    from hub389.jobs.models import Job

    job = Job.objects.create(kind="jurisdiction_gaps", title="t", created_by=owner)
    attachment = attach(owner, job, io.BytesIO(b"loai,ma\n"), "ket-qua.csv")
    client.force_login(stranger)
    assert client.get(f"/files/{attachment.pk}/").status_code == 403
    client.force_login(owner)
    response = client.get(f"/files/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"loai,ma\n"
    assert AuditEntry.objects.filter(action="attachment.download", object_id=str(attachment.pk)).exists()


def test_a_workbook_and_a_document_keep_their_own_types(db, owner):
    """Both are ZIP archives: a report's XLSX was stored and served as a Word file."""
    import docx
    import openpyxl

    agency = Agency.objects.get(code="01-SCT")
    book, letter = io.BytesIO(), io.BytesIO()
    openpyxl.Workbook().save(book)
    docx.Document().save(letter)
    assert attach(owner, agency, book, "bieu.xlsx").content_type.endswith("spreadsheetml.sheet")
    assert attach(owner, agency, letter, "bao-cao.docx").content_type.endswith("wordprocessingml.document")
