from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hub389.warehouse.models import Lot
from hub389.warehouse.services import verify


class Command(BaseCommand):
    help = "Kiểm tra chuỗi theo dõi (hash) của mọi lô tang vật, vật chứng."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify()
        if problems:
            for line in problems:
                self.stdout.write(f"BROKEN {line}")
            raise CommandError(f"{len(problems)} lô có chuỗi theo dõi không toàn vẹn.")
        self.stdout.write(f"OK: {Lot.objects.count()} lô, chuỗi theo dõi toàn vẹn.")
