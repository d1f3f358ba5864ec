"""Typed report figures from an agency's spreadsheet, for agencies whose records are not (yet)
in hub389: one row per indicator of one report (committee, report type, period). The rows of
one report are saved as its draft, as the report page saves figures typed by hand (marked as
typed, beside the computed value); other figures typed before are kept. Submitting stays a
step of its own on the report's page, after the checks are read."""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from hub389 import policy
from hub389.accounts.models import User
from hub389.exchange.imports import (
    Cells,
    Kind,
    Outcomes,
    Problem,
    ProgressFn,
    Record,
    Written,
    register,
    write_each,
)
from hub389.exchange.sheets import SheetRow
from hub389.lib.locale import in_vietnamese
from hub389.lib.text import fold
from hub389.registry.models import SteeringCommittee
from hub389.registry.services import get_committee
from hub389.reports import services
from hub389.reports.models import ReportType, Submission
from hub389.reports.regime import INDICATORS

COLUMNS: list[tuple[str, str]] = [
    ("committee", "Mã Ban Chỉ đạo"),
    ("report_type", "Loại báo cáo"),
    ("period", "Kỳ báo cáo"),
    ("indicator", "Chỉ tiêu"),
    ("value", "Số liệu"),
]
LABELS = dict(COLUMNS)
EXAMPLE = ["01", "monthly", "2026-11", "cases_total", "12"]
NAMES = {fold(code): code for code, *_ in INDICATORS} | {
    fold(in_vietnamese(name)): code for code, name, *_ in INDICATORS
}
MONTH = re.compile(r"^(?:\d{1,2}/)?(\d{1,2})/(\d{4})$")  # 11/2026, or a date cell: 01/11/2026


def guide(user: Any = None) -> list[tuple[str, str]]:
    lines = [
        (LABELS["committee"], "Mã địa bàn của Ban Chỉ đạo (tỉnh 2 chữ số, xã 5 chữ số) hoặc national."),
        (LABELS["period"], "Tháng: 2026-11 hoặc 11/2026; quý: 2026-Q4; sáu tháng: 2026-H2; năm: 2026."),
        (LABELS["value"], "Số nguyên; tiền ghi bằng đồng: 450.000.000."),
    ]
    lines += [(f"{LABELS['report_type']}: {t.code}", t.name) for t in ReportType.objects.order_by("code")]
    lines += [(f"{LABELS['indicator']}: {code}", in_vietnamese(name)) for code, name, *_ in INDICATORS]
    return lines


def _period(text: str) -> str:
    match = MONTH.match(text.strip())
    return f"{match.group(2)}-{int(match.group(1)):02d}" if match else text.strip()


@dataclass
class Report:
    committee: SteeringCommittee
    report_type: ReportType
    period: str
    typed: dict[str, str]  # indicator code → the figure as typed (the service parses it)


class Reader(Cells):
    def __init__(self, actor: User) -> None:
        super().__init__(LABELS)
        self.actor = actor
        self.types = {fold(t.code): t for t in ReportType.objects.all()} | {
            fold(t.name): t for t in ReportType.objects.all()
        }
        self.committees: dict[str, SteeringCommittee | str] = {}

    def _committee(self, text: str) -> SteeringCommittee:
        if text not in self.committees:
            try:
                committee = get_committee(text)
            except ValidationError as exc:
                self.committees[text] = exc.messages[0]
            else:
                agency = self.actor.agency
                if agency is None or agency not in services.members(committee):
                    self.committees[text] = "Cơ quan của bạn không gửi báo cáo cho Ban Chỉ đạo này."
                elif not policy.can(self.actor, "submit_report", agency):
                    self.committees[text] = "Tài khoản của bạn không gửi báo cáo cho cơ quan."
                else:
                    self.committees[text] = committee
        found = self.committees[text]
        if isinstance(found, str):
            raise ValidationError(found)
        return found

    def _type(self, text: str) -> ReportType:
        found = self.types.get(fold(text))
        if found is None:
            raise ValidationError(f"Không có loại báo cáo “{text}”: xem trang Hướng dẫn của mẫu.")
        return found

    def report_key(self, row: SheetRow) -> tuple[Any, ...]:
        """The report a row belongs to, by what its cells mean; the cells as typed when one
        cannot be read (that row's problem is named when it is read)."""
        committee, report_type = row.cells.get("committee", ""), row.cells.get("report_type", "")
        period = _period(row.cells.get("period", ""))
        try:
            found, kind = self._committee(committee), self._type(report_type)
            return (found.pk, kind.pk, kind.period(period).code)
        except ValidationError:
            return (fold(committee), fold(report_type), period)

    def read(self, record: Record) -> None:
        first = record.rows[0]
        before = len(self.problems)
        committee = self.cell(first, "committee", self._committee)
        report_type = self.cell(first, "report_type", self._type)
        period = _period(first.cells.get("period", ""))
        if report_type is not None:
            try:
                period = report_type.period(period).code
            except ValidationError as exc:
                self.problem(first.number, "period", exc.messages[0])
        typed: dict[str, str] = {}
        for row in record.rows:
            code = NAMES.get(fold(row.cells.get("indicator", "")))
            if code is None:
                self.problem(
                    row.number, "indicator", f"Không có chỉ tiêu “{row.cells.get('indicator', '')}”."
                )
                continue
            if code in typed:
                self.problem(row.number, "indicator", "Chỉ tiêu này đã có ở dòng trên của cùng báo cáo.")
                continue
            value = row.cells.get("value", "").strip()
            try:
                services.clean_figure(code, value)
            except ValidationError as exc:
                self.problem(row.number, "value", exc.messages[0])
            typed[code] = value
        if committee is None or report_type is None or len(self.problems) > before:
            return
        if services.period_locked(report_type, period):
            self.problem(first.number, "period", f"Kỳ báo cáo {period} đã khóa số liệu.")
            return
        if report_type.period(period).start > timezone.localdate():
            self.problem(
                first.number, "period", f"Kỳ báo cáo {period} chưa bắt đầu: chưa có số liệu để nhập."
            )
            return
        existing = Submission.objects.filter(
            report_type=report_type, period_code=period, committee=committee, agency=self.actor.agency
        ).first()
        if existing is not None:
            try:
                services.require_open(existing)
            except ValidationError as exc:
                self.problem(first.number, "period", exc.messages[0])
                return
            record.existing = existing.pk
        record.data = Report(committee, report_type, period, typed)


def check(
    actor: User, source_system: str, rows: list[SheetRow], progress: ProgressFn
) -> tuple[list[Record], list[Problem], list[Problem]]:
    reader = Reader(actor)
    records: dict[tuple[Any, ...], Record] = {}
    for row in rows:
        # One report however it is written ("monthly" or "Báo cáo tháng", "11/2026" or "2026-11").
        key = reader.report_key(row)
        label = " · ".join(row.cells.get(k, "") for k in ("committee", "report_type", "period"))
        records.setdefault(key, Record(label)).rows.append(row)
    for i, record in enumerate(records.values()):
        reader.read(record)
        progress(i, len(records))
    return list(records.values()), reader.problems, reader.notes


def commit(actor: User, source_system: str, records: list[Record], progress: ProgressFn) -> dict[str, Any]:
    """All or nothing: each report opened (prefilled with its computed figures) and saved as a
    draft with the figures typed before and those of the sheet."""

    def write(record: Record, _outcomes: Outcomes) -> Written:
        report: Report = record.data
        submission = services.open_submission(actor, report.report_type, report.period, report.committee)
        url = reverse("reports:submission", args=[submission.pk])
        typed = {code: services.clean_figure(code, text) for code, text in report.typed.items()}
        if record.existing is not None and all(
            submission.figures.get(code) == value for code, value in typed.items()
        ):  # sent again as it is: no new save in the report's history
            return Written(record.key, submission.pk, str(submission), url, "unchanged")
        before = dict(submission.figures), list(submission.typed)
        kept = {code: str(submission.figures[code]) for code in submission.typed}
        saved = services.save(
            actor,
            submission,
            typed={**kept, **report.typed},
            narrative=dict(submission.narrative),
            warnings_comment=submission.warnings_comment,
        )
        if record.existing is None:
            outcome = "created"
        else:
            outcome = "unchanged" if (saved.figures, saved.typed) == before else "updated"
        return Written(record.key, saved.pk, str(saved), url, outcome)

    return write_each(records, progress, write)


KIND = register(
    Kind(
        code="figures",
        title=gettext_noop("Số liệu báo cáo nhập tay"),
        explanation=gettext_noop(
            "Mỗi dòng là một chỉ tiêu của một báo cáo (Ban Chỉ đạo, loại báo cáo, kỳ). Số liệu "
            "được lưu vào bản nháp báo cáo của cơ quan, đánh dấu là nhập tay bên cạnh số tính từ "
            "hồ sơ; số nhập tay trước đó được giữ. Gửi báo cáo vẫn làm trên trang báo cáo."
        ),
        columns=COLUMNS,
        example=EXAMPLE,
        guide=guide,
        allowed=lambda user: user.agency is not None and policy.can(user, "submit_report", user.agency),
        scope="reports:write",
        check=check,
        commit=commit,
        file_name="mau-nhap-so-lieu.xlsx",
        order=50,
    )
)
