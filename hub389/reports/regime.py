"""The reporting regime as data: report types (Decree 09/2019 periods; seed 003's 17th; seed
001's plan reports), the indicators and the validation rules. Loaded by migration 0002 (and by
the test fixtures after a flush); administrators edit the rows afterwards."""

from typing import Any

from django.utils.translation import gettext_noop as N_

TYPES = [
    # code, name, period kind, level, due day, due month, upward day, lock working days, source
    (
        "monthly",
        N_("Báo cáo tháng"),
        "monthly",
        "province",
        17,
        None,
        25,
        10,
        "NĐ 09/2019 Điều 12; seed 003 mục 14",
    ),
    ("quarterly", N_("Báo cáo quý"), "quarterly", "province", 17, None, 25, 10, "NĐ 09/2019 Điều 12"),
    ("half_year", N_("Báo cáo 6 tháng"), "half_year", "province", 17, None, 25, 10, "NĐ 09/2019 Điều 12"),
    ("yearly", N_("Báo cáo năm"), "yearly", "province", 17, None, 25, 10, "NĐ 09/2019 Điều 12"),
    (
        "plan_yearly",
        N_("Báo cáo năm thực hiện Kế hoạch đến 2030"),
        "yearly",
        "province",
        25,
        9,
        25,
        10,
        "seed 001 IV.3: trước ngày 25 tháng 9",
    ),
    ("campaign", N_("Báo cáo đợt cao điểm"), "range", "province", 3, None, 5, 5, "seed 000, 004"),
    # Range reports count their due day in days after the period's end: a period ending on 14/12
    # is due on 25/12 (seed 001 IV.3: mid-term before 25/12/2027, final before 25/12/2030).
    (
        "plan_midterm",
        N_("Báo cáo sơ kết Kế hoạch đến 2030"),
        "range",
        "province",
        11,
        None,
        11,
        10,
        "seed 001 IV.3",
    ),
    (
        "plan_final",
        N_("Báo cáo tổng kết Kế hoạch đến 2030"),
        "range",
        "province",
        11,
        None,
        11,
        10,
        "seed 001 IV.3",
    ),
]

INDICATORS = [
    # code, name, section, unit
    ("cases_total", N_("Tổng số vụ việc phát hiện, xử lý"), N_("Vụ việc"), N_("vụ")),
    ("cases_smuggling", N_("Buôn lậu, vận chuyển trái phép, hàng cấm"), N_("Vụ việc"), N_("vụ")),
    ("cases_fraud", N_("Gian lận thương mại, gian lận thuế"), N_("Vụ việc"), N_("vụ")),
    ("cases_counterfeit_ip", N_("Hàng giả, xâm phạm sở hữu trí tuệ"), N_("Vụ việc"), N_("vụ")),
    ("cases_unknown_origin", N_("Hàng không rõ nguồn gốc xuất xứ"), N_("Vụ việc"), N_("vụ")),
    ("violators", N_("Đối tượng vi phạm"), N_("Vụ việc"), N_("đối tượng")),
    ("goods_value", N_("Trị giá hàng hóa vi phạm"), N_("Vụ việc"), N_("đồng")),
    ("sanctions", N_("Quyết định xử phạt vi phạm hành chính"), N_("Xử lý"), N_("quyết định")),
    ("fines_decided", N_("Tiền phạt theo quyết định"), N_("Xử lý"), N_("đồng")),
    ("fines_paid", N_("Tiền phạt đã thu"), N_("Xử lý"), N_("đồng")),
    ("budget_collected", N_("Thu nộp ngân sách nhà nước (tiền phạt, bán tang vật)"), N_("Xử lý"), N_("đồng")),
    ("referrals", N_("Vụ chuyển cơ quan tố tụng"), N_("Hình sự"), N_("vụ")),
    ("prosecuted", N_("Vụ án khởi tố"), N_("Hình sự"), N_("vụ")),
    ("defendants", N_("Bị can"), N_("Hình sự"), N_("người")),
    ("tips_received", N_("Tin báo tiếp nhận"), N_("Tin báo"), N_("tin")),
    ("tips_accepted", N_("Tin báo thụ lý"), N_("Tin báo"), N_("tin")),
    ("tips_settled", N_("Tin báo giải quyết"), N_("Tin báo"), N_("tin")),
    ("tips_overdue", N_("Tin báo quá hạn"), N_("Tin báo"), N_("tin")),
    ("tasks_done", N_("Lượt nhiệm vụ hoàn thành"), N_("Nhiệm vụ"), N_("lượt")),
    ("tasks_overdue", N_("Lượt nhiệm vụ quá hạn"), N_("Nhiệm vụ"), N_("lượt")),
]

RULES = [
    # code, left, operator, right, importance, message
    (
        "cases_by_kind",
        "cases_smuggling + cases_fraud + cases_counterfeit_ip + cases_unknown_origin",
        "==",
        "cases_total",
        "error",
        "Tổng số vụ theo loại vi phạm phải bằng tổng số vụ việc",
    ),
    (
        "fines_paid",
        "fines_paid",
        "<=",
        "fines_decided",
        "error",
        "Tiền phạt đã thu không được lớn hơn tiền phạt đã quyết định",
    ),
    (
        "budget",
        "fines_paid",
        "<=",
        "budget_collected",
        "error",
        "Thu nộp ngân sách phải gồm tiền phạt đã thu",
    ),
    ("defendants", "defendants", ">=", "prosecuted", "error", "Số bị can không được ít hơn số vụ án khởi tố"),
    (
        "tips_accept_all",
        "tips_accepted",
        ">=",
        "tips_received",
        "warning",
        "Chưa thụ lý hết tin báo tiếp nhận (chỉ tiêu thụ lý 100%)",
    ),
]


# A campaign report's day is ours (seeds 000 and 004 give none): "within 3 days", so "by".
DUE_PHRASE = {"campaign": "by"}


def load(report_type: Any, indicator: Any, rule: Any) -> None:
    """Create or refresh the rows, given the three model classes (real or historical)."""
    fields = {f.name for f in report_type._meta.get_fields()}
    for code, name, kind, level, due, month, upward, lock, source in TYPES:
        values = {
            "name": name,
            "period_kind": kind,
            "level": level,
            "due_day": due,
            "due_month": month,
            "upward_due_day": upward,
            "lock_working_days": lock,
            "source": source,
            # Every member deadline in the seeds says "trước ngày" (before: the last day is the
            # day before); Decree 09/2019 Art. 13 gives the province's "chậm nhất ngày" (by).
            "due_phrase": DUE_PHRASE.get(code, "before"),
            "upward_due_phrase": "by",
        }
        # An older migration passes a historical model without the later columns.
        report_type.objects.update_or_create(
            code=code, defaults={k: v for k, v in values.items() if k in fields}
        )
    for order, (code, name, section, unit) in enumerate(INDICATORS):
        indicator.objects.update_or_create(
            code=code, defaults={"name": name, "section": section, "unit": unit, "sort_order": order}
        )
    for code, left, op, right, importance, message in RULES:
        rule.objects.update_or_create(
            code=code,
            defaults={
                "left": left,
                "operator": op,
                "right": right,
                "importance": importance,
                "message": message,
            },
        )


def load_current() -> None:
    from hub389.reports.models import Indicator, ReportType, ValidationRule

    load(ReportType, Indicator, ValidationRule)
