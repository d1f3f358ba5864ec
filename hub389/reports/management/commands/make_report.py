from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hub389.registry.services import get_committee
from hub389.reports import assemble
from hub389.reports.jobs import write
from hub389.reports.models import ReportType, report_slug


class Command(BaseCommand):
    help = (
        "Viết báo cáo tổng hợp của Ban Chỉ đạo (DOCX theo Nghị định 30/2020, XLSX phụ lục, PDF): "
        "--type monthly --committee 01 --period 2026-10 [--out thư-mục] [--no-pdf]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--type", required=True, help="Mã loại báo cáo: monthly, quarterly, half_year, yearly…"
        )
        parser.add_argument("--committee", required=True, help="Mã đơn vị (01 là Hà Nội) hoặc national")
        parser.add_argument("--period", required=True, help="Kỳ: 2026-10, 2026-Q4, 2026-H1, 2026")
        parser.add_argument("--out", default="var/reports")
        parser.add_argument("--no-pdf", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        report_type = ReportType.objects.filter(code=options["type"]).first()
        if report_type is None:
            known = ", ".join(ReportType.objects.values_list("code", flat=True))
            raise CommandError(f"Không có loại báo cáo “{options['type']}” (có: {known}).")
        try:
            committee = get_committee(options["committee"])
            period = report_type.period(options["period"])
            doc = assemble.consolidated(report_type, period.code, committee)
            files = write(doc, with_pdf=not options["no_pdf"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        stem = f"{report_slug(report_type, period)}-bcd389-{committee.code}"
        for ext, data in files.items():
            path = out / f"{stem}.{ext}"
            path.write_bytes(data)
            self.stdout.write(str(path))
        dates = f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}"
        number = "Dự thảo (số cấp khi gửi báo cáo)" if doc.draft else doc.number_line
        self.stdout.write(f"{number} · {committee.name} · {period.label} ({dates})")
