"""Locked periods: once a month's figures are locked (`ReportType.locks_on`, the working days
after the consolidated report went up), a record counted in that month may no longer change
what it counts. The services that correct records ask here first, as DHIS2 refuses a data value
in a locked period."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from hub389.lib import periods
from hub389.reports.models import ReportType


@dataclass(frozen=True)
class Lock:
    period: periods.Period
    locked_on: datetime.date

    @property
    def message(self) -> str:
        return (
            f"Số liệu kỳ báo cáo {self.period.label} đã khóa từ {self.locked_on:%d/%m/%Y}: "
            "không sửa được những gì vụ việc được đếm trong kỳ đó (trị giá, hàng hóa, loại vi phạm, "
            "địa bàn, ngày phát hiện). Nếu số liệu đã báo cáo sai, hãy giải trình trong báo cáo kỳ này."
        )


def lock_of(day: datetime.date, today: datetime.date | None = None) -> Lock | None:
    """The lock of the monthly period holding `day`, if it is locked `today`."""
    monthly = ReportType.objects.filter(code="monthly", active=True).first()
    if monthly is None:
        return None
    period = periods.containing(monthly.period_kind, day)
    locked_on = monthly.locks_on(period)
    return Lock(period, locked_on) if (today or timezone.localdate()) > locked_on else None
