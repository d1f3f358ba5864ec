"""The KPI report as an XLSX workbook (openpyxl), one sheet per breakdown."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hub389.lib.text import plain
from hub389.tips.kpi import Report, Row

HEADERS = [
    "Tên",
    "Tiếp nhận",
    "Đã thụ lý",
    "Tỷ lệ thụ lý (%)",
    "Đã giải quyết",
    "Tỷ lệ giải quyết (%)",
    "Giải quyết đúng hạn",
    "Tỷ lệ đúng hạn (%)",
    "Quá hạn",
    "Chuyển đi",
    "Trùng / không phải tin",
]


def _row(row: Row) -> list[object]:
    return [
        row.label,
        row.received,
        row.accepted,
        row.accept_rate,
        row.settled,
        row.settle_rate,
        row.on_time,
        row.on_time_rate,
        row.overdue,
        row.transferred_out,
        row.excluded,
    ]


def workbook(report: Report) -> bytes:
    wb = Workbook()
    sheets = [
        ("Theo cơ quan", [*report.agencies, report.total]),
        ("Theo kênh", report.channels),
        ("Theo nhóm hàng", report.goods),
    ]
    for index, (title, rows) in enumerate(sheets):
        ws = wb.active if index == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = title
        ws.append([f"Kết quả tiếp nhận, giải quyết tố giác, tin báo — {report.committee.name}"])
        ws.append(
            [
                f"Kỳ: {report.date_from:%d/%m/%Y} – {report.date_to:%d/%m/%Y}; số liệu tính đến "
                f"{report.as_of:%d/%m/%Y}"
            ]
        )
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([])
        ws.append(plain(HEADERS))
        for cell in ws[4]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="EEF2F6")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            ws.append(plain(_row(row)))
        for col in range(2, len(HEADERS) + 1):
            for cell in ws[get_column_letter(col)][4:]:
                cell.number_format = "0.0" if HEADERS[col - 1].endswith("(%)") else "#,##0"
        ws.column_dimensions["A"].width = 55
        for col in range(2, len(HEADERS) + 1):
            ws.column_dimensions[get_column_letter(col)].width = 14
        ws.freeze_panes = "B5"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
