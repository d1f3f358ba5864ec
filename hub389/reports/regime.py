"""The reporting regime as data: report types (Decree 09/2019 periods; seed 003's 17th; seed
001's plan reports), the indicators and the validation rules. Loaded by migration 0002 (and by
the test fixtures after a flush); administrators edit the rows afterwards."""

from typing import Any

from django.utils.translation import gettext_noop

TYPES = [
    # code, name, period kind, level, due day, due month, upward day, lock working days, source
    (
        "monthly",
        gettext_noop("Báo cáo tháng"),
        "monthly",
        "province",
        17,
        None,
        25,
        10,
        "NĐ 09/2019 Điều 12; seed 003 mục 14",
    ),
    (
        "quarterly",
        gettext_noop("Báo cáo quý"),
        "quarterly",
        "province",
        17,
        None,
        25,
        10,
        "NĐ 09/2019 Điều 12",
    ),
    (
        "half_year",
        gettext_noop("Báo cáo 6 tháng"),
        "half_year",
        "province",
        17,
        None,
        25,
        10,
        "NĐ 09/2019 Điều 12",
    ),
    ("yearly", gettext_noop("Báo cáo năm"), "yearly", "province", 17, None, 25, 10, "NĐ 09/2019 Điều 12"),
    (
        "plan_yearly",
        gettext_noop("Báo cáo năm thực hiện Kế hoạch đến 2030"),
        "yearly",
        "province",
        25,
        9,
        25,
        10,
        "seed 001 IV.3: trước ngày 25 tháng 9",
    ),
    ("campaign", gettext_noop("Báo cáo đợt cao điểm"), "range", "province", 3, None, 5, 5, "seed 000, 004"),
    # Range reports count their due day in days after the period's end: a period ending on 14/12
    # is due on 25/12 (seed 001 IV.3: mid-term before 25/12/2027, final before 25/12/2030).
    (
        "plan_midterm",
        gettext_noop("Báo cáo sơ kết Kế hoạch đến 2030"),
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
        gettext_noop("Báo cáo tổng kết Kế hoạch đến 2030"),
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
    (
        "cases_total",
        gettext_noop("Tổng số vụ việc phát hiện, xử lý"),
        gettext_noop("Vụ việc"),
        gettext_noop("vụ"),
    ),
    (
        "cases_smuggling",
        gettext_noop("Buôn lậu, vận chuyển trái phép, hàng cấm"),
        gettext_noop("Vụ việc"),
        gettext_noop("vụ"),
    ),
    (
        "cases_fraud",
        gettext_noop("Gian lận thương mại, gian lận thuế"),
        gettext_noop("Vụ việc"),
        gettext_noop("vụ"),
    ),
    (
        "cases_counterfeit_ip",
        gettext_noop("Hàng giả, xâm phạm sở hữu trí tuệ"),
        gettext_noop("Vụ việc"),
        gettext_noop("vụ"),
    ),
    (
        "cases_unknown_origin",
        gettext_noop("Hàng không rõ nguồn gốc xuất xứ"),
        gettext_noop("Vụ việc"),
        gettext_noop("vụ"),
    ),
    ("violators", gettext_noop("Đối tượng vi phạm"), gettext_noop("Vụ việc"), gettext_noop("đối tượng")),
    ("goods_value", gettext_noop("Trị giá hàng hóa vi phạm"), gettext_noop("Vụ việc"), gettext_noop("đồng")),
    (
        "sanctions",
        gettext_noop("Quyết định xử phạt vi phạm hành chính"),
        gettext_noop("Xử lý"),
        gettext_noop("quyết định"),
    ),
    ("fines_decided", gettext_noop("Tiền phạt theo quyết định"), gettext_noop("Xử lý"), gettext_noop("đồng")),
    ("fines_paid", gettext_noop("Tiền phạt đã thu"), gettext_noop("Xử lý"), gettext_noop("đồng")),
    (
        "budget_collected",
        gettext_noop("Thu nộp ngân sách nhà nước (tiền phạt, bán tang vật)"),
        gettext_noop("Xử lý"),
        gettext_noop("đồng"),
    ),
    ("referrals", gettext_noop("Vụ chuyển cơ quan tố tụng"), gettext_noop("Hình sự"), gettext_noop("vụ")),
    ("prosecuted", gettext_noop("Vụ án khởi tố"), gettext_noop("Hình sự"), gettext_noop("vụ")),
    ("defendants", gettext_noop("Bị can"), gettext_noop("Hình sự"), gettext_noop("người")),
    ("tips_received", gettext_noop("Tin báo tiếp nhận"), gettext_noop("Tin báo"), gettext_noop("tin")),
    ("tips_accepted", gettext_noop("Tin báo thụ lý"), gettext_noop("Tin báo"), gettext_noop("tin")),
    ("tips_settled", gettext_noop("Tin báo giải quyết"), gettext_noop("Tin báo"), gettext_noop("tin")),
    ("tips_overdue", gettext_noop("Tin báo quá hạn"), gettext_noop("Tin báo"), gettext_noop("tin")),
    ("tasks_done", gettext_noop("Lượt nhiệm vụ hoàn thành"), gettext_noop("Nhiệm vụ"), gettext_noop("lượt")),
    ("tasks_overdue", gettext_noop("Lượt nhiệm vụ quá hạn"), gettext_noop("Nhiệm vụ"), gettext_noop("lượt")),
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
