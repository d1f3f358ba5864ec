"""Send the webhook deliveries that are due: once (cron), or every `--every` seconds (a
process beside the worker). The queue sends them after each commit; this sweep covers a queue
that lost a task (a worker killed between the commit and the send)."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from hub389.exchange.delivery import send_pending


class Command(BaseCommand):
    help = "Gửi các webhook đến hạn (hub389.exchange)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=int, default=0, help="seconds between sweeps (0: once)")

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        while True:
            counts = send_pending()
            if options["verbosity"] > 1 or (counts["sent"] or counts["failed"]):
                self.stdout.write(f"sent {counts['sent']}, failed {counts['failed']}")
            if not every:
                return
            time.sleep(every)
