from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hub389.lib.dates import parse_date
from hub389.registry.services import get_committee
from hub389.tips import kpi


class Command(BaseCommand):
    help = "In bảng chỉ tiêu tiếp nhận, giải quyết tin báo của một Ban Chỉ đạo trong một kỳ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help='Mã đơn vị: "01", "00070" hoặc "national"')
        parser.add_argument("--from", dest="date_from", required=True, help="Từ ngày (dd/mm/yyyy)")
        parser.add_argument("--to", dest="date_to", required=True, help="Đến ngày (dd/mm/yyyy)")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = parse_date(options["date_from"]), parse_date(options["date_to"])
        if start is None or end is None:
            raise CommandError("Ngày không hợp lệ (dd/mm/yyyy).")
        if end < start:
            raise CommandError("Ngày kết thúc trước ngày bắt đầu.")
        try:
            committee = get_committee(options["committee"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        report = kpi.compute(committee, start, end, timezone.localdate())
        self.stdout.write(
            f"{committee.name} · {start:%d/%m/%Y} – {end:%d/%m/%Y} (tính đến {report.as_of:%d/%m/%Y})"
        )
        for line in kpi.table_lines(report):
            self.stdout.write(line)
