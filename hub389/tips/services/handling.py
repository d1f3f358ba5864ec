"""Working a tip: the work lock, assignment (taking it accepts it), notes, questions to the
informant, classification, transfer to the competent agency, the identity reveal."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389 import policy
from hub389.accounts.models import User
from hub389.exchange import outbox
from hub389.exchange.models import EventKind as ExchangeEvent
from hub389.lib.locale import in_vietnamese
from hub389.notifications.services import notify_agency, notify_users
from hub389.registry.models import Agency, AreaKind
from hub389.tips import clocks, vault
from hub389.tips.models import (
    EventKind,
    Informant,
    Nature,
    Routing,
    Status,
    Tip,
    TipEvent,
)
from hub389.tips.services.common import (
    _accept,
    _audit,
    _event,
    _fresh,
    _handling,
    _hold,
    _open,
    _refresh_clock,
    _save,
)


def acquire_lock(actor: User, tip: Tip) -> Tip:
    with transaction.atomic():
        tip = _handling(actor, tip)
        tip.save(update_fields=["locked_by", "locked_until"])
    return tip


def release_lock(actor: User, tip: Tip) -> None:
    with transaction.atomic():
        tip = _fresh(tip)
        if policy.can(actor, "unlock", tip):
            tip.locked_by, tip.locked_until = None, None
            tip.save(update_fields=["locked_by", "locked_until"])
            _audit(actor, "tip.unlock", tip)


def assign(actor: User, tip: Tip, handler: User) -> Tip:
    """Give the tip to a handler of the same agency (and accept it: thụ lý)."""
    with transaction.atomic():
        tip = _fresh(tip)
        action = "take" if handler.pk == actor.pk and tip.handler_id is None else "assign"
        policy.require(actor, action, tip)
        _open(tip)
        if handler.agency_id != tip.agency_id or not handler.is_active:
            raise ValidationError({"handler": "Chỉ giao cho cán bộ đang làm việc của cơ quan giải quyết."})
        _hold(actor, tip)
        if handler.pk != actor.pk:
            tip.locked_by, tip.locked_until = None, None
        tip.handler = handler
        _accept(actor, tip)
        _save(tip)
        _event(tip, EventKind.ASSIGNED, actor, handler.full_name or handler.username)
        _audit(actor, "tip.assign", tip, changes={"handler": handler.username})
    if handler.pk != actor.pk:
        notify_users(
            [handler],
            f"Bạn được giao xử lý tin {tip.reference}",
            tip.summary,
            reverse("tips:detail", args=[tip.pk]),
        )
    return tip


def add_note(actor: User, tip: Tip, text: str) -> TipEvent:
    if not text.strip():
        raise ValidationError({"text": "Ghi chú trống."})
    with transaction.atomic():
        tip = _handling(actor, tip)
        tip.save(update_fields=["locked_by", "locked_until"])
        event = _event(tip, EventKind.NOTE, actor, text.strip())
        _audit(actor, "tip.note", tip)
    return event


def ask_informant(actor: User, tip: Tip, question: str) -> TipEvent:
    """A question the informant reads on the status page with their receipt code."""
    if len(question.strip()) < 5:
        raise ValidationError({"text": "Câu hỏi quá ngắn."})
    with transaction.atomic():
        tip = _handling(actor, tip)
        if not tip.receipt_hash:
            raise ValidationError(_("Tin này không có mã tra cứu: không hỏi người báo qua cổng được."))
        tip.save(update_fields=["locked_by", "locked_until"])
        event = _event(tip, EventKind.QUESTION, actor, question.strip())
        _audit(actor, "tip.ask", tip)
    return event


def classify(actor: User, tip: Tip, nature: str) -> Tip:
    if nature not in Nature.values:
        raise ValidationError({"nature": "Tính chất không hợp lệ."})
    with transaction.atomic():
        tip = _handling(actor, tip)
        old, tip.nature = tip.nature, nature
        _accept(actor, tip)
        _save(tip)
        _event(tip, EventKind.CLASSIFIED, actor, in_vietnamese(Nature(nature).label))
        _audit(actor, "tip.classify", tip, changes={"nature": [old, nature]})
    return tip


def transfer(actor: User, tip: Tip, to_agency: Agency, reason: str) -> Tip:
    """Art. 146(2): an agency not competent transfers the tip immediately to the competent one.
    The history stays with the tip; the new agency's clock starts on the day it receives it."""
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": "Ghi rõ lý do chuyển."})
    with transaction.atomic():
        tip = _handling(actor, tip, "transfer")
        if to_agency.pk == tip.agency_id:
            raise ValidationError({"to_agency": "Tin đang ở chính cơ quan này."})
        if not to_agency.is_active:
            raise ValidationError({"to_agency": "Cơ quan nhận đã ngừng hoạt động."})
        if tip.nature == Nature.CRIME and not to_agency.can_investigate:
            raise ValidationError(
                {
                    "to_agency": "Tin về tội phạm phải chuyển cho cơ quan có thẩm quyền giải quyết "
                    "(cơ quan điều tra, Hải quan, Biên phòng, Cảnh sát biển, Kiểm lâm — Điều 145(3) BLTTHS)."
                }
            )
        previous = tip.agency
        tip.past_agencies.add(previous)
        today = timezone.localdate()
        tip.agency, tip.handler, tip.routing = to_agency, None, Routing.TRANSFER
        tip.locked_by, tip.locked_until = None, None
        tip.status, tip.accepted_on = Status.NEW, None
        tip.clock_start, tip.extended_on, tip.procuracy_until = today, None, None
        tip.suspended_on, tip.resumed_on, tip.suspension_reason = None, None, ""
        tip.procuracy_notice_due, tip.procuracy_notified_on = clocks.procuracy_notice_due(today), None
        _refresh_clock(tip)
        _save(tip)
        tip.coordinators.remove(to_agency)
        _event(tip, EventKind.TRANSFERRED, actor, reason.strip(), from_agency=previous, to_agency=to_agency)
        _audit(
            actor, "tip.transfer", tip, changes={"from": previous.code, "to": to_agency.code}, reason=reason
        )
        outbox.emit(to_agency, ExchangeEvent.TIP_TRANSFERRED, tip, by=previous.code)
    notify_agency(
        to_agency,
        f"Tin báo được chuyển đến: {tip.reference}",
        tip.summary,
        reverse("tips:detail", args=[tip.pk]),
    )
    return tip


def suggested_transfer(tip: Tip) -> Agency | None:
    """For a crime report held by an agency that may not settle it: the police of the
    province (or the nation's police for national tips)."""
    province = tip.area.province or tip.area
    code = "VN-C03" if province.kind == AreaKind.NATIONAL else f"{province.code}-CA"
    return Agency.objects.filter(code=code).first()


def note_case_opened(actor: User, tip: Tip, case_reference: str) -> TipEvent:
    """A case was recorded from this tip (by any agency): the tip's history says so, so its
    handler sees where the tip led. Called by `cases.services.record_case` in its transaction."""
    with transaction.atomic():
        event = _event(tip, EventKind.CASE_OPENED, actor, case_reference, from_agency=actor.agency)
        _audit(actor, "tip.case_opened", tip, changes={"case": case_reference})
    return event


def reveal_informant(actor: User, tip: Tip, reason: str) -> dict[str, str]:
    """The informant's identity, for the assigned handler or the agency head only; every reveal
    needs a reason and is audited (the identity itself is not written to the log)."""
    policy.require(actor, "reveal", tip)
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": "Ghi rõ lý do cần xem danh tính người báo tin (ít nhất 10 ký tự)."})
    informant = Informant.objects.filter(tip=tip).first()
    if informant is None:
        raise ValidationError(_("Người báo tin ẩn danh: không có danh tính để xem."))
    with transaction.atomic():
        _audit(actor, "tip.informant_reveal", tip, reason=reason.strip())
    return vault.unseal(bytes(informant.wrapped_key), bytes(informant.ciphertext))


def assign_many(actor: User, tips: list[Tip], handler: User) -> list[Tip]:
    """Bulk triage from the queue: every selected tip to one officer, or none if any is
    refused (another officer's lock, a tip of another agency)."""
    with transaction.atomic():
        return [assign(actor, tip, handler) for tip in tips]
