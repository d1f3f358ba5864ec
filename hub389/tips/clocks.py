"""The legal clocks of a tip (tố giác, tin báo, kiến nghị khởi tố), all in one place.

Sources: Criminal Procedure Code 2015 (Bộ luật Tố tụng hình sự, BLTTHS), Articles 146–149, as
summarised in shared/RULES.md ("Tips"); months are counted as in the Civil Code 2015, Art. 147:
a period in months ends on the same day of the last month, or on that month's last day when it
has no such day.

Every deadline shown in hub389 (the queue, the tip page, the head's page, the reminders, the
KPIs and the informant's status page) comes from `deadline()` below. The clock runs on calendar
days (not working days): Art. 147 counts "ngày", not "ngày làm việc".
"""

import datetime
from dataclasses import dataclass

from hub389.lib.dates import add_months

# Art. 147(1): the competent agency settles a tip within 20 days of receiving it.
SETTLE_DAYS = 20
# Art. 147(2): a complex case (many circumstances, checks in several places) may run up to
# 2 months from receipt.
COMPLEX_MONTHS = 2
# Art. 147(2): when checks still cannot end in time, the procuracy may extend once, by at most
# 2 more months (4 months in all).
PROCURACY_EXTENSION_MONTHS = 2
# Art. 149: after the suspension is lifted, the tip is settled within at most 1 month of the
# resumption decision.
AFTER_RESUMPTION_MONTHS = 1
# Art. 146(3): the receiving agency notifies the procuracy in writing within 3 days of receipt;
# Art. 148(2)/149(2): suspension and resumption decisions go to the procuracy within 3 days too.
PROCURACY_NOTICE_DAYS = 3
# Not a legal rule: how many days before the deadline a tip counts as near-due (highlighted in
# the queue, listed on the head's page, reminded every day).
NEAR_DUE_DAYS = 3


@dataclass(frozen=True)
class Clock:
    """What the deadline depends on. `start` is the day the agency now handling the tip
    received it (a transfer restarts the clock for the competent agency, Art. 146(2))."""

    start: datetime.date
    extended_on: datetime.date | None = None
    procuracy_until: datetime.date | None = None
    suspended_on: datetime.date | None = None
    resumed_on: datetime.date | None = None

    @property
    def is_stopped(self) -> bool:
        """Art. 148: a suspension stops the clock until the resumption decision."""
        return self.suspended_on is not None and self.resumed_on is None


def deadline(clock: Clock) -> datetime.date | None:
    """The day by which the tip must be settled; None while the clock is stopped."""
    if clock.is_stopped:
        return None
    if clock.resumed_on is not None:
        return add_months(clock.resumed_on, AFTER_RESUMPTION_MONTHS)
    if clock.procuracy_until is not None:
        return clock.procuracy_until
    if clock.extended_on is not None:
        return add_months(clock.start, COMPLEX_MONTHS)
    return clock.start + datetime.timedelta(days=SETTLE_DAYS)


def latest_procuracy_extension(clock: Clock) -> datetime.date:
    """The furthest day the procuracy may extend to: 2 months past the 2-month limit."""
    return add_months(add_months(clock.start, COMPLEX_MONTHS), PROCURACY_EXTENSION_MONTHS)


def extension_problem(clock: Clock, on: datetime.date) -> str | None:
    """Why the complex-case extension (Art. 147(2)) cannot be granted on `on`, or None."""
    if clock.is_stopped:
        return "Tin đang tạm đình chỉ: thời hạn đã dừng, không gia hạn."
    if clock.resumed_on is not None:
        return "Sau khi phục hồi, thời hạn giải quyết tối đa 01 tháng (Điều 149 BLTTHS), không gia hạn."
    if clock.extended_on is not None:
        return "Tin đã được gia hạn do phức tạp (tối đa 02 tháng, Điều 147(2) BLTTHS)."
    due = deadline(clock)
    if due is not None and on > due:
        return "Đã quá hạn 20 ngày: phải quyết định gia hạn trước khi hết hạn."
    return None


def procuracy_extension_problem(clock: Clock, until: datetime.date) -> str | None:
    """Why the procuracy's extension to `until` (Art. 147(2)) is not allowed, or None."""
    if clock.is_stopped or clock.resumed_on is not None:
        return "Viện kiểm sát chỉ gia hạn khi tin đang trong thời hạn giải quyết (chưa tạm đình chỉ)."
    if clock.extended_on is None:
        return "Viện kiểm sát chỉ gia hạn sau khi đã kéo dài thời hạn lên 02 tháng (Điều 147(2) BLTTHS)."
    if clock.procuracy_until is not None:
        return "Viện kiểm sát chỉ được gia hạn một lần (Điều 147(2) BLTTHS)."
    due = deadline(clock)
    if due is not None and until <= due:
        return "Ngày gia hạn phải sau thời hạn hiện tại."
    latest = latest_procuracy_extension(clock)
    if until > latest:
        return f"Gia hạn tối đa thêm 02 tháng: không quá ngày {latest:%d/%m/%Y} (Điều 147(2) BLTTHS)."
    return None


def procuracy_notice_due(decided_on: datetime.date) -> datetime.date:
    """When the procuracy must have the written notice of a receipt or a decision."""
    return decided_on + datetime.timedelta(days=PROCURACY_NOTICE_DAYS)


def days_left(due: datetime.date | None, today: datetime.date) -> int | None:
    """Days until the deadline (0 on the day itself, negative once overdue)."""
    return None if due is None else (due - today).days


def urgency(due: datetime.date | None, today: datetime.date) -> str:
    """One word for the queue's colours: stopped / overdue / near / ok."""
    left = days_left(due, today)
    if left is None:
        return "stopped"
    if left < 0:
        return "overdue"
    if left <= NEAR_DUE_DAYS:
        return "near"
    return "ok"
