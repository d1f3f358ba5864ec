from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hub389.lib.dates import parse_date
from hub389.plans.services import escalate_overdue


class Command(BaseCommand):
    help = "Đẩy nhiệm vụ quá hạn lên thủ trưởng cơ quan chủ trì, rồi lên Cơ quan Thường trực. Chạy hằng ngày."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default="", help="Ngày tính (dd/mm/yyyy), mặc định hôm nay")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            parsed = parse_date(options["date"])
            if parsed is None:
                raise CommandError("Ngày không hợp lệ (dd/mm/yyyy).")
            today = parsed
        counts = escalate_overdue(today)
        self.stdout.write(
            f"{today:%d/%m/%Y}: báo thủ trưởng {counts['heads']} lần thực hiện quá hạn, "
            f"báo Cơ quan Thường trực {counts['standing_office']}."
        )
