"""Closing a tip: the settlement and the result told to the informant, "not a tip", duplicates
merged into one (one by one or in bulk)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389.accounts.models import User
from hub389.lib.locale import in_vietnamese
from hub389.tips.models import (
    CRIMINAL_OUTCOMES,
    EventKind,
    Outcome,
    Status,
    Tip,
)
from hub389.tips.services.common import (
    _accept,
    _audit,
    _event,
    _handling,
    _save,
)


def outcomes_for(tip: Tip) -> list[tuple[str, Any]]:
    """The outcomes the tip's agency may decide: only an investigating body decides to
    prosecute or not (Art. 145(3), 146(2) BLTTHS); the others settle administratively or
    transfer, and a crime report they hold has none (it must be transferred). The settle form
    offers these and `settle` refuses the rest."""
    if tip.must_transfer:
        return []
    return [
        (v, label) for v, label in Outcome.choices if tip.agency.can_investigate or v not in CRIMINAL_OUTCOMES
    ]


def settle(actor: User, tip: Tip, outcome: str, public_result: str) -> Tip:
    """Art. 147(1): the tip is settled; the informant is told the result (Art. 145(4))."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Chọn kết quả giải quyết."})
    if len(public_result.strip()) < 10:
        raise ValidationError(
            {"public_result": "Ghi kết quả để thông báo cho người báo tin (ít nhất 10 ký tự)."}
        )
    with transaction.atomic():
        tip = _handling(actor, tip)
        if outcome in CRIMINAL_OUTCOMES and not tip.agency.can_investigate:
            raise ValidationError(
                {
                    "outcome": "Cơ quan này không có thẩm quyền quyết định khởi tố / không khởi tố: "
                    "hãy chuyển tin cho cơ quan có thẩm quyền (Điều 145(3), 146(2) BLTTHS)."
                }
            )
        if tip.status == Status.SUSPENDED:
            raise ValidationError(_("Tin đang tạm đình chỉ: phục hồi trước khi kết luận."))
        if tip.must_transfer:
            raise ValidationError(
                "Tin có dấu hiệu tội phạm: cơ quan này không kết luận mà phải chuyển cơ quan có "
                "thẩm quyền (Điều 145(3), 146(2) BLTTHS)."
            )
        if outcome == Outcome.ADMIN_CASE and not tip.cases.exists():
            # The figures count the case: a tip settled "by an administrative case" without one
            # would be a result no report can show.
            raise ValidationError(
                {
                    "outcome": "Kết luận “lập hồ sơ xử lý vi phạm hành chính” cần vụ việc lập từ tin "
                    "này: bấm “Lập vụ việc từ tin báo” trước."
                }
            )
        today = timezone.localdate()
        _accept(actor, tip)
        tip.status, tip.outcome, tip.settled_on = Status.SETTLED, outcome, today
        tip.public_result = public_result.strip()
        tip.due_at_settlement = tip.due_on
        tip.locked_by, tip.locked_until = None, None
        _save(tip)
        _event(tip, EventKind.SETTLED, actor, f"{in_vietnamese(Outcome(outcome).label)}. {tip.public_result}")
        _audit(
            actor,
            "tip.settle",
            tip,
            changes={"outcome": outcome, "on_time": tip.due_on is None or today <= tip.due_on},
        )
    return tip


def mark_not_a_tip(actor: User, tip: Tip, reason: str) -> Tip:
    """Triage: spam, a test, a message that is not a tip at all. Kept, counted apart."""
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": "Ghi rõ vì sao đây không phải tin báo."})
    with transaction.atomic():
        tip = _handling(actor, tip, "triage")
        tip.status = Status.NOT_A_TIP
        tip.locked_by, tip.locked_until = None, None
        _save(tip)
        _event(tip, EventKind.NOT_A_TIP, actor, reason.strip())
        _audit(actor, "tip.not_a_tip", tip, reason=reason)
    return tip


def merge(actor: User, primary: Tip, duplicates: list[Tip]) -> Tip:
    """Triage: duplicates are closed into `primary`; their informants follow `primary`'s
    status and result with their own receipt codes."""
    if not duplicates:
        raise ValidationError(_("Chọn ít nhất hai tin để gộp."))
    with transaction.atomic():
        primary = _handling(actor, primary, "triage")
        for dup in duplicates:
            dup = _handling(actor, dup, "triage")
            if dup.pk == primary.pk:
                continue
            if dup.agency_id != primary.agency_id:
                raise ValidationError(_("Chỉ gộp các tin cùng cơ quan giải quyết."))
            dup.status, dup.merged_into = Status.MERGED, primary
            dup.locked_by, dup.locked_until = None, None
            _save(dup)
            _event(dup, EventKind.MERGED, actor, f"Gộp vào {primary.reference}")
            _event(primary, EventKind.NOTE, actor, f"Đã gộp tin trùng {dup.reference}")
            _audit(actor, "tip.merge", dup, changes={"into": primary.reference})
        primary.save(update_fields=["locked_by", "locked_until"])
    return primary


def mark_many_not_tips(actor: User, tips: list[Tip], reason: str) -> list[Tip]:
    """Bulk triage: the selected items are not tips (spam, a question), all or none."""
    with transaction.atomic():
        return [mark_not_a_tip(actor, tip, reason) for tip in tips]
