from typing import Any

from django.core.management.base import BaseCommand

from hub389.demo import DEMO_PASSWORD, load_demo
from hub389.reports.demo import load_demo_records
from hub389.tips.demo import load_demo_tips


class Command(BaseCommand):
    help = "Nạp dữ liệu minh hoạ: cán bộ và ma trận thẩm quyền của 4 tỉnh trong tài liệu gốc."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo()
        created["tips"] = load_demo_tips()
        created["cases"] = load_demo_records()
        if any(created.values()):
            self.stdout.write(f"Dữ liệu minh hoạ: {created}. Mật khẩu mọi tài khoản: {DEMO_PASSWORD}")
        else:
            self.stdout.write("Dữ liệu minh hoạ đã có, không có thay đổi.")
