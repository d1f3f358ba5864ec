import datetime
import io
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hub389 import policy
from hub389.accounts.models import User
from hub389.audit.models import AuditEntry
from hub389.audit.services import verify_chain
from hub389.notifications.models import Notification
from hub389.registry.models import Agency
from hub389.tests.factories import case_from, tip_input
from hub389.tips import services, vault
from hub389.tips.models import EventKind, Informant, Nature, Outcome, Routing, Status, Tip

pytestmark = pytest.mark.django_db

SECRET_NAME = "Nguyễn Văn Bảo Mật"


def test_routed_to_the_lead_agency_with_its_coordinators(make_tip: Any, handler: User) -> None:
    tip = make_tip()
    assert tip.agency.code == "01-QLTT"
    assert tip.routing == Routing.RULE
    assert sorted(a.code for a in tip.coordinators.all()) == ["01-CA", "01-THUE"]
    assert tip.reception_agency.code == "01-QLTT"
    assert tip.book_number >= 1
    assert [e.kind for e in tip.events.all()] == [EventKind.RECEIVED, EventKind.ROUTED]
    assert tip.due_on == tip.received_on + datetime.timedelta(days=20)
    assert tip.procuracy_notice_due == tip.received_on + datetime.timedelta(days=3)
    assert Notification.objects.filter(recipient__agency__code="01-QLTT", url=f"/tips/{tip.pk}/").exists()


def test_book_numbers_follow_each_other_per_agency_and_year(make_tip: Any) -> None:
    first, second = make_tip(), make_tip()
    assert second.book_number == first.book_number + 1


def test_gap_goes_to_the_standing_office_flagged() -> None:
    tip, _ = services.submit_public(tip_input(area="CK-CHIMA", goods="thuoc-la"), [])
    assert tip.field.code == "hai-quan"
    assert tip.routing == Routing.GAP
    assert tip.agency.code == "20-SCT"  # Lạng Sơn's standing office


def test_overlap_goes_to_the_standing_office_flagged() -> None:
    tip, _ = services.submit_public(tip_input(url="https://shop.example.vn/son"), [])
    assert tip.field.code == "tmdt"
    assert tip.routing == Routing.OVERLAP
    assert tip.agency.code == "01-SCT"


def test_bad_input_saves_nothing(handler: User) -> None:
    before = (Tip.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as err:
        services.record_tip(handler, tip_input(summary="ab", description="ngắn", channel="hotline"), [])
    assert "Tóm tắt quá ngắn" in str(err.value)
    assert (Tip.objects.count(), AuditEntry.objects.count()) == before


ACCESS = [
    # (user fixture, view, handle, reveal) for a tip assigned to `handler`
    ("handler", True, True, True),
    ("head", True, True, True),
    ("teammate", True, False, False),
    ("coordinator", True, False, False),
    ("standing", True, False, False),
    ("stranger", False, False, False),
]


@pytest.mark.parametrize(("who", "view", "handle", "reveal"), ACCESS)
def test_access_rules(
    request: Any, make_tip: Any, handler: User, who: str, view: bool, handle: bool, reveal: bool
) -> None:
    tip = services.assign(handler, make_tip(named=True), handler)
    user = request.getfixturevalue(who)
    assert policy.can(user, "view", tip) is view
    assert policy.can(user, "handle", tip) is handle
    assert policy.can(user, "reveal", tip) is reveal
    assert policy.can(user, "take", tip) is False  # already assigned


def test_colleague_may_take_an_unassigned_tip_but_not_someone_elses(
    make_tip: Any, teammate: User, handler: User
) -> None:
    tip = make_tip()
    assert policy.can(teammate, "take", tip)
    services.assign(handler, tip, handler)
    with pytest.raises(PermissionDenied):
        services.add_note(teammate, tip, "Tôi cũng xem")


def test_lock_keeps_a_second_officer_out(make_tip: Any, handler: User, head: User) -> None:
    tip = services.assign(handler, make_tip(), handler)
    services.acquire_lock(handler, tip)
    with pytest.raises(ValidationError) as err:
        services.add_note(head, tip, "Chỉ đạo xác minh ngay")
    assert "Trần Văn Minh đang xử lý" in str(err.value)
    services.release_lock(handler, tip)
    services.add_note(head, tip, "Chỉ đạo xác minh ngay")
    assert tip.events.filter(kind=EventKind.NOTE).count() == 1


def test_market_surveillance_must_transfer_a_crime_report(
    make_tip: Any, handler: User, coordinator: User
) -> None:
    tip = services.assign(handler, make_tip(), handler)
    tip = services.classify(handler, tip, Nature.CRIME)
    assert tip.must_transfer
    assert services.suggested_transfer(tip).code == "01-CA"  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="không có thẩm quyền"):
        services.settle(handler, tip, Outcome.NOT_PROSECUTE, "Không có dấu hiệu tội phạm, đã kết thúc.")
    with pytest.raises(ValidationError, match="Điều 148"):
        services.suspend(handler, tip, "Chờ giám định hàng hoá")
    with pytest.raises(ValidationError, match="cơ quan có thẩm quyền"):
        services.transfer(handler, tip, Agency.objects.get(code="01-THUE"), "Chuyển cơ quan thuế")
    police = Agency.objects.get(code="01-CA")
    tip = services.transfer(handler, tip, police, "Có dấu hiệu tội buôn lậu, chuyển theo Điều 146(2)")
    assert tip.agency == police and tip.handler is None and tip.status == Status.NEW
    assert tip.clock_start == timezone.localdate()
    event = tip.events.get(kind=EventKind.TRANSFERRED)
    assert (event.from_agency.code, event.to_agency.code) == ("01-QLTT", "01-CA")  # type: ignore[union-attr]
    assert [e.kind for e in tip.events.all()][:3] == [
        EventKind.RECEIVED,
        EventKind.ROUTED,
        EventKind.ACCEPTED,
    ]
    # The transferring agency keeps read access to the history; the police now handle it.
    assert policy.can(handler, "view", tip) and not policy.can(handler, "handle", tip)
    services.assign(coordinator, tip, coordinator)
    tip = services.settle(coordinator, tip, Outcome.PROSECUTE, "Đã khởi tố vụ án buôn lậu.")
    assert tip.status == Status.SETTLED


def test_extensions_suspension_and_resumption(make_tip: Any, coordinator: User) -> None:
    today = timezone.localdate()
    tip = make_tip(goods="phao")  # banned goods: the police lead
    assert tip.agency.code == "01-CA"
    services.assign(coordinator, tip, coordinator)
    tip = services.extend(coordinator, tip, "Phải xác minh tại nhiều địa điểm")
    assert tip.due_on is not None
    assert tip.due_on > tip.clock_start + datetime.timedelta(days=55)
    with pytest.raises(ValidationError, match=r"một lần|02 tháng"):
        services.extend(coordinator, tip, "Lần nữa")
    too_far = tip.due_on + datetime.timedelta(days=70)
    with pytest.raises(ValidationError, match="tối đa thêm 02 tháng"):
        services.procuracy_extend(coordinator, tip, too_far, "QĐ 12/VKS")
    until = tip.due_on + datetime.timedelta(days=30)
    tip = services.procuracy_extend(coordinator, tip, until, "QĐ 12/QĐ-VKS")
    assert tip.due_on == until
    tip = services.suspend(coordinator, tip, "Chờ kết quả giám định pháo")
    assert tip.status == Status.SUSPENDED and tip.due_on is None
    assert tip.procuracy_notice_due == today + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="phục hồi"):
        services.settle(coordinator, tip, Outcome.PROSECUTE, "Khởi tố vụ án tàng trữ pháo.")
    tip = services.resume(coordinator, tip, "Đã có kết luận giám định")
    assert tip.status == Status.IN_PROGRESS
    assert tip.due_on is not None and 28 <= (tip.due_on - today).days <= 31
    tip = services.procuracy_notified(coordinator, tip, today, "CV 45/CAHN")
    assert tip.procuracy_notified_on == today


def test_informant_identity_is_sealed_and_revealed_only_with_a_reason(
    make_tip: Any, handler: User, head: User, teammate: User, settings: Any
) -> None:
    mail.outbox.clear()
    tip = services.assign(handler, make_tip(named=True), handler)
    row = Informant.objects.get(tip=tip)
    assert SECRET_NAME.encode() not in bytes(row.ciphertext)
    assert tip.has_informant
    with pytest.raises(ValidationError, match="lý do"):
        services.reveal_informant(handler, tip, "xem")
    with pytest.raises(PermissionDenied):
        services.reveal_informant(teammate, tip, "Cần liên hệ để xác minh thêm")
    identity = services.reveal_informant(head, tip, "Cần liên hệ để xác minh thêm")
    assert identity["full_name"] == SECRET_NAME
    entry = AuditEntry.objects.filter(action="tip.informant_reveal").latest("id")
    assert entry.actor == head and entry.reason == "Cần liên hệ để xác minh thêm"
    # The identity is nowhere else: not in the audit log, notifications or e-mails.
    assert not AuditEntry.objects.filter(changes__icontains="Bảo Mật").exists()
    assert not AuditEntry.objects.filter(object_repr__icontains="Bảo Mật").exists()
    assert not Notification.objects.filter(body__icontains="Bảo Mật").exists()
    assert all(SECRET_NAME not in m.body for m in mail.outbox)
    assert verify_chain().ok
    # The database alone cannot open it: another server key fails; rotation keeps it readable.
    from cryptography.fernet import Fernet, InvalidToken

    old = vault.server_keys()
    settings.HUB389_TIP_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(InvalidToken):
        vault.unseal(bytes(row.wrapped_key), bytes(row.ciphertext))
    settings.HUB389_TIP_KEYS = [settings.HUB389_TIP_KEYS[0], *old]
    rewrapped = vault.rewrap(bytes(row.wrapped_key))
    settings.HUB389_TIP_KEYS = settings.HUB389_TIP_KEYS[:1]
    assert vault.unseal(rewrapped, bytes(row.ciphertext))["full_name"] == SECRET_NAME


def test_receipt_is_stored_only_as_a_keyed_hash() -> None:
    tip, code = services.submit_public(tip_input(), [])
    assert len(code) == 16 and code.isdigit()
    assert tip.receipt_hash != code and code not in (tip.receipt_hash or "")
    assert services.find_by_receipt(vault.format_receipt(code)) == tip
    assert services.find_by_receipt("0000 0000 0000 0000") is None
    assert services.find_by_receipt("12345") is None


def test_question_answer_and_result_reach_the_informant(handler: User) -> None:
    tip, _ = services.submit_public(tip_input(), [])
    services.assign(handler, tip, handler)
    services.ask_informant(handler, tip, "Xe tải thường đến lúc mấy giờ?")
    services.informant_reply(tip, "Khoảng 23 giờ, biển số 29C.", [])
    assert Notification.objects.filter(recipient=handler, title__contains="bổ sung").exists()
    case_from(handler, tip)
    tip = services.settle(handler, tip, Outcome.ADMIN_CASE, "Đã kiểm tra, xử phạt 30.000.000 đồng.")
    public = [e.kind for e in tip.events.all() if e.is_public]
    assert EventKind.QUESTION in public and EventKind.ANSWER in public and EventKind.SETTLED in public
    assert EventKind.ASSIGNED not in public  # who handles it is not the informant's business
    assert tip.due_at_settlement == tip.due_on


def test_merge_and_not_a_tip(make_tip: Any, head: User) -> None:
    first, dup, spam = make_tip(), make_tip(), make_tip(summary="Quảng cáo bán hàng")
    services.merge(head, first, [dup])
    dup.refresh_from_db()
    assert dup.status == Status.MERGED and dup.merged_into == first
    assert services.public_view(dup) == first
    services.mark_not_a_tip(head, spam, "Tin quảng cáo, không phải tin báo")
    spam.refresh_from_db()
    assert spam.status == Status.NOT_A_TIP
    with pytest.raises(ValidationError, match="kết thúc"):
        services.add_note(head, spam, "thêm")


def test_photo_metadata_is_removed(handler: User) -> None:
    from PIL import Image

    from hub389.attachments.models import Attachment

    img = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x013B] = "Tên Tác Giả"  # Artist
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}  # GPS
    raw = io.BytesIO()
    img.save(raw, format="JPEG", exif=exif)
    assert b"PhoneMaker" in raw.getvalue()
    upload = io.BytesIO(raw.getvalue())
    upload.name = "IMG_20261120_Nguyen_Van_A.jpg"
    tip, _ = services.submit_public(tip_input(), [upload])
    stored = Attachment.objects.get(owner_id=str(tip.pk))
    data = stored.file.read()
    assert b"PhoneMaker" not in data and b"GPS" not in data and "Tác Giả".encode() not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    assert "Nguyen" not in stored.original_name and stored.original_name.endswith(".jpg")


def test_a_file_lying_about_its_type_is_refused_and_nothing_is_saved() -> None:
    fake = io.BytesIO(b"MZ\x90\x00 this is a program, not a photo")
    fake.name = "anh.jpg"
    before = Tip.objects.count()
    with pytest.raises(ValidationError, match="Loại tệp không được chấp nhận"):
        services.submit_public(tip_input(), [fake])
    assert Tip.objects.count() == before
