"""When a task is due: reading the "time" column of a plan as people write it, and turning a
task's timing into dated occurrences.

Recurring tasks fall due on a day of the month; a day that a month lacks (31 in April, 29–31
in February) moves to the month's last day, like Civil Code Art. 147 does for months.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from hub389.lib.dates import parse_date
from hub389.lib.text import fold


@dataclass
class Due:
    """A timing read from text: kind (a `Timing` value) and its parts."""

    kind: str
    due_on: datetime.date | None = None
    day: int | None = None
    month: int | None = None
    trigger: str = ""


def _clamp(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> datetime.date:
    return _clamp(year, month, 31)


ONGOING_WORDS = ("thuong xuyen", "dinh ky", "dot xuat", "theo chuong trinh")
DIRECTION_WORDS = ("theo chi dao", "huong dan cua", "co van ban chi dao")


def parse(text: str) -> Due | None:
    """The timing in a plan's "time" cell, or None when it cannot be read.

    "Thường xuyên" → ongoing; "Khi Bộ Tài chính có văn bản chỉ đạo", "Theo chỉ đạo … của Bộ Y tế"
    → waits for a direction; "hằng tháng (ngày 17)", "hằng quý", "hằng năm" → recurring;
    "Tháng 01/2026" → the month's last day; "2026", "Năm 2026" → 31/12; "dd/mm/yyyy" → that day.
    A cell that says both a date and "thường xuyên" is ongoing with a first deadline."""
    raw = " ".join(text.split())
    f = fold(raw)
    if not f:
        return None
    day_match = re.search(r"ngay (\d{1,2})", f)
    day = int(day_match.group(1)) if day_match else None
    if "hang thang" in f:
        return Due("monthly", day=day or 31)
    if "hang quy" in f:
        return Due("quarterly", day=day or 31)
    if "hang nam" in f:
        return Due("yearly", day=day or 31, month=12)
    first: datetime.date | None = None
    if (m := re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", f)) and (found := parse_date(m.group(0))):
        first = found
    elif m := re.search(r"thang (\d{1,2})/(\d{4})", f):
        first = _month_end(int(m.group(2)), int(m.group(1)))
    elif m := re.search(r"\b(20\d\d)\b", f):
        first = datetime.date(int(m.group(1)), 12, 31)
    if any(w in f for w in ONGOING_WORDS):
        return Due("ongoing", due_on=first)
    if f.startswith("khi ") or any(w in f for w in DIRECTION_WORDS):
        return Due("on_direction", trigger=raw)
    if first is not None:
        return Due("deadline", due_on=first)
    return None


def occurrences(
    kind: str,
    start: datetime.date,
    end: datetime.date,
    *,
    due_on: datetime.date | None = None,
    day: int | None = None,
    month: int | None = None,
    yearly_on: tuple[int, int] = (9, 15),
) -> list[tuple[datetime.date, str]]:
    """(due date, label) of every occurrence of a task between `start` and `end` (inclusive).

    - deadline: the one date;
    - monthly: `day` of each month; quarterly: `day` of each quarter's last month;
    - yearly: `day`/`month` each year;
    - ongoing: the first deadline if any, then `yearly_on` (month, day) each year;
    - on_direction: none until the direction is recorded."""
    out: list[tuple[datetime.date, str]] = []
    if kind == "deadline" and due_on is not None:
        return [(due_on, f"Hạn {due_on:%d/%m/%Y}")]
    if kind in ("monthly", "quarterly"):
        step = 1 if kind == "monthly" else 3
        year, mon = start.year, start.month
        if kind == "quarterly":
            mon = ((mon - 1) // 3) * 3 + 3
        while True:
            d = _clamp(year, mon, day or 31)
            if d > end:
                break
            if d >= start:
                label = f"Tháng {mon:02d}/{year}" if kind == "monthly" else f"Quý {(mon - 1) // 3 + 1}/{year}"
                out.append((d, label))
            mon += step
            if mon > 12:
                year, mon = year + 1, mon - 12
        return out
    if kind in ("yearly", "ongoing"):
        m, dd = (month or 12, day or 31) if kind == "yearly" else yearly_on
        if kind == "ongoing" and due_on is not None and start <= due_on <= end:
            out.append((due_on, f"Hạn {due_on:%d/%m/%Y}"))
        for year in range(start.year, end.year + 1):
            d = _clamp(year, m, dd)
            if start <= d <= end and d not in {x for x, _ in out}:
                out.append((d, f"Năm {year}"))
        return sorted(out)
    return out
