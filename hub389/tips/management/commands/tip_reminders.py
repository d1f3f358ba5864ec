import datetime

from hub389.lib.commands import DailyCommand
from hub389.tips.reminders import send_reminders


class Command(DailyCommand):
    help = "Nhắc hạn giải quyết tin báo (quá hạn, sắp hết hạn, chưa thông báo VKS). Chạy hằng ngày."

    def run(self, day: datetime.date) -> str:
        return f"Đã nhắc {send_reminders(day)} tin báo ({day:%d/%m/%Y})."
