"""Seized goods from an agency's spreadsheet: one row per lot taken into one of the agency's
warehouses for a case (named by the agency's source id or hub389's reference), with the lot's
own id in the agency's book. Each lot is taken in as the intake form does it (its custody
chain starts with the intake). A re-import of the same lot leaves it as it is; what happened
to it since (moves, samples, hand-overs, disposal) is recorded on the warehouse page, so
that the custody chain is never rewritten by a spreadsheet."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_noop

from hub389 import policy
from hub389.accounts.models import User
from hub389.cases.imports import CaseFinder
from hub389.cases.models import Case
from hub389.exchange import refs
from hub389.exchange.imports import (
    Cells,
    Kind,
    Outcomes,
    Problem,
    ProgressFn,
    Record,
    Written,
    by_source_id,
    choice_guide,
    choices,
    known,
    register,
    write_each,
)
from hub389.exchange.sheets import SheetRow
from hub389.lib.locale import in_vietnamese
from hub389.lib.numbers import parse_money, parse_quantity
from hub389.lib.text import fold
from hub389.warehouse import services
from hub389.warehouse.models import Bin, Lot, LotKind

COLUMNS: list[tuple[str, str]] = [
    ("source_id", "Mã lô nguồn"),
    ("case", "Mã hồ sơ nguồn hoặc số vụ việc"),
    ("kind", "Tang vật hay vật chứng"),
    ("description", "Mô tả"),
    ("quantity", "Số lượng"),
    ("unit", "Đơn vị tính"),
    ("value_vnd", "Trị giá (đồng)"),
    ("warehouse", "Kho"),
    ("bin", "Ngăn kho (mã)"),
    ("seized_on", "Ngày tạm giữ"),
]
LABELS = dict(COLUMNS)
EXAMPLE = [
    "VI-DU-LO-0001",
    "VI-DU-0001",
    "Tang vật",
    "Son môi giả nhãn hiệu, đóng thùng carton",
    "1.500",
    "thỏi",
    "450.000.000",
    "Kho Chi cục QLTT số 1",
    "A-01",
    "20/11/2026",
]
KEPT = "Lô đã nhập kho, khác tệp này: giữ như đã ghi (di chuyển, lấy mẫu, bàn giao ghi trên trang kho)."
LOT_KINDS = choices(LotKind.choices) | {"tang vat": LotKind.EXHIBIT, "vat chung": LotKind.EVIDENCE}


def guide(user: Any = None) -> list[tuple[str, str]]:
    return [
        (LABELS["source_id"], "Bắt buộc: số lô trong sổ kho của cơ quan; nhập lại cùng mã không tạo trùng."),
        (LABELS["case"], "Mã hồ sơ nguồn đã gửi từ cùng hệ thống nguồn, hoặc số vụ việc (VV-2026-000123)."),
        (LABELS["warehouse"], "Tên kho của cơ quan, như trang Kho tang vật."),
        (LABELS["bin"], "Ngăn của kho đó; tang vật và vật chứng không để chung ngăn."),
        *choice_guide(LABELS["kind"], LotKind.choices),
        *_bins(user),
    ]


def _bins(user: Any) -> list[tuple[str, str]]:
    """The user's agency's warehouses and their bins, as the two columns take them."""
    if user is None or user.agency_id is None:
        return []
    bins = Bin.objects.filter(warehouse__agency_id=user.agency_id).select_related("warehouse")
    return [
        (
            f"{LABELS['warehouse']}: {b.warehouse.name}",
            f"{LABELS['bin']}: {b.code} ({in_vietnamese(b.get_kind_display())})",
        )
        for b in bins.order_by("warehouse__name", "code")
    ]


@dataclass
class Intake:
    case: Case
    kind: str
    description: str
    quantity: Decimal
    unit: str
    value_vnd: int
    bin: Bin
    seized_on: Any


class Reader(Cells):
    def __init__(self, actor: User, source_system: str) -> None:
        super().__init__(LABELS)
        self.case_of = CaseFinder(actor, source_system)
        self.bins: dict[tuple[str, str], Bin] = {}
        self.warehouses: set[str] = set()
        for b in Bin.objects.filter(warehouse__agency=actor.agency).select_related("warehouse"):
            self.bins[fold(b.warehouse.name), fold(b.code)] = b
            self.warehouses.add(fold(b.warehouse.name))

    def _bin(self, row: SheetRow) -> Bin | None:
        warehouse, code = fold(row.cells.get("warehouse", "")), fold(row.cells.get("bin", ""))
        if warehouse not in self.warehouses:
            self.problem(
                row.number, "warehouse", f"Cơ quan bạn không có kho “{row.cells.get('warehouse', '')}”."
            )
            return None
        found = self.bins.get((warehouse, code))
        if found is None:
            self.problem(row.number, "bin", f"Kho này không có ngăn “{row.cells.get('bin', '')}”.")
        return found

    def read(self, record: Record) -> None:
        row = record.rows[0]
        before = len(self.problems)
        case = self.cell(row, "case", self.case_of)
        kind = self.cell(row, "kind", self.choice(LOT_KINDS, "loại", LotKind.EXHIBIT))
        description = self.text(row, "description", 300)
        quantity = self.cell(row, "quantity", parse_quantity)
        unit = self.text(row, "unit", 30)
        value = self.cell(row, "value_vnd", lambda t: parse_money(t) if t.strip() else 0)
        bin = self._bin(row)
        seized_on = self.cell(row, "seized_on", self.date)
        if case is None or kind is None or quantity is None or bin is None or seized_on is None:
            return
        named = {p.column for p in self.problems[before:]}
        errors = services.intake_errors(
            case,
            kind=kind,
            description=description,
            quantity=quantity,
            unit=unit,
            bin=bin,
            seized_on=seized_on,
        )
        self.field_errors(row.number, ValidationError(errors or {}), {}, named)
        if len(self.problems) > before:
            return
        data = Intake(case, kind, description, quantity, unit, value or 0, bin, seized_on)
        if record.existing is not None:
            lot = Lot.objects.filter(pk=record.existing).first()
            sent = (case.pk, description, quantity, unit, seized_on)
            if (
                lot is not None
                and (lot.case_id, lot.description, lot.quantity, lot.unit, lot.seized_on) != sent
            ):
                self.note(row.number, "source_id", KEPT)
        record.data = data


def check(
    actor: User, source_system: str, rows: list[SheetRow], progress: ProgressFn
) -> tuple[list[Record], list[Problem], list[Problem]]:
    reader = Reader(actor, source_system)
    records = by_source_id(reader, rows, "source_id", one_row=True)
    known(actor.agency, "lot", source_system, records)
    for i, record in enumerate(records):
        reader.read(record)
        if i % 200 == 0:
            progress(i, len(records))
    return records, reader.problems, reader.notes


def commit(actor: User, source_system: str, records: list[Record], progress: ProgressFn) -> dict[str, Any]:
    """All or nothing: each new lot taken in as the intake form does; a known one left as it is."""
    agency = actor.agency
    assert agency is not None

    def write(record: Record, _outcomes: Outcomes) -> Written:
        data: Intake = record.data
        ref = refs.locked(agency, "lot", source_system, record.key)
        if ref is None:
            lot = services.intake(
                actor,
                data.case,
                kind=data.kind,
                description=data.description,
                quantity=data.quantity,
                unit=data.unit,
                bin=data.bin,
                seized_on=data.seized_on,
                value_vnd=data.value_vnd,
                reason=f"Nhập kho từ bảng tính ({source_system})",
            )
            refs.remember(agency, "lot", source_system, record.key, lot.pk)
            outcome, lot_id = "created", lot.pk
        else:
            outcome, lot_id = "unchanged", ref.object_id
        url = reverse("cases:detail", args=[data.case.pk])
        return Written(record.key, lot_id, f"{data.case.reference} · lô #{lot_id}", url, outcome)

    return write_each(records, progress, write)


KIND = register(
    Kind(
        code="lots",
        title=gettext_noop("Tang vật, vật chứng nhập kho"),
        explanation=gettext_noop(
            "Mỗi dòng là một lô tang vật hoặc vật chứng của một vụ việc đã có, nhập vào một ngăn "
            "kho của cơ quan, với số lô trong sổ kho. Nhập lại cùng số lô không tạo trùng; di "
            "chuyển, lấy mẫu, bàn giao, xử lý ghi trên trang kho để chuỗi giao nhận không bị viết lại."
        ),
        columns=COLUMNS,
        example=EXAMPLE,
        guide=guide,
        allowed=lambda user: policy.can(user, "create", Case),
        scope="cases:write",
        check=check,
        commit=commit,
        file_name="mau-nhap-kho.xlsx",
        order=30,
    )
)
