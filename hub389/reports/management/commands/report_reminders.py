from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hub389.lib.dates import parse_date
from hub389.reports.completeness import send_reminders


class Command(BaseCommand):
    help = "Nhắc cơ quan chưa gửi báo cáo: 3 ngày trước hạn, đúng hạn và khi đã trễ. Chạy hằng ngày."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default="", help="Ngày tính (dd/mm/yyyy), mặc định hôm nay")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            parsed = parse_date(options["date"])
            if parsed is None:
                raise CommandError("Ngày không hợp lệ (dd/mm/yyyy).")
            today = parsed
        count = send_reminders(today)
        self.stdout.write(f"{today:%d/%m/%Y}: đã nhắc {count} cơ quan chưa gửi báo cáo.")
