"""The reporting regime as data: report types (Decree 09/2019 periods; seed 003's 17th; seed
001's plan reports), the indicators and the validation rules. Loaded by migration 0002 (and by
the test fixtures after a flush); administrators edit the rows afterwards."""

from typing import Any

TYPES = [
    # code, name, period kind, level, due day, due month, upward day, lock working days, source
    (
        "monthly",
        "Báo cáo tháng",
        "monthly",
        "province",
        17,
        None,
        25,
        10,
        "NĐ 09/2019 Điều 12; seed 003 mục 14",
    ),
    ("quarterly", "Báo cáo quý", "quarterly", "province", 17, None, 25, 10, "NĐ 09/2019 Điều 12"),
    ("half_year", "Báo cáo 6 tháng", "half_year", "province", 17, None, 25, 10, "NĐ 09/2019 Điều 12"),
    ("yearly", "Báo cáo năm", "yearly", "province", 17, None, 25, 10, "NĐ 09/2019 Điều 12"),
    (
        "plan_yearly",
        "Báo cáo năm thực hiện Kế hoạch đến 2030",
        "yearly",
        "province",
        25,
        9,
        25,
        10,
        "seed 001 IV.3: trước ngày 25 tháng 9",
    ),
    ("campaign", "Báo cáo đợt cao điểm", "range", "province", 3, None, 5, 5, "seed 000, 004"),
    # Range reports count their due day in days after the period's end: a period ending on 14/12
    # is due on 25/12 (seed 001 IV.3: mid-term before 25/12/2027, final before 25/12/2030).
    (
        "plan_midterm",
        "Báo cáo sơ kết Kế hoạch đến 2030",
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
        "Báo cáo tổng kết Kế hoạch đến 2030",
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
    ("cases_total", "Tổng số vụ việc phát hiện, xử lý", "Vụ việc", "vụ"),
    ("cases_smuggling", "Buôn lậu, vận chuyển trái phép, hàng cấm", "Vụ việc", "vụ"),
    ("cases_fraud", "Gian lận thương mại, gian lận thuế", "Vụ việc", "vụ"),
    ("cases_counterfeit_ip", "Hàng giả, xâm phạm sở hữu trí tuệ", "Vụ việc", "vụ"),
    ("cases_unknown_origin", "Hàng không rõ nguồn gốc xuất xứ", "Vụ việc", "vụ"),
    ("violators", "Đối tượng vi phạm", "Vụ việc", "đối tượng"),
    ("goods_value", "Trị giá hàng hóa vi phạm", "Vụ việc", "đồng"),
    ("sanctions", "Quyết định xử phạt vi phạm hành chính", "Xử lý", "quyết định"),
    ("fines_decided", "Tiền phạt theo quyết định", "Xử lý", "đồng"),
    ("fines_paid", "Tiền phạt đã thu", "Xử lý", "đồng"),
    ("budget_collected", "Thu nộp ngân sách nhà nước (tiền phạt, bán tang vật)", "Xử lý", "đồng"),
    ("referrals", "Vụ chuyển cơ quan tố tụng", "Hình sự", "vụ"),
    ("prosecuted", "Vụ án khởi tố", "Hình sự", "vụ"),
    ("defendants", "Bị can", "Hình sự", "người"),
    ("tips_received", "Tin báo tiếp nhận", "Tin báo", "tin"),
    ("tips_accepted", "Tin báo thụ lý", "Tin báo", "tin"),
    ("tips_settled", "Tin báo giải quyết", "Tin báo", "tin"),
    ("tips_overdue", "Tin báo quá hạn", "Tin báo", "tin"),
    ("tasks_done", "Lượt nhiệm vụ hoàn thành", "Nhiệm vụ", "lượt"),
    ("tasks_overdue", "Lượt nhiệm vụ quá hạn", "Nhiệm vụ", "lượt"),
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
