"""Every movement of seized goods: validated, checked against the case's access policy,
appended to the lot's custody chain, audited; refusals change nothing."""

import contextlib
import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389 import policy
from hub389.accounts.models import User
from hub389.audit import services as audit
from hub389.cases import deadlines
from hub389.cases.models import Case
from hub389.cases.services import add_event
from hub389.lib.locale import in_vietnamese
from hub389.registry.models import Agency, AgencyKind
from hub389.reports import effects
from hub389.warehouse.models import (
    GENESIS,
    Bin,
    CustodyEvent,
    Disposal,
    DisposalMethod,
    Lot,
    LotKind,
    LotStatus,
    Movement,
    Warehouse,
)

MIXING = "Không để lẫn tang vật (hành chính) và vật chứng (hình sự) trong cùng một ngăn kho."


def _append(
    actor: User,
    lot: Lot,
    kind: str,
    reason: str,
    *,
    from_bin: Bin | None = None,
    to_bin: Bin | None = None,
    quantity: Decimal | None = None,
) -> CustodyEvent:
    last = CustodyEvent.objects.select_for_update().filter(lot=lot).order_by("-seq").first()
    event = CustodyEvent(
        lot=lot,
        seq=(last.seq + 1) if last else 1,
        at=timezone.now(),
        kind=kind,
        actor=actor,
        from_bin=from_bin,
        to_bin=to_bin,
        quantity=quantity,
        reason=reason.strip(),
        prev_hash=last.hash if last else GENESIS,
    )
    event.hash = event.compute_hash()
    event.save()
    add_event(
        lot.case,
        f"custody_{kind}",
        actor,
        f"{lot.description}: {in_vietnamese(event.get_kind_display())} — {event.reason}",
    )
    audit.record(actor, f"warehouse.{kind}", lot, changes={"seq": event.seq, "hash": event.hash})
    return event


@contextlib.contextmanager
def _editing(actor: User, lot: Lot) -> Iterator[Lot]:
    """The lot's row re-read and locked for one movement, in its own transaction, for an actor
    who may edit its case: two samples taken at once cannot lose one."""
    with transaction.atomic():
        fresh = Lot.objects.select_for_update(of=("self",)).select_related("case", "bin").get(pk=lot.pk)
        policy.require(actor, "edit", fresh.case)
        yield fresh


def _need_reason(reason: str) -> None:
    if len(reason.strip()) < 3:
        raise ValidationError({"reason": "Ghi rõ lý do."})


def _held(lot: Lot) -> None:
    if lot.status != LotStatus.HELD:
        raise ValidationError(f"Lô hàng không còn trong kho ({lot.get_status_display().lower()}).")


def intake_errors(
    case: Case,
    *,
    kind: str,
    description: str,
    quantity: Decimal,
    unit: str,
    bin: Bin,
    seized_on: datetime.date,
) -> dict[str, str]:
    """What is wrong with taking this lot into `bin` for `case`, by field (empty: nothing)."""
    errors = {}
    if kind not in LotKind.values:
        errors["kind"] = "Chọn tang vật hoặc vật chứng."
    elif bin.kind != kind:
        errors["bin"] = MIXING
    if quantity <= 0 or not description.strip() or not unit.strip():
        errors["quantity"] = "Cần mô tả, số lượng lớn hơn 0 và đơn vị tính."
    if seized_on < case.detected_on or seized_on > timezone.localdate():
        errors["seized_on"] = "Ngày tạm giữ phải từ ngày phát hiện đến hôm nay."
    return errors


def intake(
    actor: User,
    case: Case,
    *,
    kind: str,
    description: str,
    quantity: Decimal,
    unit: str,
    bin: Bin,
    seized_on: datetime.date,
    value_vnd: int = 0,
    reason: str = "Tạm giữ",
) -> Lot:
    policy.require(actor, "edit", case)
    errors = intake_errors(
        case, kind=kind, description=description, quantity=quantity, unit=unit, bin=bin, seized_on=seized_on
    )
    if errors:
        raise ValidationError(errors)
    _need_reason(reason)
    with transaction.atomic():
        lot = Lot.objects.create(
            case=case,
            kind=kind,
            description=description.strip(),
            quantity=quantity,
            unit=unit.strip(),
            value_vnd=value_vnd,
            bin=bin,
            seized_on=seized_on,
        )
        _append(actor, lot, Movement.INTAKE, reason, to_bin=bin, quantity=quantity)
    return lot


def move(actor: User, lot: Lot, to_bin: Bin, reason: str) -> Lot:
    with _editing(actor, lot) as lot:
        _held(lot)
        _need_reason(reason)
        if to_bin.kind != lot.kind:
            raise ValidationError({"to_bin": MIXING})
        previous, lot.bin = lot.bin, to_bin
        lot.save(update_fields=["bin"])
        _append(actor, lot, Movement.MOVE, reason, from_bin=previous, to_bin=to_bin)
    return lot


def take_sample(actor: User, lot: Lot, quantity: Decimal, reason: str) -> Lot:
    with _editing(actor, lot) as lot:
        _held(lot)
        _need_reason(reason)
        if quantity <= 0 or quantity >= lot.quantity:
            raise ValidationError({"quantity": "Lượng mẫu phải lớn hơn 0 và nhỏ hơn số lượng trong kho."})
        lot.quantity -= quantity
        lot.save(update_fields=["quantity"])
        _append(actor, lot, Movement.SAMPLE, reason, from_bin=lot.bin, quantity=quantity)
    return lot


def hand_over(actor: User, lot: Lot, to_agency: Agency, reason: str) -> Lot:
    """The lot leaves the warehouse for another agency (an investigation body taking the
    evidence, a laboratory); it stays on the case and its chain until it comes back."""
    with _editing(actor, lot) as lot:
        _held(lot)
        _need_reason(reason)
        if to_agency.pk == lot.case.owner_id:
            raise ValidationError({"to_agency": "Chọn cơ quan nhận khác cơ quan chủ hồ sơ."})
        previous = lot.bin
        lot.status, lot.bin, lot.held_by = LotStatus.HANDED_OVER, None, to_agency
        lot.save(update_fields=["status", "bin", "held_by"])
        _append(actor, lot, Movement.HANDOVER, f"{to_agency.name}: {reason.strip()}", from_bin=previous)
    return lot


def take_back(actor: User, lot: Lot, to_bin: Bin, reason: str) -> Lot:
    """A handed-over lot comes back into a bin of its own kind."""
    with _editing(actor, lot) as lot:
        if lot.status != LotStatus.HANDED_OVER:
            raise ValidationError(_("Chỉ nhận lại lô hàng đã bàn giao cho cơ quan khác."))
        _need_reason(reason)
        if to_bin.kind != lot.kind:
            raise ValidationError({"to_bin": MIXING})
        lot.status, lot.bin, lot.held_by = LotStatus.HELD, to_bin, None
        lot.save(update_fields=["status", "bin", "held_by"])
        _append(actor, lot, Movement.RETURN, reason, to_bin=to_bin)
    return lot


def _art66_basis(lot: Lot) -> tuple[datetime.date, str]:
    """What the Art. 66 limit of a lot counts from: the case's latest violation record and its
    route, or (no record yet) the seizure day with the verification route."""
    record = lot.case.sanctions.order_by("-record_date", "-pk").first()
    if record is not None:
        return record.record_date, record.route
    return lot.seized_on, deadlines.Route.VERIFICATION


def seizure_cap(lot: Lot) -> datetime.date:
    """The Art. 66 limit that an extension of the seizure may not pass."""
    return deadlines.decision_deadline(*_art66_basis(lot))


def seizure_due(lot: Lot, off: set[datetime.date] | None = None) -> datetime.date:
    if lot.seizure_extended_to is None:
        return deadlines.seizure_deadline(lot.seized_on, transferred=False, off=off)
    record_date, route = _art66_basis(lot)
    return deadlines.seizure_deadline(lot.seized_on, False, lot.seizure_extended_to, record_date, route, off)


def extend_seizure(actor: User, lot: Lot, until: datetime.date, reason: str) -> Lot:
    """Extend a temporary seizure for verification (Art. 125(8)), never past the Art. 66 limit."""
    with _editing(actor, lot) as lot:
        _held(lot)
        _need_reason(reason)
        cap = seizure_cap(lot)
        if until <= seizure_due(lot):
            raise ValidationError(
                {"until": f"Ngày gia hạn phải sau hạn hiện tại ({seizure_due(lot):%d/%m/%Y})."}
            )
        if until > cap:
            raise ValidationError(
                {
                    "until": "Không gia hạn tạm giữ quá thời hạn ra quyết định xử phạt "
                    f"({cap:%d/%m/%Y}, Điều 66)."
                }
            )
        lot.seizure_extended_to = until
        lot.save(update_fields=["seizure_extended_to"])
        add_event(
            lot.case, "seizure_extended", actor, f"{lot.description}: gia hạn tạm giữ đến {until:%d/%m/%Y}"
        )
        audit.record(actor, "warehouse.extend", lot, changes={"until": until}, reason=reason)
    return lot


def approve_disposal(
    actor: User, lot: Lot, *, method: str, finance: Agency, approval_ref: str, approved_on: datetime.date
) -> Disposal:
    """Record the Finance department's approval of a disposal (seed 003)."""
    with _editing(actor, lot) as lot:
        _held(lot)
        if method not in DisposalMethod.values:
            raise ValidationError({"method": "Chọn hình thức xử lý."})
        if finance.kind != AgencyKind.FINANCE:
            raise ValidationError({"finance": "Việc xử lý tang vật phải do cơ quan Tài chính phê duyệt."})
        if not approval_ref.strip():
            raise ValidationError({"approval_ref": "Hãy nhập số văn bản phê duyệt."})
        if approved_on > timezone.localdate():
            raise ValidationError({"approved_on": "Ngày phê duyệt không được ở tương lai."})
        disposal = Disposal.objects.create(
            lot=lot,
            method=method,
            approved_by=finance,
            approval_ref=approval_ref.strip(),
            approved_on=approved_on,
        )
        add_event(
            lot.case,
            "disposal_approved",
            actor,
            f"{lot.description}: {in_vietnamese(disposal.get_method_display())} — {disposal.approval_ref}",
            finance,
        )
        audit.record(actor, "warehouse.disposal_approved", lot, changes={"ref": disposal.approval_ref})
    return disposal


def dispose(actor: User, lot: Lot, *, done_on: datetime.date, proceeds_vnd: int = 0, reason: str = "") -> Lot:
    """Destroy, auction, return or transfer a lot: refused without the Finance approval."""
    with _editing(actor, lot) as lot:
        _held(lot)
        disposal = Disposal.objects.filter(lot=lot).first()
        if disposal is None:
            raise ValidationError(_("Chưa có phê duyệt của cơ quan Tài chính: không được xử lý tang vật."))
        if done_on < disposal.approved_on or done_on > timezone.localdate():
            raise ValidationError({"done_on": "Ngày xử lý phải từ ngày phê duyệt đến hôm nay."})
        if proceeds_vnd and disposal.method != DisposalMethod.AUCTION:
            raise ValidationError({"proceeds_vnd": "Chỉ bán đấu giá mới có tiền thu được."})
        disposal.done_on, disposal.proceeds_vnd = done_on, proceeds_vnd
        disposal.save(update_fields=["done_on", "proceeds_vnd"])
        effects.case_changed(lot.case)  # proceeds count on the day of the disposal
        previous = lot.bin
        lot.status = LotStatus.RETURNED if disposal.method == DisposalMethod.RETURN else LotStatus.DISPOSED
        lot.bin = None
        lot.save(update_fields=["status", "bin"])
        text = reason or f"{in_vietnamese(disposal.get_method_display())} theo {disposal.approval_ref}"
        _append(actor, lot, Movement.DISPOSAL, text, from_bin=previous, quantity=lot.quantity)
    return lot


def verify(lot_ids: Any = None) -> list[str]:
    """Problems in the custody chains (empty when every chain holds)."""
    problems = []
    lots = Lot.objects.all() if lot_ids is None else Lot.objects.filter(pk__in=lot_ids)
    for lot in lots.order_by("pk"):
        expected_prev, expected_seq = GENESIS, 1
        for event in CustodyEvent.objects.filter(lot=lot).order_by("seq"):
            if event.seq != expected_seq:
                problems.append(f"Lô #{lot.pk}: thiếu mục số {expected_seq}")
                break
            if event.prev_hash != expected_prev or event.compute_hash() != event.hash:
                problems.append(f"Lô #{lot.pk}: mục số {event.seq} đã bị sửa")
                break
            expected_prev, expected_seq = event.hash, expected_seq + 1
        else:
            if expected_seq == 1:
                problems.append(f"Lô #{lot.pk}: không có sổ theo dõi")
    return problems


def create_warehouse(
    actor: Any, agency: Agency, name: str, bins: list[tuple[str, str]], address: str = ""
) -> Warehouse:
    """A warehouse of `agency` with its bins (code, kind); administrators and demo data."""
    if not name.strip():
        raise ValidationError({"name": "Hãy nhập tên kho."})
    if any(kind not in LotKind.values for _, kind in bins):
        raise ValidationError({"bins": "Mỗi ngăn kho chỉ chứa tang vật hoặc vật chứng."})
    with transaction.atomic():
        store = Warehouse.objects.create(agency=agency, name=name.strip(), address=address.strip())
        Bin.objects.bulk_create([Bin(warehouse=store, code=code, kind=kind) for code, kind in bins])
        audit.record(actor, "warehouse.create", store, changes={"bins": [c for c, _ in bins]})
    return store
