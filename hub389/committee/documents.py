"""The flash report as a one-page document in the Decree 30/2020/NĐ-CP layout (the same
builder as the periodic reports: `reports.documents`)."""

from django.utils import timezone

from hub389.committee.models import FlashReport
from hub389.lib.vnformat import format_vnd
from hub389.reports.assemble import head_of
from hub389.reports.documents import ReportDocument


def flash_document(flash: FlashReport) -> ReportDocument:
    agency, committee = flash.agency, flash.committee
    at = timezone.localtime(flash.happened_at)
    where = ", ".join(
        p for p in (flash.place, flash.area.name, (flash.area.province or flash.area).name) if p
    )
    if flash.area.province is None:
        where = ", ".join(p for p in (flash.place, flash.area.name) if p)
    goods = flash.goods.strip().rstrip(".") + "." if flash.goods.strip() else "Không có."
    if flash.value_vnd:
        goods += f" Trị giá ước tính {format_vnd(flash.value_vnd)}."
    steps = list(flash.steps.select_related("committee", "acknowledged_by"))
    recipients = [f"Trưởng {s.committee.name}" for s in steps]
    recipients.append(f"Cơ quan Thường trực {committee.name}")
    directions = "\n".join(
        f"{s.acknowledged_by.full_name or s.acknowledged_by.username} ({s.committee.name}, "
        f"{timezone.localtime(s.acknowledged_at):%H:%M %d/%m/%Y}): {s.instruction}"
        for s in steps
        if s.acknowledged_at and s.acknowledged_by and s.instruction
    )
    return ReportDocument(
        parent_agency=(agency.parent.name if agency.parent else committee.name).upper(),
        issuer=agency.name.upper(),
        issuer_short=agency.short_name or agency.code,
        number=flash.number,
        place=(agency.area.province or agency.area).short_name,
        date=timezone.localdate(flash.reported_at),
        kind="BÁO CÁO NHANH",
        summary=flash.title,
        sections=[
            ("1. Thời gian, địa điểm", f"Hồi {at:%H} giờ {at:%M} ngày {at:%d/%m/%Y}, tại {where}."),
            ("2. Diễn biến sự việc", flash.what),
            ("3. Hàng hóa, tang vật", goods),
            ("4. Biện pháp đã áp dụng", flash.measures or "Chưa ghi."),
            ("5. Cơ quan chủ trì xử lý", flash.lead_agency.name),
            *([("6. Ý kiến chỉ đạo", directions)] if directions else []),
        ],
        tables=[],
        signer_capacity="",
        signer_title="THỦ TRƯỞNG CƠ QUAN",
        signer_name=head_of(agency),
        issuer_name=agency.name,
        recipients=recipients,
    )
