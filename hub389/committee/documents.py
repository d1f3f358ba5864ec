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
    goods = flash.goods or "Không có."
    if flash.value_vnd:
        goods += f" Trị giá ước tính {format_vnd(flash.value_vnd)}."
    recipients = [f"Trưởng ban {s.committee.name}" for s in flash.steps.select_related("committee")]
    recipients.append(f"Cơ quan Thường trực {committee.name}")
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
            ("4. Biện pháp đã áp dụng", flash.measures or "Đang xác minh, xử lý."),
            ("5. Cơ quan chủ trì xử lý", flash.lead_agency.name),
        ],
        tables=[],
        signer_capacity="",
        signer_title="THỦ TRƯỞNG CƠ QUAN",
        signer_name=head_of(agency),
        issuer_name=agency.name,
        recipients=recipients,
    )
