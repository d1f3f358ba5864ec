"""The informant's data is erased once a closed tip is past the retention period: identity,
contact, receipt and the files they sent; the tip, its history, the officers' files and the
audit log stay. Open tips and tips inside the period keep everything."""

import datetime
import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from hub389.accounts.models import User
from hub389.attachments.models import Attachment
from hub389.attachments.services import attach
from hub389.audit.models import AuditEntry
from hub389.tests.factories import tip_input
from hub389.tips import services
from hub389.tips.models import Informant, Outcome, Tip, TipEvent
from hub389.tips.retention import due, erase_closed

pytestmark = pytest.mark.django_db


def _named_tip(handler: User) -> tuple[Tip, str]:
    photo = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(photo, format="PNG")
    photo.name = "anh-cua-toi.png"
    photo.seek(0)
    tip, code = services.submit_public(
        tip_input(informant={"full_name": "Phạm Thị Kín", "phone": "0901234567"}), [photo]
    )
    services.assign(handler, tip, handler)
    attach(handler, tip, io.BytesIO(b"%PDF-1.4 bien ban"), "bien-ban-xac-minh.pdf")
    return tip, code


def _settle(handler: User, tip: Tip, days_ago: int) -> None:
    from hub389.tests.factories import case_from

    case_from(handler, tip)
    services.settle(handler, tip, Outcome.ADMIN_CASE, "Đã xử phạt chủ kho.")
    TipEvent.objects.filter(tip=tip, kind="settled").update(
        at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def test_past_the_period_the_informant_is_erased_and_the_record_stays(
    handler: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.HUB389_INFORMANT_RETENTION_DAYS = 30
    old, code = _named_tip(handler)
    recent, _ = _named_tip(handler)
    still_open, _ = _named_tip(handler)
    _settle(handler, old, days_ago=31)
    _settle(handler, recent, days_ago=5)
    today = timezone.localdate()
    assert set(due(today).values_list("pk", flat=True)) >= {old.pk}
    assert recent.pk not in due(today).values_list("pk", flat=True)
    photo = Attachment.objects.get(owner_id=str(old.pk), original_name__startswith="tep-nguoi-bao-")
    sent = str(photo.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        assert erase_closed(today) >= 1
    assert not default_storage.exists(sent)  # the informant's photo is gone from the storage too
    old.refresh_from_db()
    assert old.informant_erased_on == today and old.receipt_hash is None
    assert not Informant.objects.filter(tip=old).exists()
    assert services.find_by_receipt(code) is None  # the code opens nothing now
    names = set(Attachment.objects.filter(owner_id=str(old.pk)).values_list("original_name", flat=True))
    assert names == {"bien-ban-xac-minh.pdf"}  # the officer's file stays, the informant's went
    assert old.events.filter(kind="settled").exists() and old.status == "settled"
    entry = AuditEntry.objects.filter(action="tip.informant_erase", object_id=str(old.pk)).get()
    assert "Phạm Thị Kín" not in str(entry.changes) and "0901234567" not in str(entry.changes)
    for kept in (recent, still_open):
        assert Informant.objects.filter(tip=kept).exists()
    # Twice the same day: nothing more.
    assert erase_closed(today) == 0
    # The tip page says so instead of offering the identity.
    from django.test import Client

    client = Client()
    client.force_login(handler)
    page = client.get(f"/tips/{old.pk}/").content.decode()
    assert "Đã xoá theo thời hạn lưu giữ" in page and 'id="reveal"' not in page


def test_the_daily_command_says_what_it_erased(handler: User, settings: Any, capsys: Any) -> None:
    settings.HUB389_INFORMANT_RETENTION_DAYS = 10
    tip, _ = _named_tip(handler)
    _settle(handler, tip, days_ago=11)
    call_command("erase_informants")
    assert "Đã xoá thông tin người báo của" in capsys.readouterr().out
    tip.refresh_from_db()
    assert tip.informant_erased_on is not None
