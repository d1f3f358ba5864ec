import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hub389.lib.dates import parse_date
from hub389.registry.jurisdiction import find_problems
from hub389.registry.services import get_committee


class Command(BaseCommand):
    help = (
        "Liệt kê mọi địa bàn × lĩnh vực chưa có cơ quan chủ trì (GAP) hoặc có nhiều hơn một "
        "(OVERLAP), và quy tắc giao chủ trì cho cơ quan không có thẩm quyền trong lĩnh vực đó "
        "(INCOMPETENT) vào một ngày."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="ngày xét, YYYY-MM-DD hoặc dd/mm/yyyy (mặc định: hôm nay)")
        parser.add_argument(
            "--committee", help="chỉ xét địa bàn của một Ban Chỉ đạo: mã đơn vị hoặc national"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = _parse_date(options["date"]) if options["date"] else datetime.date.today()
        within = None
        if options["committee"]:
            try:
                within = get_committee(options["committee"]).area
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from exc
        count = 0
        for problem in find_problems(day, within=within):
            self.stdout.write(problem.line())
            count += 1
        self.stderr.write(f"{count} vấn đề vào ngày {day:%d/%m/%Y}")


def _parse_date(text: str) -> datetime.date:
    day = parse_date(text)
    if day is not None:
        return day
    raise CommandError(f"Ngày “{text}” không hợp lệ: dùng YYYY-MM-DD hoặc dd/mm/yyyy.")
