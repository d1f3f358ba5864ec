import datetime

from hub389.lib.commands import DailyCommand
from hub389.reports.completeness import send_reminders


class Command(DailyCommand):
    help = "Nhắc cơ quan chưa gửi báo cáo: 3 ngày trước hạn, đúng hạn và khi đã trễ. Chạy hằng ngày."

    def run(self, day: datetime.date) -> str:
        return f"{day:%d/%m/%Y}: đã nhắc {send_reminders(day)} cơ quan chưa gửi báo cáo."
