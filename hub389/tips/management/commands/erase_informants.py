import datetime

from django.conf import settings

from hub389.lib.commands import DailyCommand
from hub389.tips.retention import erase_closed


class Command(DailyCommand):
    help = (
        "Xoá danh tính, liên lạc, mã tra cứu và tệp của người báo tin khi tin đã đóng quá thời hạn "
        "lưu giữ (HUB389_INFORMANT_RETENTION_DAYS). Chạy hằng ngày."
    )

    def run(self, day: datetime.date) -> str:
        days = settings.HUB389_INFORMANT_RETENTION_DAYS
        erased = erase_closed(day)
        return f"Đã xoá thông tin người báo của {erased} tin báo đóng quá {days} ngày ({day:%d/%m/%Y})."
