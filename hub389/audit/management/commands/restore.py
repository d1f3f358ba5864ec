"""`manage.py restore DIR`: a backup into an empty database and storage, then every table,
file and chain checked against its manifest (hub389.backup). Fails when anything differs."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hub389 import backup


class Command(BaseCommand):
    help = "Khôi phục bản sao lưu vào cơ sở dữ liệu và kho tệp trống / restore a backup."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            problems = backup.restore(directory)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if problems:
            raise CommandError("Khôi phục KHÔNG khớp bản sao lưu:\n" + "\n".join(problems))
        self.stdout.write("OK: mọi bảng, tệp, chuỗi nhật ký và chuỗi lưu giữ khớp bản sao lưu")
