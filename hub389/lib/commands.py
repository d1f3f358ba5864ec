"""Daily management commands (reminders, escalations): one way to give them a day."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hub389.lib.dates import parse_date


class DailyCommand(BaseCommand):
    """A command run once a day; `--date dd/mm/yyyy` runs it as of another day."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default="", help="Ngày tính (dd/mm/yyyy), mặc định hôm nay")

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate()
        if options["date"]:
            parsed = parse_date(options["date"])
            if parsed is None:
                raise CommandError("Ngày không hợp lệ (dd/mm/yyyy).")
            day = parsed
        self.stdout.write(self.run(day))

    def run(self, day: datetime.date) -> str:
        """Do the day's work; the line to print."""
        raise NotImplementedError
