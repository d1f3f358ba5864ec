"""Cases from a spreadsheet: checked row by row with the case form's parsers and the case
services, previewed, written all or nothing by the real queue's worker; a second import of
the same sheet updates instead of duplicating; a bad file is refused before any row."""

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from hub389.accounts.models import User
from hub389.cases.imports import CASE_COLUMNS, COLUMNS, EXAMPLE, Reader
from hub389.cases.models import Case, CaseGoods
from hub389.exchange import import_jobs, sheets
from hub389.exchange.imports import by_source_id
from hub389.exchange.models import ExternalRef, ImportBatch, ImportStatus
from hub389.tests.inprocess import run_worker

HEAD = [h for _, h in COLUMNS]


def row(**cells: str) -> list[str]:
    keys = [k for k, _ in COLUMNS]
    values = dict(zip(keys, EXAMPLE, strict=True))
    values.update(cells)
    return [values[k] for k in keys]


def xlsx(rows: list[list[Any]], head: list[str] | None = None, tweak: Any = None) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(head or HEAD)
    for r in rows:
        sheet.append(r)
    if tweak:
        tweak(sheet)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


SHEET = [
    row(),
    row(
        detected_on="",
        detection="",
        area="",
        summary="",
        violations="",
        description="Phấn mắt giả",
        quantity="200",
        unit="hộp",
        value_vnd="30.000.000",
        subject_name="",
    ),
    row(
        source_id="BB-2026-0043",
        summary="Kinh doanh sữa bột không rõ nguồn gốc",
        violations="unknown_origin",
        goods_group="sua",
        description="Sữa bột",
        quantity="1,5",
        unit="tấn",
        value_vnd="120 triệu",
        subject_kind="Tổ chức, doanh nghiệp",
        subject_name="Công ty TNHH Thương mại Hà An",
        subject_citizen_id="",
        subject_tax_code="0100109106",
    ),
]


def _run(batch: ImportBatch, capture: Any) -> ImportBatch:
    run_worker()
    batch.refresh_from_db()
    return batch


def test_a_sheet_is_previewed_then_written_and_a_second_import_updates(
    handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_jobs.start_import(handler, xlsx(SHEET), "vu-viec.xlsx", source_system="QLTT-HN")
    batch = _run(batch, None)
    assert batch.status == ImportStatus.CHECKED, batch.summary["problems"]
    assert (
        batch.summary["to_create"] == 2 and batch.summary["rows"] == 3 and batch.summary["problem_count"] == 0
    )
    assert not ExternalRef.objects.filter(source_system="QLTT-HN").exists()  # previewed: nothing written
    with django_capture_on_commit_callbacks(execute=True):
        import_jobs.commit_import(handler, batch)
    batch = _run(batch, None)
    assert batch.status == ImportStatus.DONE and batch.summary["created"] == 2
    first = Case.objects.get(pk=ExternalRef.objects.get(source_id="VI-DU-0001").object_id)
    assert sorted(CaseGoods.objects.filter(case=first).values_list("value_vnd", flat=True)) == [
        30_000_000,
        450_000_000,
    ]
    milk = Case.objects.get(pk=ExternalRef.objects.get(source_id="BB-2026-0043").object_id)
    assert str(milk.goods.get().quantity.normalize()) == "1.5" and milk.goods.get().value_vnd == 120_000_000
    # The same sheet again, one summary changed: the two cases, one corrected, none created.
    again = [
        SHEET[0],
        SHEET[1],
        row(
            **{
                **dict(zip([k for k, _ in COLUMNS], SHEET[2], strict=True)),
                "summary": "Kinh doanh sữa bột nhập lậu",
            }
        ),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        second = import_jobs.start_import(
            handler, xlsx(again), "vu-viec-lan-2.xlsx", source_system="QLTT-HN", commit=True
        )
    second = _run(second, None)
    assert second.status == ImportStatus.DONE, second.summary
    assert (second.summary["created"], second.summary["updated"], second.summary["unchanged"]) == (0, 1, 1)
    assert Case.objects.filter(pk__in=[first.pk, milk.pk]).count() == 2
    assert Case.objects.get(pk=milk.pk).summary == "Kinh doanh sữa bột nhập lậu"


def test_every_bad_row_is_named_and_nothing_is_written(
    handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    bad = [
        row(detected_on="31/02/2026"),
        row(source_id="B2", area="99999", quantity="1.5", value_vnd="450,000,000"),
        row(source_id="B3", subject_kind="Cá nhân", subject_name="Trần Văn C", subject_citizen_id="12345"),
        row(source_id="B4", violations="buôn lậu ma thuật"),
        row(source_id=""),
    ]
    before = Case.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_jobs.start_import(handler, xlsx(bad), "loi.xlsx", source_system="QLTT-HN", commit=True)
    batch = _run(batch, None)
    assert batch.status == ImportStatus.REFUSED
    found = {(p["row"], p["column"]) for p in batch.summary["problems"]}
    assert {
        (2, "Ngày phát hiện"),
        (3, "Mã địa bàn"),
        (3, "Số lượng"),
        (3, "Trị giá (đồng)"),
        (4, "Số CCCD"),
        (5, "Loại vi phạm"),
        (6, "Mã hồ sơ nguồn"),
    } <= found
    assert "12345" not in str(batch.summary)
    assert Case.objects.count() == before


@pytest.mark.parametrize(
    "upload,message",
    [
        (lambda: xlsx([row()], head=HEAD[::-1]), "Dòng tiêu đề"),
        (lambda: xlsx([row(value_vnd="=100*2")]), "công thức"),
        (lambda: xlsx([row(), row(source_id="B2")], tweak=lambda s: s.merge_cells("A2:A3")), "ô gộp"),
        (lambda: io.BytesIO(b"\xff\xfe not utf-8 \x00"), "UTF-8"),
        (lambda: io.BytesIO(b"PK\x03\x04broken"), "XLSX"),
    ],
)
def test_a_bad_file_is_refused_before_any_row(upload: Any, message: str) -> None:
    with pytest.raises(Exception, match=message):
        sheets.read(upload(), "tep.xlsx", COLUMNS)


def test_more_rows_than_an_import_takes_are_refused() -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEAD)
    line = row()
    for i in range(sheets.MAX_ROWS + 1):
        line[0] = f"R{i}"
        writer.writerow(line)
    with pytest.raises(Exception, match=r"100\.000 dòng"):
        sheets.read(io.BytesIO(out.getvalue().encode()), "lon.csv", COLUMNS)


def test_a_csv_with_semicolons_and_a_bom_reads_like_the_xlsx(handler: User) -> None:
    text = "\ufeff" + ";".join(HEAD) + "\n" + ";".join(SHEET[0]) + "\n"
    rows = sheets.read(io.BytesIO(text.encode()), "vu-viec.csv", COLUMNS)
    assert rows[0].cells["value_vnd"] == "450.000.000" and rows[0].number == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    quantity=st.text(alphabet="0123456789.,- tấnkgxyz", max_size=12),
    value=st.text(alphabet="0123456789.,  ₫triệutỷabc", max_size=16),
    day=st.text(alphabet="0123456789/-.", max_size=12),
)
def test_the_row_reader_refuses_or_reads_but_never_guesses(
    handler: User, quantity: str, value: str, day: str
) -> None:
    reader = Reader()
    cells = row(quantity=quantity or "1", value_vnd=value, detected_on=day or "20/11/2026")
    records = by_source_id(
        reader,
        [sheets.SheetRow(2, dict(zip([k for k, _ in COLUMNS], cells, strict=True)))],
        "source_id",
        CASE_COLUMNS,
    )
    reader.read(records[0])  # a problem named, or a record: never an exception
    record = records[0]
    assert (record.data is None) == bool(reader.problems)
    if record.data is not None:
        line = record.data.goods[0]
        assert line.value_vnd >= 0 and Decimal(line.quantity) > 0


def test_a_row_with_many_problems_names_them_all_in_one_pass(handler: User) -> None:
    reader = Reader()
    cells = row(
        area="99999", quantity="nhiều", value_vnd="abc", detected_on="20/11/2027", subject_citizen_id="12345"
    )
    records = by_source_id(
        reader,
        [sheets.SheetRow(6, dict(zip([k for k, _ in COLUMNS], cells, strict=True)))],
        "source_id",
        CASE_COLUMNS,
    )
    reader.read(records[0])
    named = {p.column for p in reader.problems}
    assert {"Mã địa bàn", "Số lượng", "Trị giá (đồng)", "Ngày phát hiện", "Số CCCD"} <= named, reader.problems


def test_the_source_system_is_one_whatever_its_case(
    handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    for name in ("QLTT-HN-SO", "qltt-hn-so"):
        with django_capture_on_commit_callbacks(execute=True):
            batch = import_jobs.start_import(
                handler, xlsx([row()]), "a.xlsx", source_system=name, commit=True
            )
        batch = _run(batch, None)
    assert batch.summary["created"] == 0 and batch.summary["unchanged"] == 1
    assert batch.summary["written"][0]["reference"].startswith("VV-")
