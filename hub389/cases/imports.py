"""Cases from an agency's spreadsheet: one row per goods line, the rows of one case sharing
its source id (`Mã hồ sơ nguồn`), the case's own columns on its first row. Every row is read
with the parsers of the case form (dates dd/mm/yyyy, `450.000.000`, `1.500`, codes or the names
shown on the pages) and checked by the case services (`check_case`); then, all or nothing, each
case is pushed (`push_case`): created the first time its source id is seen, corrected when it
is sent again, left as it is when nothing changed."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hub389.accounts.models import User
from hub389.audit import services as audit
from hub389.cases import services
from hub389.cases.models import CaseChannel, Detection, ViolationKind
from hub389.exchange import refs
from hub389.exchange.models import ExternalRef
from hub389.exchange.sheets import SheetRow
from hub389.lib.dates import parse_date
from hub389.lib.locale import in_vietnamese
from hub389.lib.numbers import parse_money, parse_quantity
from hub389.lib.text import fold
from hub389.registry.models import Area, GoodsGroup
from hub389.subjects.models import SubjectKind

COLUMNS: list[tuple[str, str]] = [
    ("source_id", "Mã hồ sơ nguồn"),
    ("detected_on", "Ngày phát hiện"),
    ("detection", "Cách phát hiện"),
    ("area", "Mã địa bàn"),
    ("place", "Địa điểm"),
    ("summary", "Tóm tắt"),
    ("violations", "Loại vi phạm"),
    ("channel", "Kênh"),
    ("goods_group", "Nhóm hàng"),
    ("description", "Tên hàng"),
    ("brand", "Nhãn hiệu"),
    ("quantity", "Số lượng"),
    ("unit", "Đơn vị tính"),
    ("value_vnd", "Trị giá (đồng)"),
    ("subject_kind", "Loại đối tượng"),
    ("subject_name", "Tên đối tượng"),
    ("subject_citizen_id", "Số CCCD"),
    ("subject_tax_code", "Mã số thuế"),
    ("subject_address", "Địa chỉ đối tượng"),
]
LABELS = dict(COLUMNS)
CASE_COLUMNS = (
    "detected_on",
    "detection",
    "area",
    "place",
    "summary",
    "violations",
    "channel",
    "goods_group",
)
EXAMPLE = [
    "VI-DU-0001",
    "20/11/2026",
    "Kiểm tra, thanh tra",
    "00070",
    "Số 12 phố Hàng Đào",
    "Kinh doanh mỹ phẩm giả nhãn hiệu",
    "Hàng giả, hàng kém chất lượng",
    "Nội địa",
    "my-pham",
    "Son môi giả nhãn hiệu",
    "",
    "1.500",
    "thỏi",
    "450.000.000",
    "Hộ kinh doanh",
    "Hộ kinh doanh Nguyễn Văn An",
    "001085012345",
    "",
    "Số 12 phố Hàng Đào, Hoàn Kiếm, Hà Nội",
]


def _choices(choices: Any) -> dict[str, str]:
    """A code or the Vietnamese name shown on the pages, folded, → the code."""
    found = {}
    for code, label in choices:
        found[fold(code)] = code
        found[fold(in_vietnamese(label))] = code
    return found


DETECTIONS, KINDS = _choices(Detection.choices), _choices(ViolationKind.choices)
CHANNELS, SUBJECT_KINDS = _choices(CaseChannel.choices), _choices(SubjectKind.choices)


def guide() -> list[tuple[str, str]]:
    """The codes the template's columns take (the template's second sheet)."""
    lines = [
        (
            LABELS["source_id"],
            "Bắt buộc: mã hồ sơ trong hệ thống của cơ quan; nhập lại cùng mã sẽ cập nhật, không tạo "
            "trùng. Dòng VI-DU-0001 là dòng mẫu: hãy thay bằng hồ sơ thật.",
        ),
        (LABELS["detected_on"], "dd/mm/yyyy, không ở tương lai."),
        (LABELS["quantity"], "1.500 là một nghìn năm trăm; 1,5 là một phẩy năm."),
        (LABELS["value_vnd"], "Đồng: 450.000.000 hoặc 450 triệu."),
        (LABELS["area"], "Mã địa bàn (tỉnh 2 chữ số, xã 5 chữ số) như trang Danh mục."),
    ]
    for title, choices in (
        (LABELS["detection"], Detection.choices),
        (LABELS["violations"], ViolationKind.choices),
        (LABELS["channel"], CaseChannel.choices),
        (LABELS["subject_kind"], SubjectKind.choices),
    ):
        lines += [(f"{title}: {code}", in_vietnamese(label)) for code, label in choices]
    lines += [
        (f"{LABELS['goods_group']}: {g.code}", g.name) for g in GoodsGroup.objects.order_by("sort_order")
    ]
    return lines


@dataclass
class Record:
    """One case of the sheet: its rows and, once read, what the services get."""

    source_id: str
    rows: list[SheetRow] = field(default_factory=list)
    data: services.CaseInput | None = None
    existing: int | None = None  # the case its source id already names


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class Reader:
    """Reads and checks the rows of one sheet; `problems` names every one, by row and column."""

    def __init__(self, actor: User, source_system: str) -> None:
        self.actor, self.source_system = actor, source_system
        self.problems: list[Problem] = []
        self.areas = {
            a.code: a for a in Area.objects.all().only("id", "code", "kind", "parent_id", "province_id")
        }
        self.nation = Area.objects.get(kind="national")
        groups = list(GoodsGroup.objects.all())
        self.groups = {g.code: g for g in groups} | {fold(g.name): g for g in groups}

    def _cell(self, row: SheetRow, key: str, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(row.cells.get(key, ""))
        except ValidationError as exc:
            self.problems.append(Problem(row.number, LABELS[key], exc.messages[0]))
            return None

    def _choice(self, table: dict[str, str], what: str) -> Callable[[str], str]:
        def parse(text: str) -> str:
            found = table.get(fold(text))
            if found is None:
                raise ValidationError(f"Không rõ {what} “{text}”: xem trang Hướng dẫn của mẫu.")
            return found

        return parse

    def _date(self, text: str) -> datetime.date:
        day = parse_date(text)
        if day is None:
            raise ValidationError("Ngày phải viết dd/mm/yyyy.")
        return day

    def _kinds(self, text: str) -> list[str]:
        """Codes or names separated by ";" (or "," between codes: the names hold commas)."""
        found = []
        for part in (p for p in text.split(";") if p.strip()):
            if fold(part) in KINDS:
                found.append(KINDS[fold(part)])
            else:
                found += [self._choice(KINDS, "loại vi phạm")(p) for p in part.split(",") if p.strip()]
        if not found:
            raise ValidationError("Ghi ít nhất một loại vi phạm.")
        return found

    def _area(self, text: str) -> Area:
        found = self.areas.get(text.strip())
        if found is None:
            raise ValidationError(f"Không có địa bàn mã “{text}”.")
        return found

    def _group(self, text: str) -> GoodsGroup | None:
        if not text.strip():
            return None
        found = self.groups.get(text.strip()) or self.groups.get(fold(text))
        if found is None:
            raise ValidationError(f"Không rõ nhóm hàng “{text}”.")
        return found

    def group(self, rows: list[SheetRow]) -> list[Record]:
        records: dict[str, Record] = {}
        for row in rows:
            sid = row.cells.get("source_id", "").strip()
            if not sid:
                self.problems.append(Problem(row.number, LABELS["source_id"], "Thiếu mã hồ sơ nguồn."))
                continue
            if len(sid) > refs.SOURCE_ID_MAX:
                self.problems.append(
                    Problem(row.number, LABELS["source_id"], f"Tối đa {refs.SOURCE_ID_MAX} ký tự.")
                )
                continue
            record = records.setdefault(sid, Record(sid))
            if record.rows:
                first = record.rows[0]
                for key in CASE_COLUMNS:
                    value = row.cells.get(key, "").strip()
                    if value and fold(value) != fold(first.cells.get(key, "")):
                        self.problems.append(
                            Problem(row.number, LABELS[key], f"Khác dòng {first.number} của cùng hồ sơ.")
                        )
            record.rows.append(row)
        return list(records.values())

    def read(self, record: Record) -> None:
        first = record.rows[0]
        before = len(self.problems)
        values = {
            "detected_on": self._cell(first, "detected_on", self._date),
            "detection": self._cell(first, "detection", self._choice(DETECTIONS, "cách phát hiện")),
            "area": self._cell(first, "area", self._area),
            "violations": self._cell(first, "violations", self._kinds),
            "channel": self._cell(
                first, "channel", lambda t: self._choice(CHANNELS, "kênh")(t) if t.strip() else "inland"
            ),
            "goods_group": self._cell(first, "goods_group", self._group),
        }
        goods = []
        for row in record.rows:
            if not any(
                row.cells.get(k, "").strip() for k in ("description", "quantity", "unit", "value_vnd")
            ):
                continue
            quantity = self._cell(row, "quantity", parse_quantity)
            value = self._cell(row, "value_vnd", lambda t: parse_money(t) if t.strip() else 0)
            goods.append(
                services.GoodsLine(
                    row.cells.get("description", ""),
                    quantity
                    if quantity is not None
                    else ("1" if row.cells.get("quantity", "").strip() else "0"),
                    row.cells.get("unit", ""),
                    value or 0,
                    row.cells.get("brand", ""),
                )
            )
        violator = None
        if first.cells.get("subject_name", "").strip():
            kind = self._cell(first, "subject_kind", self._choice(SUBJECT_KINDS, "loại đối tượng"))
            violator = {
                "kind": kind or "person",  # an unknown kind is named; the rest is checked as a person's
                "name": first.cells["subject_name"],
                "citizen_id": first.cells.get("subject_citizen_id", ""),
                "tax_code": first.cells.get("subject_tax_code", ""),
                "address": first.cells.get("subject_address", ""),
            }
        # A cell that could not be read is named already; the record is still checked whole,
        # with a stand-in for that cell, so every other problem is named in the same pass.
        data = services.CaseInput(
            detection=values["detection"] or Detection.INSPECTION,
            detected_on=values["detected_on"] or timezone.localdate(),
            area=values["area"] or self.nation,
            summary=first.cells.get("summary", ""),
            violations=values["violations"] or [ViolationKind.FRAUD],
            channel=values["channel"] or CaseChannel.INLAND,
            place=first.cells.get("place", ""),
            goods_group=values["goods_group"],
            goods=goods,
            violator=violator,
        )
        if data.detection == Detection.TIP:
            self.problems.append(
                Problem(first.number, LABELS["detection"], "Vụ việc từ tin báo được lập trên trang tin báo.")
            )
        named = {p.column for p in self.problems[before:]}
        try:
            services.check_case(data)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = str(LABELS.get(name, LABELS["description"] if name == "goods" else name))
                if column in named or name == "tip":
                    continue
                for message in messages:
                    self.problems.append(Problem(first.number, column, message))
        if len(self.problems) == before:
            record.data = data


def check(
    actor: User, source_system: str, rows: list[SheetRow], progress: Callable[[int, int], None]
) -> tuple[list[Record], list[Problem]]:
    """Every record read and checked, nothing written; the records and every problem."""
    reader = Reader(actor, source_system)
    records = reader.group(rows)
    for i, record in enumerate(records):
        reader.read(record)
        if i % 200 == 0:
            progress(i, len(records))
    agency = actor.agency
    known = dict(
        ExternalRef.objects.filter(
            agency=agency,
            kind="case",
            source_system=source_system,
            source_id__in=[r.source_id for r in records],
        ).values_list("source_id", "object_id")
    )
    for record in records:
        record.existing = known.get(record.source_id)
    return records, reader.problems


def summary(records: list[Record], problems: list[Problem]) -> dict[str, Any]:
    return {
        "records": len(records),
        "rows": sum(len(r.rows) for r in records),
        "to_create": sum(1 for r in records if r.data is not None and r.existing is None),
        "to_update": sum(1 for r in records if r.data is not None and r.existing is not None),
        "refused": sum(1 for r in records if r.data is None),
        "problems": [p.as_dict() for p in problems[:1000]],
        "problem_count": len(problems),
    }


def commit(
    actor: User, source_system: str, records: list[Record], progress: Callable[[int, int], None]
) -> dict[str, int]:
    """All or nothing: each case pushed through `push_case`; the counts of each outcome."""
    counts: dict[str, Any] = {"created": 0, "updated": 0, "unchanged": 0, "written": []}
    with transaction.atomic(), audit.batch():
        for i, record in enumerate(records):
            assert record.data is not None
            try:
                _case, outcome = services.push_case(
                    actor,
                    record.data,
                    source_system=source_system,
                    source_id=record.source_id,
                    reason=f"Nhập lại từ bảng tính ({source_system})",
                )
            except ValidationError as exc:
                raise ValidationError(f"Dòng {record.rows[0].number}: {'; '.join(exc.messages)}") from exc
            counts[outcome] += 1
            if len(counts["written"]) < 1000:  # the summary lists them (the first thousand)
                counts["written"].append(
                    {
                        "source_id": record.source_id,
                        "id": _case.pk,
                        "reference": _case.reference,
                        "outcome": outcome,
                    }
                )
            if i % 100 == 0:
                progress(i, len(records))
    return counts
