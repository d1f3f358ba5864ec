import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hub389.reports import facts


class Command(BaseCommand):
    help = (
        "Cập nhật bảng số liệu theo ngày của báo cáo (chỉ những ngày có thay đổi); --rebuild: tính lại "
        "toàn bộ (sau khi nạp dữ liệu hàng loạt). Báo cáo tự cập nhật trước khi đọc; lệnh này chạy định kỳ "
        "để báo cáo luôn nhanh."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="tính lại mọi ngày")

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        if options["rebuild"]:
            rows = facts.rebuild()
            done = f"đã tính lại toàn bộ: {rows:,} dòng".replace(",", ".")
        else:
            done = f"đã cập nhật {facts.refresh()} ngày có thay đổi"
        self.stdout.write(f"Bảng số liệu báo cáo: {done} ({time.perf_counter() - start:.1f} s).")
