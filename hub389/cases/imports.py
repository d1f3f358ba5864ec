"""Cases from an agency's spreadsheet: one row per goods line, the rows of one case sharing
its source id (`Mã hồ sơ nguồn`), the case's own columns on its first row. Every row is read
with the parsers of the case form (dates dd/mm/yyyy, `450.000.000`, `1.500`, codes or the names
shown on the pages) and checked by the case services (`check_case`); then, all or nothing, each
case is pushed (`push_case`): created the first time its source id is seen, corrected when it
is sent again, left as it is when nothing changed."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from hub389 import policy
from hub389.accounts.models import User
from hub389.audit import services as audit
from hub389.cases import services
from hub389.cases.models import Case, CaseChannel, Detection, ViolationKind
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
)
from hub389.exchange.models import ExternalRef
from hub389.exchange.sheets import SheetRow
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


DETECTIONS, KINDS = choices(Detection.choices), choices(ViolationKind.choices)
CHANNELS, SUBJECT_KINDS = choices(CaseChannel.choices), choices(SubjectKind.choices)


def guide(user: Any = None) -> list[tuple[str, str]]:
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
    for title, options in (
        (LABELS["detection"], Detection.choices),
        (LABELS["violations"], ViolationKind.choices),
        (LABELS["channel"], CaseChannel.choices),
        (LABELS["subject_kind"], SubjectKind.choices),
    ):
        lines += choice_guide(title, options)
    lines += [
        (f"{LABELS['goods_group']}: {g.code}", g.name) for g in GoodsGroup.objects.order_by("sort_order")
    ]
    return lines


class Reader(Cells):
    """Reads and checks the rows of one sheet; `problems` names every one, by row and column."""

    def __init__(self) -> None:
        super().__init__(LABELS)
        self.areas = {
            a.code: a for a in Area.objects.all().only("id", "code", "kind", "parent_id", "province_id")
        }
        self.nation = Area.objects.get(kind="national")
        groups = list(GoodsGroup.objects.all())
        self.groups = {g.code: g for g in groups} | {fold(g.name): g for g in groups}

    def _kinds(self, text: str) -> list[str]:
        found = self.choice_list(KINDS, "loại vi phạm")(text)
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

    def read(self, record: Record) -> None:
        first = record.rows[0]
        before = len(self.problems)
        values = {
            "detected_on": self.cell(first, "detected_on", self.date),
            "detection": self.cell(first, "detection", self.choice(DETECTIONS, "cách phát hiện")),
            "area": self.cell(first, "area", self._area),
            "violations": self.cell(first, "violations", self._kinds),
            "channel": self.cell(first, "channel", self.choice(CHANNELS, "kênh", CaseChannel.INLAND)),
            "goods_group": self.cell(first, "goods_group", self._group),
        }
        goods = []
        for row in record.rows:
            if not any(
                row.cells.get(k, "").strip() for k in ("description", "quantity", "unit", "value_vnd")
            ):
                continue
            quantity = self.cell(row, "quantity", parse_quantity)
            value = self.cell(row, "value_vnd", lambda t: parse_money(t) if t.strip() else 0)
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
            kind = self.cell(first, "subject_kind", self.choice(SUBJECT_KINDS, "loại đối tượng"))
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
            self.problem(first.number, "detection", "Vụ việc từ tin báo được lập trên trang tin báo.")
        named = {p.column for p in self.problems[before:]}
        try:
            services.check_case(data)
        except ValidationError as exc:
            exc_fields = {k: v for k, v in exc.message_dict.items() if k != "tip"}
            self.field_errors(first.number, ValidationError(exc_fields), {"goods": "description"}, named)
        if len(self.problems) == before:
            record.data = data


def check(
    actor: User, source_system: str, rows: list[SheetRow], progress: ProgressFn
) -> tuple[list[Record], list[Problem], list[Problem]]:
    """Every record read and checked, nothing written; the records and every problem."""
    reader = Reader()
    records = by_source_id(reader, rows, "source_id", CASE_COLUMNS)
    for i, record in enumerate(records):
        reader.read(record)
        if i % 200 == 0:
            progress(i, len(records))
    known(actor.agency, "case", source_system, records)
    return records, reader.problems, reader.notes


CHUNK = 1000  # records written per set (and per progress step)


def commit(actor: User, source_system: str, records: list[Record], progress: ProgressFn) -> dict[str, Any]:
    """All or nothing: the cases pushed a thousand at a time through `push_cases` (new ones
    written as a set, known ones corrected); the counts of each outcome."""
    outcomes = Outcomes()
    with transaction.atomic(), audit.batch():
        for start in range(0, len(records), CHUNK):
            chunk = records[start : start + CHUNK]
            try:
                pushed = services.push_cases(
                    actor,
                    [(r.key, r.data) for r in chunk],
                    source_system=source_system,
                    reason=f"Nhập lại từ bảng tính ({source_system})",
                )
            except ValidationError as exc:
                raise ValidationError(_failed_row(chunk, exc)) from exc
            for record, (case, outcome) in zip(chunk, pushed, strict=True):
                url = reverse("cases:detail", args=[case.pk])
                outcomes.add(Written(record.key, case.pk, case.reference, url, outcome))
            progress(start + len(chunk), len(records))
    return outcomes.as_dict()


def _failed_row(chunk: list[Record], exc: ValidationError) -> str:
    """A refusal while writing a set (the rows were checked, so the records moved since): said
    with the rows of the set, since the writer of a set cannot name one."""
    rows = f"{chunk[0].number}–{chunk[-1].rows[-1].number}"
    return f"Dòng {rows}: {'; '.join(exc.messages)}"


KIND = register(
    Kind(
        code="cases",
        title=gettext_noop("Vụ việc"),
        explanation=gettext_noop(
            "Mỗi dòng là một dòng hàng; các dòng cùng “Mã hồ sơ nguồn” là một vụ việc. Nhập lại "
            "cùng mã sẽ cập nhật vụ việc đã có, không tạo trùng. Mọi dòng được kiểm tra như trên "
            "trang lập hồ sơ; có lỗi thì không ghi gì."
        ),
        columns=COLUMNS,
        example=EXAMPLE,
        guide=guide,
        allowed=lambda user: policy.can(user, "create", Case),
        scope="cases:write",
        check=check,
        commit=commit,
        file_name="mau-nhap-vu-viec.xlsx",
        order=10,
    )
)


REFERENCE = re.compile(r"^VV-(\d{4})-0*(\d+)$", re.IGNORECASE)


class CaseFinder:
    """The case a row of another kind's sheet names (its sanctions, its seized goods): by the
    agency's own source id (sent by an earlier import or push from the same system) or by
    hub389's reference (VV-2026-000123); only a case the user may edit."""

    def __init__(self, actor: User, source_system: str) -> None:
        self.actor, self.source_system = actor, source_system
        self.found: dict[str, Case | str] = {}

    def __call__(self, text: str) -> Case:
        token = text.strip()
        if token not in self.found:
            self.found[token] = self._find(token)
        found = self.found[token]
        if isinstance(found, str):
            raise ValidationError(found)
        return found

    def _find(self, token: str) -> Case | str:
        if not token:
            return "Ghi mã hồ sơ nguồn hoặc số vụ việc (VV-2026-000123)."
        match = REFERENCE.match(token)
        if match:
            ids = [int(match.group(2))]
        else:
            ids = list(
                ExternalRef.objects.filter(
                    agency=self.actor.agency, kind="case", source_system=self.source_system, source_id=token
                ).values_list("object_id", flat=True)
            )
        case = policy.visible(self.actor, "view", Case).filter(pk__in=ids).select_related("area").first()
        if case is None or (match and case.year != int(match.group(1))):
            return (
                f"Không có vụ việc “{token}” mà cơ quan bạn xem được (mã hồ sơ nguồn của hệ thống "
                f"{self.source_system} hoặc số vụ việc VV-…)."
            )
        if not policy.can(self.actor, "edit", case):
            return f"Cơ quan bạn không được ghi vào vụ việc {case.reference}."
        return case
