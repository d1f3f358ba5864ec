from typing import Any

from django.core.management.base import BaseCommand

from hub389.registry.loader import load_registry


class Command(BaseCommand):
    help = "Nạp danh mục: 34 tỉnh, mọi xã/phường/đặc khu, cơ quan, Ban Chỉ đạo, lĩnh vực, nhóm hàng."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_registry()
        if result.changed:
            created = ", ".join(f"{k}+{v}" for k, v in result.created.items() if v)
            updated = ", ".join(f"{k}~{v}" for k, v in result.updated.items() if v)
            self.stdout.write(f"Đã cập nhật danh mục: {created} {updated}".strip())
        else:
            self.stdout.write("Danh mục đã đầy đủ, không có thay đổi.")
        self.stdout.write(result.summary())
