"""The case list as a spreadsheet: the same rows as the page (`cases.search.filtered`)."""

import io

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from hub389.cases.models import Case
from hub389.lib.text import plain

XLSX_ROWS = 50_000


def xlsx(qs: QuerySet[Case]) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Vụ việc"
    ws.append(
        [
            "Số",
            "Ngày phát hiện",
            "Cơ quan",
            "Địa bàn",
            "Tóm tắt",
            "Loại vi phạm",
            "Nhóm hàng",
            "Kênh",
            "Trị giá hàng (đồng)",
            "Trạng thái",
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for case in qs.order_by("-detected_on", "-pk")[:XLSX_ROWS]:
        ws.append(
            plain(
                [
                    case.reference,
                    case.detected_on,
                    case.owner.name,
                    case.area.name,
                    case.summary,
                    "; ".join(str(v.get_kind_display()) for v in case.violations.all()),
                    case.goods_group.name if case.goods_group else "",
                    case.get_channel_display(),
                    case.goods_value,
                    case.get_status_display(),
                ]
            )
        )
        ws.cell(ws.max_row, 2).number_format = "DD/MM/YYYY"
        ws.cell(ws.max_row, 9).number_format = "#,##0"
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="vu-viec-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
