"""The legal clock of a tip (BLTTHS Art. 146-149, `tips.clocks`): extensions by the agency and
by the procuracy, suspension (the clock stops) and resumption, the procuracy notice."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389.accounts.models import User
from hub389.tips import clocks
from hub389.tips.models import (
    EventKind,
    Status,
    Tip,
)
from hub389.tips.services.common import (
    _accept,
    _audit,
    _event,
    _handling,
    _refresh_clock,
    _save,
)


def extend(actor: User, tip: Tip, reason: str) -> Tip:
    """Art. 147(2): a complex case may run up to 2 months from receipt."""
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": "Ghi rõ vì sao vụ việc phức tạp."})
    with transaction.atomic():
        tip = _handling(actor, tip)
        today = timezone.localdate()
        problem = clocks.extension_problem(tip.clock, today)
        if problem:
            raise ValidationError(problem)
        tip.extended_on = today
        _accept(actor, tip)
        _refresh_clock(tip)
        _save(tip)
        _event(tip, EventKind.EXTENDED, actor, f"Hạn mới: {tip.due_on:%d/%m/%Y}. {reason.strip()}")
        _audit(actor, "tip.extend", tip, changes={"due_on": tip.due_on}, reason=reason)
    return tip


def procuracy_extend(actor: User, tip: Tip, until: datetime.date, decision: str) -> Tip:
    """Art. 147(2): the procuracy extends once more, by at most 2 months."""
    if len(decision.strip()) < 3:
        raise ValidationError({"decision": "Ghi số, ngày quyết định gia hạn của Viện kiểm sát."})
    with transaction.atomic():
        tip = _handling(actor, tip)
        problem = clocks.procuracy_extension_problem(tip.clock, until)
        if problem:
            raise ValidationError({"until": problem})
        tip.procuracy_until = until
        _refresh_clock(tip)
        _save(tip)
        _event(tip, EventKind.PROCURACY_EXTENDED, actor, f"Hạn mới: {until:%d/%m/%Y}. {decision.strip()}")
        _audit(actor, "tip.procuracy_extend", tip, changes={"due_on": until}, reason=decision)
    return tip


def suspend(actor: User, tip: Tip, reason: str) -> Tip:
    """Art. 148: suspension (expert examination, valuation, foreign legal assistance…) stops
    the clock; the procuracy is notified within 3 days."""
    if len(reason.strip()) < 5:
        raise ValidationError(
            {"reason": "Ghi rõ lý do tạm đình chỉ (chờ giám định, định giá, tương trợ tư pháp…)."}
        )
    with transaction.atomic():
        tip = _handling(actor, tip)
        if tip.status == Status.SUSPENDED:
            raise ValidationError(_("Tin đang tạm đình chỉ."))
        if not tip.agency.can_investigate:
            raise ValidationError(
                "Chỉ cơ quan có thẩm quyền giải quyết tin báo tội phạm mới ra quyết định "
                "tạm đình chỉ (Điều 148 BLTTHS)."
            )
        today = timezone.localdate()
        tip.status, tip.suspended_on, tip.resumed_on = Status.SUSPENDED, today, None
        tip.accepted_on = tip.accepted_on or today
        tip.suspension_reason = reason.strip()[:300]
        tip.procuracy_notice_due, tip.procuracy_notified_on = clocks.procuracy_notice_due(today), None
        _refresh_clock(tip)
        _save(tip)
        _event(tip, EventKind.SUSPENDED, actor, reason.strip())
        _audit(actor, "tip.suspend", tip, reason=reason)
    return tip


def resume(actor: User, tip: Tip, reason: str = "") -> Tip:
    """Art. 149: after resumption, at most 1 more month; the procuracy is notified in 3 days."""
    with transaction.atomic():
        tip = _handling(actor, tip)
        if tip.status != Status.SUSPENDED:
            raise ValidationError(_("Tin không ở trạng thái tạm đình chỉ."))
        today = timezone.localdate()
        tip.status, tip.resumed_on = Status.IN_PROGRESS, today
        tip.procuracy_notice_due, tip.procuracy_notified_on = clocks.procuracy_notice_due(today), None
        _refresh_clock(tip)
        _save(tip)
        _event(tip, EventKind.RESUMED, actor, f"Hạn mới: {tip.due_on:%d/%m/%Y}. {reason.strip()}".strip())
        _audit(actor, "tip.resume", tip, reason=reason)
    return tip


def procuracy_notified(actor: User, tip: Tip, on: datetime.date, reference: str) -> Tip:
    """Record the written notice to the procuracy (Art. 146(3), 148, 149)."""
    with transaction.atomic():
        tip = _handling(actor, tip)
        if on > timezone.localdate():
            raise ValidationError({"on": "Ngày thông báo không được ở tương lai."})
        tip.procuracy_notified_on = on
        _save(tip)
        _event(tip, EventKind.PROCURACY_NOTIFIED, actor, f"{on:%d/%m/%Y} {reference.strip()}".strip())
        _audit(actor, "tip.procuracy_notified", tip, changes={"on": on})
    return tip
