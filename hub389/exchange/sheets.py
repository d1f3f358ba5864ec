"""Spreadsheets as agencies keep them, read safely: XLSX (first sheet) or CSV (UTF-8, with or
without a BOM; comma or semicolon), the first row the template's headings (compared without
diacritics or case). Refused with a Vietnamese message, before any row is read: a file that is
neither, formulas (their values are not what was typed), merged cells (a value would stand
for several rows), a wrong header row, more rows than an import takes."""

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from hub389.lib.text import fold

MAX_ROWS = 100_000
MERGED = re.compile(rb"<(?:\w+:)?mergeCell\b")
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]+[0-9]+)\"")


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet shows it (the heading is row 1)
    cells: dict[str, str]  # by column key


def _check_xlsx_parts(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = [
                n for n in archive.namelist() if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")
            ]
            if not sheets:
                raise ValidationError("Tệp XLSX không có trang tính nào.")
            first = archive.read(sorted(sheets)[0])
    except zipfile.BadZipFile:
        raise ValidationError("Tệp không phải bảng tính XLSX hoặc CSV đọc được.") from None
    if MERGED.search(first):
        raise ValidationError("Bảng tính có ô gộp (merge): hãy bỏ gộp ô để mỗi dòng ghi đủ giá trị của nó.")
    formula = FORMULA.search(first)
    if formula:
        cells = CELL.findall(first[: formula.start()])
        where = f" (ô {cells[-1].decode()})" if cells else ""
        raise ValidationError(
            f"Bảng tính có công thức{where}: hãy dán giá trị (Paste values) thay cho công thức rồi gửi lại."
        )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):  # a number cell: written back the Vietnamese way (1,5)
        return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    return str(value).strip()


def _lines(data: bytes, name: str) -> Iterator[Sequence[Any]]:
    if data[:2] == b"PK":
        _check_xlsx_parts(data)
        try:  # calamine (Rust) reads a sheet some 13 times faster than openpyxl (docs/performance.md)
            rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
        except Exception as exc:  # a file that is not a workbook fails in many ways
            raise ValidationError("Tệp không phải bảng tính XLSX đọc được.") from exc
        yield from rows
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("Tệp CSV phải mã hoá UTF-8 (Excel: Lưu thành “CSV UTF-8”).") from None
    if "\x00" in text:
        raise ValidationError("Tệp có ký tự NUL: không phải CSV văn bản.")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _heading_problem(heading: list[str], columns: Sequence[tuple[str, str]]) -> str:
    """What is wrong with the header row: the columns missing, those the template has not, or
    the first one out of order."""
    expected = [fold(h) for _, h in columns]
    names = {fold(h): h for _, h in columns}
    missing = [names[h] for h in expected if h not in heading]
    extra = [h for h in heading if h and h not in names]
    said = []
    if missing:
        said.append("thiếu cột " + ", ".join(f"“{h}”" for h in missing))
    if extra:
        said.append("có cột không thuộc mẫu " + ", ".join(f"“{h}”" for h in extra[:5]))
    if not said:
        where = next(i for i, (a, b) in enumerate(zip(heading, expected, strict=False)) if a != b)
        said.append(f"cột {where + 1} phải là “{columns[where][1]}”")
    return (
        "Dòng tiêu đề (dòng 1) không đúng mẫu: "
        + "; ".join(said)
        + ". Cần đúng các cột, theo thứ tự: "
        + " | ".join(h for _, h in columns)
        + ". Hãy tải mẫu mới nhất."
    )


def sniff(upload: IO[bytes]) -> None:
    """Refuse at once, with the import's own message, a file that is neither an XLSX workbook
    nor UTF-8 text (before it is kept and queued); the whole file is read by the job."""
    head = upload.read(65536)
    upload.seek(0)
    if head[:2] == b"PK":
        try:
            with zipfile.ZipFile(upload) as archive:
                if "xl/workbook.xml" not in archive.namelist():
                    raise ValidationError("Tệp không phải bảng tính XLSX hoặc CSV đọc được.")
        except zipfile.BadZipFile:
            raise ValidationError("Tệp không phải bảng tính XLSX hoặc CSV đọc được.") from None
        finally:
            upload.seek(0)
        return
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not a character cut at the end of the sample
            raise ValidationError("Tệp CSV phải mã hoá UTF-8 (Excel: Lưu thành “CSV UTF-8”).") from None
    if b"\x00" in head:
        raise ValidationError("Tệp có ký tự NUL: không phải CSV văn bản.")


def read(upload: IO[bytes], name: str, columns: Sequence[tuple[str, str]]) -> list[SheetRow]:
    """The rows of the upload, each by column key. `columns`: (key, heading) in order."""
    data = upload.read()
    lines = _lines(data, name)
    heading = [fold(_text(c)) for c in next(lines, ())]
    while heading and not heading[-1]:
        heading.pop()
    expected = [fold(h) for _, h in columns]
    if heading != expected:
        raise ValidationError(_heading_problem(heading, columns))
    keys = [k for k, _ in columns]
    rows: list[SheetRow] = []
    for number, values in enumerate(lines, start=2):
        cells = [_text(v) for v in values]
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationError(
                f"Tệp có hơn {MAX_ROWS:,} dòng: hãy chia thành nhiều tệp.".replace(",", ".")
            )
        rows.append(SheetRow(number, dict(zip(keys, [*cells, *[""] * len(keys)], strict=False))))
    if not rows:
        raise ValidationError("Bảng tính không có dòng dữ liệu nào.")
    return rows


def template(
    columns: Sequence[tuple[str, str]], example: Sequence[str], guide: Sequence[tuple[str, str]]
) -> bytes:
    """An XLSX template: the headings, one example row, and a sheet of the codes it accepts."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Dữ liệu"
    sheet.append([h for _, h in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(list(example))
    for column, (_, heading) in zip(sheet.columns, columns, strict=False):
        sheet.column_dimensions[column[0].column_letter].width = max(12, min(40, len(heading) + 4))
    help_sheet = book.create_sheet("Hướng dẫn")
    help_sheet.append(["Cột / mã", "Ý nghĩa"])
    for row in guide:
        help_sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
