from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hub389.audit.services import verify_chain


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký kiểm toán / verify the audit log's hash chain."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"BROKEN at entry #{result.broken_at}: {result.problem} "
                f"({result.checked} mục trước đó hợp lệ)"
            )
        self.stdout.write(f"OK: {result.checked} mục, chuỗi nhật ký nguyên vẹn")
