"""Daily upkeep of the API's own tables: the calls log kept for `--days` (365 by default: a
year of who called what, as the audit needs; the writes themselves stay in the audit chain
for ever) and the Idempotency-Key answers past their 24 hours."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from hub389.api.idempotency import KEPT
from hub389.api.models import ApiCall, IdempotentRequest


class Command(BaseCommand):
    help = "Xoá nhật ký gọi API quá hạn lưu và các khoá Idempotency-Key đã hết 24 giờ."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=365, help="days of calls kept (at least 30)")

    def handle(self, *args: Any, days: int = 365, **options: Any) -> None:
        days = max(days, 30)
        now = timezone.now()
        calls, _ = ApiCall.objects.filter(at__lt=now - datetime.timedelta(days=days)).delete()
        keys, _ = IdempotentRequest.objects.filter(created_at__lt=now - KEPT).delete()
        self.stdout.write(f"calls {calls}, idempotency keys {keys}")
