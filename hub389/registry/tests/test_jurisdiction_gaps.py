from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _run(*args: str) -> list[str]:
    out = StringIO()
    call_command("jurisdiction_gaps", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip().splitlines()


def test_demo_shows_one_gap_and_one_overlap(db):
    lines = _run("--date", "2026-01-01")
    assert all(line.startswith(("GAP ", "OVERLAP ")) for line in lines)
    assert "GAP CK-CHIMA Cửa khẩu Chi Ma | hai-quan Địa bàn hoạt động hải quan" in lines
    overlap = [line for line in lines if line.startswith("OVERLAP 01 ")]
    assert len(overlap) == 1
    assert "Công an thành phố Hà Nội" in overlap[0]
    assert "Chi cục Quản lý thị trường Hà Nội" in overlap[0]


def test_no_overlap_before_it_starts(db):
    lines = _run("--date", "31/12/2025")
    assert not any(line.startswith("OVERLAP") for line in lines)


def test_scoped_to_a_committee(db):
    assert _run("--date", "2026-01-01", "--committee", "01") == [
        line for line in _run("--date", "2026-01-01") if line.startswith("OVERLAP 01 ")
    ]


def test_uncovered_province_is_one_line_counting_its_communes(db):
    from hub389.registry.models import Area, JurisdictionRule

    JurisdictionRule.objects.filter(area__code__in=["VN", "01", "00070"], field__code="luu-thong").delete()
    lines = [line for line in _run("--date", "2026-01-01") if "| luu-thong " in line]
    # The nation has no rule but three provinces do: the nation, then each uncovered province.
    assert lines[0] == "GAP VN Toàn quốc | luu-thong Hàng hóa lưu thông trong nước"
    assert len(lines) == 1 + 34 - 3
    hanoi_communes = Area.objects.filter(province__code="01", kind="commune").count()
    field = "luu-thong Hàng hóa lưu thông trong nước"
    hanoi = f"GAP 01 Thành phố Hà Nội | {field} | +{hanoi_communes} địa bàn cấp dưới"
    assert hanoi in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-13-01"], "không hợp lệ"),
        (["--committee", "99"], "Không có Ban Chỉ đạo"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(db, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)
