"""Spreadsheet imports, one path for every kind of record an agency keeps in a spreadsheet
(cases with goods and violators, sanctions, seized goods, subjects, typed report figures).

An app describes its kind (`Kind`: the columns, an example row, the guide sheet, who may send
it, and two functions) and registers it here; the exchange app keeps the file, runs the check
and the writing as background jobs and shows the batch's progress and summary. `check` reads
every row with the parsers of the pages and the services' own checks and writes nothing;
`commit` writes all or nothing through the services. Both name each problem by row and column.
This module imports no app's records: the kinds bring them."""

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hub389.audit import services as audit
from hub389.exchange import refs
from hub389.exchange.models import ExternalRef
from hub389.exchange.sheets import SheetRow
from hub389.lib.dates import parse_date
from hub389.lib.locale import in_vietnamese
from hub389.lib.text import fold

ProgressFn = Callable[[int, int], None]
DAY_SHAPE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
SUMMARY_LIMIT = 1000  # problems, notes and written records listed in a summary (all are counted)
EXAMPLE_PREFIX = "VI-DU-"  # the templates' example rows carry source ids starting so


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Record:
    """One record of the sheet (a case and its goods rows, a sanction, a subject…): its rows
    and, once read without a problem, what its kind's services get."""

    key: str  # the source id, or what groups the rows of one record
    rows: list[SheetRow] = field(default_factory=list)
    data: Any = None
    existing: int | None = None  # the hub389 record it already names, when known before writing

    @property
    def number(self) -> int:
        return self.rows[0].number


@dataclass
class Written:
    """A record written by a commit, as its summary lists it."""

    key: str
    id: int  # of the record written (the case, the sanction, the subject, the lot, the report)
    reference: str  # as the pages show it: "VV-2026-000123", "VV-2026-000123 · BB 12/BB"…
    url: str
    outcome: str  # "created", "updated", "unchanged"

    def as_dict(self) -> dict[str, Any]:
        return {
            "source_id": self.key,
            "id": self.id,
            "reference": self.reference,
            "url": self.url,
            "outcome": self.outcome,
        }


class Outcomes:
    """The counts and the list a commit's summary shows."""

    def __init__(self) -> None:
        self.counts = {"created": 0, "updated": 0, "unchanged": 0}
        self.written: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []

    def add(self, written: Written) -> None:
        self.counts[written.outcome] += 1
        if len(self.written) < SUMMARY_LIMIT:
            self.written.append(written.as_dict())

    def note(self, record: Record, column: str, message: str) -> None:
        """What the writing itself noticed (a value kept): listed with the check's notes."""
        if len(self.notes) < SUMMARY_LIMIT:
            self.notes.append(Problem(record.number, column, message).as_dict())

    def as_dict(self) -> dict[str, Any]:
        return {**self.counts, "written": self.written, "notes_added": self.notes}


def write_each(
    records: list[Record], progress: ProgressFn, write: Callable[[Record, Outcomes], Written]
) -> dict[str, Any]:
    """All or nothing: `write` each record (through its kind's services) in one transaction;
    a refusal undoes everything and names the record's row. The counts and the list."""
    outcomes = Outcomes()
    with transaction.atomic(), audit.batch():
        for i, record in enumerate(records):
            try:
                outcomes.add(write(record, outcomes))
            except ValidationError as exc:
                raise row_failed(record, exc) from exc
            if i % 100 == 0:
                progress(i, len(records))
    return outcomes.as_dict()


@dataclass(frozen=True)
class Kind:
    code: str  # "cases", "subjects"… (the URL and the API name it)
    title: str  # "Vụ việc" (the page's heading: "Nhập … từ bảng tính")
    explanation: str  # the page's paragraph: what a row is and what a re-import does
    columns: Sequence[tuple[str, str]]  # (key, Vietnamese heading), in the sheet's order
    example: Sequence[str]
    guide: Callable[[Any], list[tuple[str, str]]]  # the template's second sheet, for a user
    allowed: Callable[[Any], bool]  # may this user send it
    scope: str  # the API scope a client needs
    check: Callable[[Any, str, list[SheetRow], ProgressFn], tuple[list[Record], list[Problem], list[Problem]]]
    commit: Callable[[Any, str, list[Record], ProgressFn], dict[str, Any]]
    file_name: str  # of the template
    order: int = 100  # on the imports page


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.code] = kind
    return kind


def kind_of(code: str) -> Kind:
    found = KINDS.get(code)
    if found is None:
        raise ValidationError({"kind": f"Không có loại nhập “{code}”: " + ", ".join(sorted(KINDS)) + "."})
    return found


def choices(options: Any) -> dict[str, str]:
    """A code or the Vietnamese name shown on the pages, folded, → the code."""
    found = {}
    for code, label in options:
        name = in_vietnamese(label)
        found[fold(code)] = code
        found[fold(name)] = code
        if ":" in name:  # "Thông thường: 07 ngày làm việc" is also "Thông thường"
            found.setdefault(fold(name.split(":")[0]), code)
    return found


def choice_guide(title: str, options: Any) -> list[tuple[str, str]]:
    return [(f"{title}: {code}", in_vietnamese(label)) for code, label in options]


class Cells:
    """Reads the cells of one kind's rows with the pages' parsers; `problems` names each that
    cannot be read (the record is still checked whole, so every problem shows in one pass);
    `notes` are what the summary says without refusing anything."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []

    def problem(self, row: int, key: str, message: str) -> None:
        self.problems.append(Problem(row, self.labels.get(key, key), message))

    def note(self, row: int, key: str, message: str) -> None:
        self.notes.append(Problem(row, self.labels.get(key, key), message))

    def cell(self, row: SheetRow, key: str, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(row.cells.get(key, ""))
        except ValidationError as exc:
            self.problem(row.number, key, exc.messages[0])
            return None

    def text(self, row: SheetRow, key: str, limit: int, *, required: str = "") -> str:
        value = row.cells.get(key, "").strip()
        if required and not value:
            self.problem(row.number, key, required)
        elif len(value) > limit:
            self.problem(row.number, key, f"Tối đa {limit} ký tự.")
            value = value[:limit]
        return value

    @staticmethod
    def choice(table: dict[str, str], what: str, default: str | None = None) -> Callable[[str], str]:
        def parse(text: str) -> str:
            if not text.strip() and default is not None:
                return default
            found = table.get(fold(text))
            if found is None:
                raise ValidationError(f"Không rõ {what} “{text}”: xem trang Hướng dẫn của mẫu.")
            return found

        return parse

    @staticmethod
    def choice_list(table: dict[str, str], what: str) -> Callable[[str], list[str]]:
        """Codes or names separated by ";" (or "," between codes: names may hold commas)."""

        def parse(text: str) -> list[str]:
            found = []
            for part in (p for p in text.split(";") if p.strip()):
                if fold(part) in table:
                    found.append(table[fold(part)])
                else:
                    found += [Cells.choice(table, what)(p) for p in part.split(",") if p.strip()]
            return found

        return parse

    @staticmethod
    def date(text: str) -> datetime.date:
        day = parse_date(text)
        if day is None:
            if DAY_SHAPE.match(text.strip()):
                raise ValidationError(f"Không có ngày “{text.strip()}” trong lịch.")
            raise ValidationError("Ngày phải viết dd/mm/yyyy.")
        return day

    @staticmethod
    def optional_date(text: str) -> datetime.date | None:
        return Cells.date(text) if text.strip() else None

    def field_errors(self, row: int, exc: ValidationError, columns: dict[str, str], skip: set[str]) -> None:
        """A service's per-field messages named by the sheet's column (`columns`: the
        service's field → the column key); those already named for the row are not repeated."""
        for name, messages in exc.message_dict.items():
            key = columns.get(name, name)
            column = self.labels.get(key, key)
            if column in skip:
                continue
            for message in messages:
                self.problems.append(Problem(row, column, message))


def by_source_id(
    cells: Cells, rows: list[SheetRow], key: str, shared: Sequence[str] = (), *, one_row: bool = False
) -> list[Record]:
    """The rows grouped into records by their source id (column `key`); the `shared` columns,
    written on a record's first row, may be repeated on its other rows but must then agree.
    With `one_row`, a source id seen twice is a problem (a record is one row)."""
    records: dict[str, Record] = {}
    for row in rows:
        sid = row.cells.get(key, "").strip()
        if not sid:
            cells.problem(row.number, key, "Thiếu mã bản ghi nguồn.")
            continue
        if len(sid) > refs.SOURCE_ID_MAX:
            cells.problem(row.number, key, f"Tối đa {refs.SOURCE_ID_MAX} ký tự.")
            continue
        if sid.upper().startswith(EXAMPLE_PREFIX):
            cells.note(row.number, key, "Đây là dòng mẫu của tệp tải về: hãy thay bằng bản ghi thật.")
        record = records.setdefault(sid, Record(sid))
        if record.rows:
            first = record.rows[0]
            if one_row:
                cells.problem(row.number, key, f"Trùng mã với dòng {first.number}: mỗi bản ghi một dòng.")
                continue
            for name in shared:
                value = row.cells.get(name, "").strip()
                if value and fold(value) != fold(first.cells.get(name, "")):
                    cells.problem(row.number, name, f"Khác dòng {first.number} của cùng bản ghi.")
        record.rows.append(row)
    return list(records.values())


def known(agency: Any, kind: str, source_system: str, records: list[Record]) -> None:
    """Each record's `existing`: the hub389 record its source id already names."""
    found = dict(
        ExternalRef.objects.filter(
            agency=agency, kind=kind, source_system=source_system, source_id__in=[r.key for r in records]
        ).values_list("source_id", "object_id")
    )
    for record in records:
        record.existing = found.get(record.key)


def summary(
    records: list[Record], problems: list[Problem], notes: list[Problem], rows: int
) -> dict[str, Any]:
    """The check's summary (DHIS2's import summary): the counts, every problem and note by row."""
    problems = sorted(problems, key=lambda p: p.row)
    notes = sorted(notes, key=lambda p: p.row)
    return {
        "records": len(records),
        "rows": rows,
        "to_create": sum(1 for r in records if r.data is not None and r.existing is None),
        "to_update": sum(1 for r in records if r.data is not None and r.existing is not None),
        "refused": sum(1 for r in records if r.data is None),
        "problems": [p.as_dict() for p in problems[:SUMMARY_LIMIT]],
        "problem_count": len(problems),
        "notes": [n.as_dict() for n in notes[:SUMMARY_LIMIT]],
        "note_count": len(notes),
    }


def row_failed(record: Record, exc: ValidationError) -> ValidationError:
    """A service's refusal during a commit, named by the record's row (the commit is undone)."""
    return ValidationError(f"Dòng {record.number}: {'; '.join(exc.messages)}")
