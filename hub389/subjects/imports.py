"""Businesses, persons, vehicles and shops from an agency's spreadsheet: one row per subject
with the agency's own id for it. Each row is checked as the subject forms check it (CCCD and
tax code with their check digits); a subject an identifier already names is linked, not
created twice. A re-import of the same source id fills what the record lacks and never
overwrites what another source recorded: a value that disagrees is listed in the summary."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

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
from hub389.subjects import services
from hub389.subjects.models import Source, Subject, SubjectKind

COLUMNS: list[tuple[str, str]] = [
    ("source_id", "Mã bản ghi nguồn"),
    ("kind", "Loại đối tượng"),
    ("name", "Tên"),
    ("citizen_id", "Số CCCD"),
    ("tax_code", "Mã số thuế"),
    ("plate", "Biển số"),
    ("url", "Trang, tài khoản mạng (URL)"),
    ("date_of_birth", "Ngày sinh"),
    ("address", "Địa chỉ"),
    ("legal_representative", "Người đại diện theo pháp luật"),
]
LABELS = dict(COLUMNS)
EXAMPLE = [
    "VI-DU-DN-0001",
    "Tổ chức, doanh nghiệp",
    "Công ty TNHH Thương mại Minh Phát",
    "",
    "0100109106",
    "",
    "",
    "",
    "Số 5 phố Lò Đúc, Hai Bà Trưng, Hà Nội",
    "Trần Văn Minh",
]
KINDS = choices(SubjectKind.choices)
LIMITS = {"name": 250, "address": 300, "legal_representative": 120, "url": 500, "plate": 20}


def guide(user: Any = None) -> list[tuple[str, str]]:
    return [
        (
            LABELS["source_id"],
            "Bắt buộc: mã của đối tượng trong hệ thống hoặc sổ của cơ quan; nhập lại cùng mã sẽ bổ "
            "sung, không tạo trùng.",
        ),
        (
            LABELS["citizen_id"],
            "12 chữ số: mã tỉnh nơi đăng ký khai sinh (001–096), thế kỷ và giới tính, năm sinh "
            "(khớp với Ngày sinh nếu có ghi).",
        ),
        (LABELS["tax_code"], "10 chữ số, hoặc 13 ký tự có mã chi nhánh (0100109106-001)."),
        (LABELS["date_of_birth"], "dd/mm/yyyy."),
        *choice_guide(LABELS["kind"], SubjectKind.choices),
    ]


class Reader(Cells):
    def read(self, record: Record) -> None:
        row = record.rows[0]
        before = len(self.problems)
        kind = self.cell(row, "kind", self.choice(KINDS, "loại đối tượng"))
        born = self.cell(row, "date_of_birth", self.optional_date)
        values = {key: self.text(row, key, limit) for key, limit in LIMITS.items()}
        named = {p.column for p in self.problems[before:]}
        try:
            kept = services.clean(
                kind=kind or SubjectKind.PERSON,
                citizen_id=row.cells.get("citizen_id", ""),
                tax_code=row.cells.get("tax_code", ""),
                date_of_birth=born,
                **values,
            )
        except ValidationError as exc:
            self.field_errors(row.number, exc, {}, named)
            return
        if len(self.problems) == before:
            record.data = kept


def check(
    actor: Any, source_system: str, rows: list[SheetRow], progress: ProgressFn
) -> tuple[list[Record], list[Problem], list[Problem]]:
    reader = Reader(LABELS)
    records = by_source_id(reader, rows, "source_id", one_row=True)
    for i, record in enumerate(records):
        reader.read(record)
        if i % 500 == 0:
            progress(i, len(records))
    known(actor.agency, "subject", source_system, records)
    return records, reader.problems, reader.notes


def _label(subject: Subject) -> str:
    return f"{in_vietnamese(subject.get_kind_display())} #{subject.pk}"


def commit(actor: Any, source_system: str, records: list[Record], progress: ProgressFn) -> dict[str, Any]:
    """All or nothing: each subject found or created as the forms do, and its source id kept."""

    def write(record: Record, outcomes: Outcomes) -> Written:
        kept: dict[str, Any] = record.data
        ref = refs.locked(actor.agency, "subject", source_system, record.key)
        if ref is None:
            subject, created = services.find_or_create(actor, source=Source.IMPORT, **kept)
            refs.remember(actor.agency, "subject", source_system, record.key, subject.pk)
            filled, differ = ([], []) if created else services.complete(actor, subject, kept)
            outcome = "created" if created else "updated"
        else:
            subject = Subject.objects.get(pk=ref.object_id)
            filled, differ = services.complete(actor, subject, kept)
            outcome = "updated" if filled else "unchanged"
            if filled:
                refs.touch(ref)
        if differ:
            columns = ", ".join(LABELS[name] for name in differ)
            outcomes.note(record, columns, "Khác giá trị đã ghi của đối tượng: giữ giá trị đã ghi.")
        return Written(record.key, subject.pk, _label(subject), "", outcome)

    return write_each(records, progress, write)


KIND = register(
    Kind(
        code="subjects",
        title=gettext_noop("Đối tượng: doanh nghiệp, cá nhân, phương tiện, gian hàng"),
        explanation=gettext_noop(
            "Mỗi dòng là một đối tượng với mã của nó trong hệ thống của cơ quan. Đối tượng đã có "
            "cùng số CCCD, mã số thuế, biển số hoặc URL được liên kết, không tạo trùng; nhập lại "
            "chỉ bổ sung điều còn thiếu, không ghi đè điều nguồn khác đã ghi."
        ),
        columns=COLUMNS,
        example=EXAMPLE,
        guide=guide,
        allowed=lambda user: user.agency_id is not None,
        scope="subjects:write",
        check=check,
        commit=commit,
        file_name="mau-nhap-doi-tuong.xlsx",
        order=40,
    )
)
