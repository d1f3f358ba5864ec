"""The deadlines of the administrative and criminal tracks of a case, in one place.

Source: Law on Handling Administrative Violations 2012 (amended 2020, 2025), "LXLVPHC", as
summarised in shared/RULES.md ("Administrative sanctions"). Working days skip weekends and the
holiday calendar (`hub389/registry/workdays.py`); months follow Civil Code Art. 147 (`add_months`).
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from hub389.lib.dates import add_months
from hub389.registry.workdays import add_working_days


class Route(models.TextChoices):
    """How a sanction decision is prepared after the violation record (Art. 66(1))."""

    STANDARD = "standard", _("Thông thường: 07 ngày làm việc")
    TRANSFERRED = "transferred", _("Chuyển người có thẩm quyền khác: 10 ngày làm việc")
    VERIFICATION = "verification", _("Cần giải trình / xác minh: 01 tháng")
    COMPLEX = "complex", _("Đặc biệt nghiêm trọng, phức tạp: 02 tháng")


# Art. 66(1)
STANDARD_WORKING_DAYS = 7
TRANSFERRED_WORKING_DAYS = 10
VERIFICATION_MONTHS = 1
COMPLEX_MONTHS = 2
# Art. 125(8): temporary seizure of exhibits: 7 working days, 10 when the file is transferred;
# extendable for verification but never past the Art. 66 limit.
SEIZURE_WORKING_DAYS = 7
SEIZURE_TRANSFERRED_WORKING_DAYS = 10
# Art. 6(1): 1 year in general; 2 years for production/trading of goods, smuggling, counterfeit
# and banned goods, IP, prices, invoices — every kind of violation hub389 counts.
LIMITATION_YEARS_GENERAL = 1
LIMITATION_YEARS_TRADE = 2
# Art. 62: signs of a crime found during enforcement: transfer the file within 3 days.
CRIMINAL_TRANSFER_DAYS = 3
# Art. 63(1): the file comes back within 3 working days of a decision not to prosecute.
FILE_RETURN_WORKING_DAYS = 3


def decision_deadline(record_date: datetime.date, route: str) -> datetime.date:
    """Last day to issue the sanction decision after the violation record (Art. 66(1))."""
    if route == Route.TRANSFERRED:
        return add_working_days(record_date, TRANSFERRED_WORKING_DAYS)
    if route == Route.VERIFICATION:
        return add_months(record_date, VERIFICATION_MONTHS)
    if route == Route.COMPLEX:
        return add_months(record_date, COMPLEX_MONTHS)
    return add_working_days(record_date, STANDARD_WORKING_DAYS)


def seizure_deadline(
    seized_on: datetime.date,
    transferred: bool,
    extended_to: datetime.date | None = None,
    record_date: datetime.date | None = None,
    route: str = Route.STANDARD,
    off: set[datetime.date] | None = None,
) -> datetime.date:
    """Last day of a temporary seizure (Art. 125(8)), an extension capped by Art. 66."""
    days = SEIZURE_TRANSFERRED_WORKING_DAYS if transferred else SEIZURE_WORKING_DAYS
    base = add_working_days(seized_on, days, off)
    if extended_to is None:
        return base
    cap = decision_deadline(record_date or seized_on, route)
    return min(max(extended_to, base), cap)


def limitation_ends(violation_ended: datetime.date, trade_related: bool = True) -> datetime.date:
    """When sanctions are time-barred (Art. 6(1)), counted from the end of the violation."""
    years = LIMITATION_YEARS_TRADE if trade_related else LIMITATION_YEARS_GENERAL
    return add_months(violation_ended, 12 * years)


def criminal_transfer_due(found_on: datetime.date) -> datetime.date:
    return found_on + datetime.timedelta(days=CRIMINAL_TRANSFER_DAYS)


def file_return_due(decided_on: datetime.date) -> datetime.date:
    return add_working_days(decided_on, FILE_RETURN_WORKING_DAYS)
