"""Reading the "time" column and generating occurrences, across month ends and leap years."""

import datetime

import pytest

from hub389.plans import timing

D = datetime.date


def test_monthly_occurrences_clamp_to_the_last_day_of_short_months() -> None:
    dates = [d for d, _ in timing.occurrences("monthly", D(2027, 1, 15), D(2027, 6, 30), day=31)]
    assert dates == [
        D(2027, 1, 31),
        D(2027, 2, 28),
        D(2027, 3, 31),
        D(2027, 4, 30),
        D(2027, 5, 31),
        D(2027, 6, 30),
    ]
    leap = [d for d, _ in timing.occurrences("monthly", D(2028, 2, 1), D(2028, 3, 31), day=30)]
    assert leap == [D(2028, 2, 29), D(2028, 3, 30)]
    # the 17th (seed 003's reporting day): a start after the 17th skips that month
    labels = timing.occurrences("monthly", D(2026, 11, 23), D(2027, 1, 31), day=17)
    assert labels == [(D(2026, 12, 17), "Tháng 12/2026"), (D(2027, 1, 17), "Tháng 01/2027")]


def test_quarterly_yearly_and_ongoing() -> None:
    quarters = timing.occurrences("quarterly", D(2026, 2, 10), D(2026, 12, 31), day=31)
    assert [d for d, _ in quarters] == [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31)]
    assert quarters[1][1] == "Quý 2/2026"
    feb29 = timing.occurrences("yearly", D(2027, 1, 1), D(2028, 12, 31), day=29, month=2)
    assert [d for d, _ in feb29] == [D(2027, 2, 28), D(2028, 2, 29)]
    ongoing = timing.occurrences(
        "ongoing", D(2026, 1, 1), D(2027, 12, 31), due_on=D(2026, 1, 31), yearly_on=(9, 15)
    )
    assert [d for d, _ in ongoing] == [D(2026, 1, 31), D(2026, 9, 15), D(2027, 9, 15)]
    assert timing.occurrences("on_direction", D(2026, 1, 1), D(2030, 12, 31)) == []
    assert timing.occurrences("deadline", D(2026, 1, 1), D(2030, 12, 31), due_on=D(2026, 12, 31)) == [
        (D(2026, 12, 31), "Hạn 31/12/2026")
    ]


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        ("Thường xuyên", "ongoing", None),
        ("Tháng 01/2026 và thường xuyên", "ongoing", D(2026, 1, 31)),
        ("Khi Bộ Tài chính có văn bản chỉ đạo", "on_direction", None),
        ("Theo chỉ đạo, hướng dẫn của Bộ Y tế", "on_direction", None),
        ("Thường xuyên (Theo chỉ đạo của Bộ Công Thương)", "ongoing", None),
        ("Theo Chương trình, Kế hoạch công tác của Ban Chỉ đạo 389 Thành phố", "ongoing", None),
        ("2026", "deadline", D(2026, 12, 31)),
        (
            "Năm 2026, trình UBND Thành phố ban hành sau khi sửa đổi Quyết định số 20/2016/QĐ-TTg",
            "deadline",
            D(2026, 12, 31),
        ),
        ("30/06/2027", "deadline", D(2027, 6, 30)),
        ("Hằng tháng, ngày 17", "monthly", None),
    ],
)
def test_timing_text(text: str, kind: str, due: datetime.date | None) -> None:
    parsed = timing.parse(text)
    assert parsed is not None and parsed.kind == kind and parsed.due_on == due
    if kind == "monthly":
        assert parsed.day == 17


def test_unreadable_timing() -> None:
    assert timing.parse("") is None
    assert timing.parse("sớm nhất có thể") is None
