import datetime

from hub389.lib.commands import DailyCommand
from hub389.plans.services import escalate_overdue


class Command(DailyCommand):
    help = "Đẩy nhiệm vụ quá hạn lên thủ trưởng cơ quan chủ trì, rồi lên Cơ quan Thường trực. Chạy hằng ngày."

    def run(self, day: datetime.date) -> str:
        counts = escalate_overdue(day)
        return (
            f"{day:%d/%m/%Y}: báo thủ trưởng {counts['heads']} lần thực hiện quá hạn, "
            f"báo Cơ quan Thường trực {counts['standing_office']}."
        )
