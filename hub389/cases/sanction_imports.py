"""Sanctions from an agency's spreadsheet: one row per violation record (biên bản) of a case,
with its decision and the fine paid so far when there are. The case is named by the agency's
source id or hub389's reference; the record by its number within the case. A re-import of the
same record adds what is new (the decision once signed, payments since the last import: the
paid column is cumulative, so sending the same sheet twice pays nothing twice) and refuses
what would rewrite what was decided: that is corrected on the case's page, with a reason."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_noop

from hub389 import policy
from hub389.accounts.models import User
from hub389.cases import deadlines, services
from hub389.cases.imports import CaseFinder
from hub389.cases.models import Case, CaseSubject, Measure, Sanction
from hub389.exchange.imports import (
    Cells,
    Kind,
    Outcomes,
    Problem,
    ProgressFn,
    Record,
    Written,
    choice_guide,
    choices,
    register,
    write_each,
)
from hub389.exchange.sheets import SheetRow
from hub389.lib.numbers import parse_money
from hub389.subjects.models import Subject

COLUMNS: list[tuple[str, str]] = [
    ("case", "Mã hồ sơ nguồn hoặc số vụ việc"),
    ("record_no", "Số biên bản"),
    ("record_date", "Ngày lập biên bản"),
    ("route", "Thời hạn ra quyết định"),
    ("subject", "Mã số thuế hoặc CCCD người vi phạm"),
    ("decision_no", "Số quyết định xử phạt"),
    ("decision_date", "Ngày quyết định"),
    ("fine", "Tiền phạt (đồng)"),
    ("measures", "Biện pháp khắc phục"),
    ("paid", "Đã nộp (đồng, cộng dồn)"),
]
LABELS = dict(COLUMNS)
EXAMPLE = [
    "VI-DU-0001",
    "12/BB-QLTT",
    "21/11/2026",
    "Thông thường",
    "001085012345",
    "34/QĐ-XPHC",
    "25/11/2026",
    "25.000.000",
    "Buộc tiêu hủy",
    "10.000.000",
]
ROUTES, MEASURES = choices(deadlines.Route.choices), choices(Measure.choices)
FIELDS = {"amount": "paid"}  # the services' field names that differ from the sheet's keys


def guide(user: Any = None) -> list[tuple[str, str]]:
    return [
        (
            LABELS["case"],
            "Mã hồ sơ nguồn đã gửi (bằng bảng tính vụ việc hoặc API) từ cùng hệ thống nguồn, hoặc "
            "số vụ việc của hub389 (VV-2026-000123).",
        ),
        (
            LABELS["record_no"],
            "Mỗi biên bản một dòng; nhập lại cùng số biên bản của cùng vụ việc sẽ cập nhật.",
        ),
        (LABELS["route"], "Để trống là trường hợp thông thường (07 ngày làm việc)."),
        (
            LABELS["subject"],
            "Không bắt buộc; nếu ghi, phải là đối tượng đã có trong vụ việc.",
        ),
        (
            LABELS["decision_no"],
            "Để trống khi chưa ra quyết định; khi ghi thì ghi cả ngày quyết định và tiền phạt.",
        ),
        (
            LABELS["paid"],
            "Tổng số đã nộp đến nay (không phải lần nộp này): nhập lại cùng tệp không ghi nộp hai lần.",
        ),
        *choice_guide(LABELS["route"], deadlines.Route.choices),
        *choice_guide(LABELS["measures"], Measure.choices),
    ]


@dataclass
class Plan:
    """What a row asks for, and what of it is new."""

    case: Case
    record_no: str
    record_date: datetime.date
    route: str
    subject: Subject | None
    decision: dict[str, Any] | None  # decision_no, decision_date, fine, measures: when to be decided
    paid: int  # the cumulative amount paid
    existing: Sanction | None


class Reader(Cells):
    def __init__(self, actor: User, source_system: str) -> None:
        super().__init__(LABELS)
        self.case_of = CaseFinder(actor, source_system)

    def _subject(self, row: SheetRow, case: Case | None) -> Subject | None:
        text = row.cells.get("subject", "").strip().replace(" ", "")
        if not text or case is None:
            return None
        link = (
            CaseSubject.objects.filter(case=case)
            .select_related("subject")
            .filter(subject__tax_code=text)
            .first()
            or CaseSubject.objects.filter(case=case, subject__citizen_id=text)
            .select_related("subject")
            .first()
        )
        if link is None:
            self.problem(row.number, "subject", f"Vụ việc {case.reference} không có đối tượng mang mã này.")
            return None
        return link.subject

    def read(self, record: Record) -> None:
        row = record.rows[0]
        before = len(self.problems)
        case = self.cell(row, "case", self.case_of)
        record_no = self.text(row, "record_no", 60, required="Hãy nhập số biên bản.")
        record_date = self.cell(row, "record_date", self.date)
        route = self.cell(row, "route", self.choice(ROUTES, "thời hạn", deadlines.Route.STANDARD))
        subject = self._subject(row, case)
        decision_no = self.text(row, "decision_no", 60)
        decision_date = self.cell(row, "decision_date", self.optional_date)
        fine = self.cell(row, "fine", lambda t: parse_money(t) if t.strip() else 0)
        measures = self.cell(row, "measures", self.choice_list(MEASURES, "biện pháp"))
        paid = self.cell(row, "paid", lambda t: parse_money(t) if t.strip() else 0)
        if (decision_no or fine or measures) and not (decision_no and decision_date):
            for key, value in (("decision_no", decision_no), ("decision_date", decision_date)):
                if not value:
                    self.problem(
                        row.number, key, "Ghi đủ số và ngày quyết định xử phạt (hoặc để trống cả hai)."
                    )
        if case is None or record_date is None:
            return  # the checks below compare with the case and the record's date
        existing = Sanction.objects.filter(case=case, record_no=record_no).first()
        named = {p.column for p in self.problems[before:]}
        plan = Plan(case, record_no, record_date, route, subject, None, paid or 0, existing)
        if existing is None:
            errors = services.violation_errors(
                case, record_no=record_no, record_date=record_date, route=route
            )
            self.field_errors(row.number, ValidationError(errors or {}), FIELDS, named)
        elif existing.record_date != record_date or existing.route != route:
            self.problem(
                row.number,
                "record_date",
                f"Biên bản {record_no} đã ghi ngày {existing.record_date:%d/%m/%Y} "
                f"({existing.get_route_display()}): sửa trên trang vụ việc, kèm lý do.",
            )
        decided = bool(existing and existing.decision_no)
        fine_now = existing.fine_decided if decided and existing else fine or 0
        if decision_no and decided and existing is not None:
            same = (
                existing.decision_no == decision_no
                and existing.decision_date == decision_date
                and existing.fine_decided == fine
                and sorted(set(measures or [])) == existing.measures
            )
            if not same:
                self.problem(
                    row.number,
                    "decision_no",
                    f"Biên bản {record_no} đã có quyết định {existing.decision_no}: sửa trên trang vụ việc.",
                )
        elif decision_no and decision_date:
            plan.decision = {
                "decision_no": decision_no,
                "decision_date": decision_date,
                "fine": fine or 0,
                "measures": measures or [],
            }
            errors = services.decision_errors(
                case,
                record_date=record_date,
                decided_already=False,
                decision_no=decision_no,
                decision_date=decision_date,
                fine=fine or 0,
                measures=measures or [],
            )
            self.field_errors(row.number, ValidationError(errors or {}), FIELDS, named)
        already = existing.fine_paid if existing else 0
        if plan.paid < already:
            self.problem(
                row.number,
                "paid",
                f"Đã ghi nộp {already:,} đ, nhiều hơn số trong tệp: khoản nộp không giảm bằng nhập.".replace(
                    ",", "."
                ),
            )
        elif plan.paid > already:
            error = services.payment_error(
                decided=decided or plan.decision is not None,
                paid=already,
                fine=fine_now,
                amount=plan.paid - already,
            )
            if error:
                self.problem(row.number, "paid", error)
        if len(self.problems) == before:
            record.data, record.existing = plan, existing.pk if existing else None


def check(
    actor: User, source_system: str, rows: list[SheetRow], progress: ProgressFn
) -> tuple[list[Record], list[Problem], list[Problem]]:
    reader = Reader(actor, source_system)
    records: dict[tuple[str, str], Record] = {}
    for row in rows:
        key = (row.cells.get("case", "").strip(), row.cells.get("record_no", "").strip())
        if key in records:
            first = records[key].rows[0].number
            reader.problem(
                row.number, "record_no", f"Trùng biên bản với dòng {first}: mỗi biên bản một dòng."
            )
            continue
        records[key] = Record(f"{key[0]} · {key[1]}", [row])
    for i, record in enumerate(records.values()):
        reader.read(record)
        if i % 200 == 0:
            progress(i, len(records))
    return list(records.values()), reader.problems, reader.notes


def _write(actor: User, plan: Plan) -> tuple[Sanction, str]:
    sanction = plan.existing
    outcome = "unchanged"
    if sanction is None:
        sanction = services.record_violation(
            actor,
            plan.case,
            record_no=plan.record_no,
            record_date=plan.record_date,
            route=plan.route,
            subject=plan.subject,
        )
        outcome = "created"
    if plan.decision is not None:
        sanction = services.decide_sanction(actor, sanction, **plan.decision)
        outcome = "updated" if outcome == "unchanged" else outcome
    sanction.refresh_from_db(fields=["fine_paid"])
    if plan.paid > sanction.fine_paid:
        services.record_payment(actor, sanction, plan.paid - sanction.fine_paid)
        outcome = "updated" if outcome == "unchanged" else outcome
    return sanction, outcome


def commit(actor: User, source_system: str, records: list[Record], progress: ProgressFn) -> dict[str, Any]:
    """All or nothing: each row through the same services as the case page's forms."""

    def write(record: Record, _outcomes: Outcomes) -> Written:
        plan: Plan = record.data
        sanction, outcome = _write(actor, plan)
        label = f"{plan.case.reference} · BB {plan.record_no}"
        return Written(record.key, sanction.pk, label, reverse("cases:detail", args=[plan.case.pk]), outcome)

    return write_each(records, progress, write)


KIND = register(
    Kind(
        code="sanctions",
        title=gettext_noop("Biên bản, quyết định xử phạt, nộp phạt"),
        explanation=gettext_noop(
            "Mỗi dòng là một biên bản vi phạm hành chính của một vụ việc đã có (mã hồ sơ nguồn hoặc "
            "số VV-…), kèm quyết định xử phạt và số tiền đã nộp cộng dồn nếu có. Nhập lại sẽ thêm "
            "quyết định mới ký và khoản nộp mới, không ghi trùng; điều đã quyết định thì sửa trên "
            "trang vụ việc."
        ),
        columns=COLUMNS,
        example=EXAMPLE,
        guide=guide,
        allowed=lambda user: policy.can(user, "create", Case),
        scope="cases:write",
        check=check,
        commit=commit,
        file_name="mau-nhap-xu-phat.xlsx",
        order=20,
    )
)
