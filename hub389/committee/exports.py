"""The register of recommendations as XLSX: the same rows as the page (`policy.visible`),
one line per recommendation, by status."""

import io

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from hub389.committee.models import Handling, Recommendation

COLUMNS = [
    ("Số", 10),
    ("Cơ quan kiến nghị", 28),
    ("Ngày", 12),
    ("Vướng mắc", 50),
    ("Văn bản, điều khoản", 30),
    ("Kiến nghị", 50),
    ("Cấp nhận", 24),
    ("Đã chuyển tới", 36),
    ("Tình trạng", 14),
    ("Ngày cập nhật", 14),
    ("Gộp vào", 12),
]


def recommendations_xlsx(rows: QuerySet[Recommendation]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kiến nghị"
    sheet.append([name for name, _ in COLUMNS])
    for i, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = width
        sheet.cell(1, i).font = Font(bold=True)
    ordered = sorted(
        rows.select_related("agency", "merged_into").prefetch_related("forwardings"),
        key=lambda r: (list(Handling.values).index(r.status), r.year, r.number),
    )
    for r in ordered:
        sheet.append(
            [
                r.reference,
                r.agency.name,
                r.raised_on,
                f"{r.title}\n{r.obstacle}",
                ", ".join(p for p in (r.legal_text, r.article) if p),
                r.proposal,
                r.get_level_display() + (f" ({r.addressed_to})" if r.addressed_to else ""),
                "; ".join(f"{f.body} ({f.document_no}, {f.sent_on:%d/%m/%Y})" for f in r.forwardings.all()),
                r.get_status_display(),
                r.status_on,
                r.merged_into.reference if r.merged_into else "",
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if hasattr(cell.value, "year"):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
