from typing import Any

from django.core.management.base import BaseCommand

from hub389.demo import DEMO_PASSWORD, load_all


class Command(BaseCommand):
    help = "Nạp dữ liệu minh hoạ: cán bộ và ma trận thẩm quyền của 4 tỉnh trong tài liệu gốc."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_all()
        if any(created.values()):
            self.stdout.write(f"Dữ liệu minh hoạ: {created}. Mật khẩu mọi tài khoản: {DEMO_PASSWORD}")
        else:
            self.stdout.write("Dữ liệu minh hoạ đã có, không có thay đổi.")
