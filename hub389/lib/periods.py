"""Reporting periods (Decree 09/2019/NĐ-CP Art. 12; seed 003 item 14), in one place.

A period is named by a code and covers [start, end]:
- monthly "2026-10": 15/09/2026 → 14/10/2026 (15th of the previous month to the 14th);
- quarterly "2026-Q4": 15/09/2026 → 14/12/2026 (15th of the month before the quarter to the
  14th of its last month);
- half-year "2026-H1": 15/12/2025 → 14/06/2026; "2026-H2": 15/06/2026 → 14/12/2026;
- yearly "2026": 15/12/2025 → 14/12/2026;
- any other range "2025-05-15..2025-06-15" (plan and campaign reports).
The same period last year ("cùng kỳ") is the same code one year earlier.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hub389.lib.dates import add_months


class Kind:
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEAR = "half_year"
    YEARLY = "yearly"
    RANGE = "range"

    choices = [
        (MONTHLY, "Báo cáo tháng"),
        (QUARTERLY, "Báo cáo quý"),
        (HALF_YEAR, "Báo cáo 6 tháng"),
        (YEARLY, "Báo cáo năm"),
        (RANGE, "Báo cáo theo đợt (kế hoạch, đợt cao điểm)"),
    ]


@dataclass(frozen=True)
class Period:
    kind: str
    code: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        """In the reader's language: "tháng 11/2026" ("11/2026"), "quý 4 năm 2026" ("Q4 2026")."""
        year = self.end.year
        if self.kind == Kind.MONTHLY:
            return _("tháng %(month)s") % {"month": f"{self.end:%m/%Y}"}
        if self.kind == Kind.QUARTERLY:
            return _("quý %(q)s năm %(year)s") % {"q": self.code[-1], "year": year}
        if self.kind == Kind.HALF_YEAR:
            if self.code.endswith("H1"):
                return _("6 tháng đầu năm %(year)s") % {"year": year}
            return _("6 tháng cuối năm %(year)s") % {"year": year}
        if self.kind == Kind.YEARLY:
            return _("năm %(year)s") % {"year": year}
        return _("từ %(start)s đến %(end)s") % {
            "start": f"{self.start:%d/%m/%Y}",
            "end": f"{self.end:%d/%m/%Y}",
        }

    def last_year(self) -> "Period":
        """The same period of the previous year (cùng kỳ)."""
        if self.kind == Kind.RANGE:
            start, end = add_months(self.start, -12), add_months(self.end, -12)
            return Period(Kind.RANGE, f"{start.isoformat()}..{end.isoformat()}", start, end)
        year = int(self.code[:4]) - 1
        return period(self.kind, f"{year}{self.code[4:]}")

    def previous(self) -> "Period":
        """The period just before this one, of the same kind."""
        day = self.start - datetime.timedelta(days=1)
        return containing(self.kind, day)


def _fifteenth(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 15)


def period(kind: str, code: str) -> Period:
    """The period of `kind` named `code`; ValidationError (Vietnamese) when it is not one."""
    code = code.strip()
    try:
        if kind == Kind.MONTHLY and (m := re.fullmatch(r"(\d{4})-(\d{2})", code)):
            year, month = int(m.group(1)), int(m.group(2))
            end = datetime.date(year, month, 14)
            return Period(kind, code, add_months(_fifteenth(year, month), -1), end)
        if kind == Kind.QUARTERLY and (m := re.fullmatch(r"(\d{4})-Q([1-4])", code)):
            year, q = int(m.group(1)), int(m.group(2))
            last = 3 * q
            return Period(kind, code, add_months(_fifteenth(year, last), -3), datetime.date(year, last, 14))
        if kind == Kind.HALF_YEAR and (m := re.fullmatch(r"(\d{4})-H([12])", code)):
            year, half = int(m.group(1)), int(m.group(2))
            last = 6 * half
            return Period(kind, code, add_months(_fifteenth(year, last), -6), datetime.date(year, last, 14))
        if kind == Kind.YEARLY and re.fullmatch(r"\d{4}", code):
            year = int(code)
            return Period(kind, code, datetime.date(year - 1, 12, 15), datetime.date(year, 12, 14))
        if kind == Kind.RANGE and (m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", code)):
            start, end = datetime.date.fromisoformat(m.group(1)), datetime.date.fromisoformat(m.group(2))
            if end >= start:
                return Period(kind, code, start, end)
    except ValueError:
        pass
    raise ValidationError(f"Kỳ báo cáo “{code}” không hợp lệ.")


def containing(kind: str, day: datetime.date) -> Period:
    """The period of `kind` that holds `day` (monthly: the 15th starts the next month's period)."""
    if kind == Kind.RANGE:
        raise ValueError("a range period has no calendar")
    # The month whose period holds `day`: from the 15th on, it belongs to the next month.
    month_end = add_months(day.replace(day=14), 1) if day.day >= 15 else day.replace(day=14)
    year, month = month_end.year, month_end.month
    if kind == Kind.MONTHLY:
        return period(kind, f"{year}-{month:02d}")
    if kind == Kind.QUARTERLY:
        return period(kind, f"{year}-Q{(month - 1) // 3 + 1}")
    if kind == Kind.HALF_YEAR:
        return period(kind, f"{year}-H{1 if month <= 6 else 2}")
    return period(kind, str(year))
