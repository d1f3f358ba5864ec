"""Make tips of the citizens' intake rows still pending: once (cron), or every `--every`
seconds (a process beside the worker). The queue runs them after each receipt; this sweep
covers a queue that lost its task (a worker killed after the citizen got the receipt)."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from hub389.tips.intake import MAX_ATTEMPTS, pending, process_pending
from hub389.tips.models import IntakeState, TipIntake


class Command(BaseCommand):
    help = "Vào sổ các tin báo trực tuyến đang chờ (hub389.tips.intake)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=float, default=0, help="seconds between sweeps (0: once)")
        parser.add_argument(
            "--retry-failed", action="store_true", help="try again the rows given up on (after a fix)"
        )

    def handle(self, *args: Any, every: float = 0, **options: Any) -> None:
        if options["retry_failed"]:
            again = TipIntake.objects.filter(state=IntakeState.FAILED).update(attempts=0, next_try_at=None)
            self.stdout.write(f"retrying {again}")
        while True:
            done = process_pending()
            stuck = TipIntake.objects.filter(state=IntakeState.FAILED, attempts__gte=MAX_ATTEMPTS)
            if options["verbosity"] > 1 or done or stuck.exists():
                self.stdout.write(f"processed {done}, pending {pending().count()}, given up {stuck.count()}")
            if options["verbosity"] > 1:
                for row in stuck.only("pk", "received_at", "error"):
                    self.stdout.write(f"  #{row.pk} {row.received_at:%d/%m/%Y %H:%M}: {row.error}")
            if not every:
                return
            time.sleep(every)
