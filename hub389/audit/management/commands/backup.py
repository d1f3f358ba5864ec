"""`manage.py backup DIR`: the database (one snapshot), the stored files and a manifest with
each table's count and checksum, each file's hash and the audit chain's head (hub389.backup)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hub389 import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu, các tệp và bản kê kiểm tra / back up the database and files."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("directory", type=Path, help="a new, empty directory")

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            manifest = backup.backup(directory)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"OK: {len(manifest['tables'])} bảng, {rows} dòng, {len(manifest['files'])} tệp, "
            f"nhật ký {manifest['audit_head']['count']} mục → {directory}"
        )
