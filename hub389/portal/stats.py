"""Open statistics: the monthly figures of each province exactly as its committee reported them
to the nation: the consolidated report approved by the national standing office (approval locks
the report's figures), nothing computed live, so the public number is the reported one. A
province whose report is not approved yet is listed as "not yet published", never estimated.

Figures by goods group are not in the reports (the reporting regime counts by kind of
violation), so they are not published here: publishing live counts beside reported ones would
give two numbers for one thing."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _

from hub389.lib import periods
from hub389.portal import services
from hub389.registry.models import AreaKind, Level, SteeringCommittee
from hub389.reports.models import Indicator, ReportType, Submission, SubmissionStatus

# The indicators the portal publishes and what each means, versioned: a change of meaning is a
# new version, and the API says which version a figure follows.
DEFINITIONS_VERSION = "2026.1"
PUBLISHED = (
    ("cases_total", "Mọi vụ việc được phát hiện trong kỳ (theo ngày phát hiện), mỗi vụ một lần."),
    ("cases_smuggling", "Vụ việc có hành vi chính là buôn lậu, vận chuyển trái phép, hàng cấm."),
    ("cases_fraud", "Vụ việc có hành vi chính là gian lận thương mại, gian lận thuế, xuất xứ."),
    (
        "cases_counterfeit_ip",
        "Vụ việc có hành vi chính là hàng giả, kém chất lượng, xâm phạm sở hữu trí tuệ.",
    ),
    ("cases_unknown_origin", "Vụ việc có hành vi chính là hàng không rõ nguồn gốc xuất xứ."),
    ("violators", "Số đối tượng (tổ chức, cá nhân) vi phạm khác nhau trong các vụ việc của kỳ."),
    ("goods_value", "Tổng trị giá hàng hóa vi phạm ghi trong các vụ việc của kỳ, đồng."),
    ("sanctions", "Quyết định xử phạt vi phạm hành chính ký trong kỳ (không tính quyết định đã hủy)."),
    ("fines_decided", "Tổng tiền phạt theo các quyết định ký trong kỳ, đồng."),
    ("budget_collected", "Tiền phạt đã thu và tiền bán tang vật nộp ngân sách trong kỳ, đồng."),
    ("prosecuted", "Vụ án hình sự được khởi tố trong kỳ."),
    ("defendants", "Bị can bị khởi tố trong kỳ."),
)
CODES = tuple(code for code, _text in PUBLISHED)
MONEY = frozenset({"goods_value", "fines_decided", "budget_collected"})


@dataclass
class Month:
    period: periods.Period
    rows: list[dict[str, Any]] = field(default_factory=list)  # per province: name, code, figures
    missing: list[str] = field(default_factory=list)  # provinces not yet published
    totals: dict[str, int] = field(default_factory=dict)
    last_year: dict[str, int] | None = None  # the same provinces' totals a year before


def _monthly() -> ReportType | None:
    return ReportType.objects.filter(code="monthly").first()


def _national() -> SteeringCommittee | None:
    return SteeringCommittee.objects.filter(level=Level.NATIONAL).first()


def approved(report_type: ReportType, committee: SteeringCommittee) -> Any:
    """The provinces' consolidated reports the nation has approved."""
    return Submission.objects.filter(
        report_type=report_type,
        committee=committee,
        source_committee__isnull=False,
        status=SubmissionStatus.APPROVED,
    )


def published_periods() -> list[str]:
    """The monthly periods with at least one approved province report, newest first."""
    monthly, national = _monthly(), _national()
    if monthly is None or national is None:
        return []
    codes = approved(monthly, national).values_list("period_code", flat=True).distinct()
    return sorted(set(codes), reverse=True)


def _figures(submission: Submission) -> dict[str, int]:
    return {code: int(submission.figures.get(code, 0) or 0) for code in CODES}


def month(code: str) -> Month | None:
    """The published figures of the monthly period `code`, by province, with the totals and
    the same provinces' totals of the same period last year (when those were published too)."""
    monthly, national = _monthly(), _national()
    if monthly is None or national is None:
        return None
    try:
        period = monthly.period(code)
    except Exception:
        return None
    reports = list(
        approved(monthly, national)
        .filter(period_code=period.code)
        .select_related("source_committee__area")
        .order_by("source_committee__area__name")
    )
    result = Month(period)
    for s in reports:
        area = s.source_committee.area if s.source_committee else None
        if area is None or area.kind != AreaKind.PROVINCE:
            continue
        result.rows.append({"code": area.code, "name": area.name, "figures": _figures(s)})
    done = {r["code"] for r in result.rows}
    result.missing = [
        c.area.name
        for c in SteeringCommittee.objects.filter(level=Level.PROVINCE)
        .select_related("area")
        .order_by("area__name")
        if c.area.code not in done
    ]
    result.totals = _sum(r["figures"] for r in result.rows)
    before = approved(monthly, national).filter(
        period_code=period.last_year().code, source_committee__area__code__in=done
    )
    found = list(before)
    if found and len(found) == len(done):
        result.last_year = _sum(_figures(s) for s in found)
    return result


def _sum(rows: Any) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    for figures in rows:
        for code, value in figures.items():
            total[code] += value
    return {code: total.get(code, 0) for code in CODES}


def month_headline() -> dict[str, Any] | None:
    """The newest published month's totals, for the portal's home (cached by generation)."""
    key = f"portal:headline:{services.version()}"
    found = cache.get(key)
    if found is None:
        codes = published_periods()
        data = month(codes[0]) if codes else None
        found = {"code": data.period.code, "totals": data.totals, "provinces": len(data.rows)} if data else {}
        cache.set(key, found, 600)
    if not found:
        return None
    # The label in the reader's language (the cached figures are the same in both).
    return {**found, "period": periods.period(periods.Kind.MONTHLY, found["code"])}


def definitions() -> dict[str, Any]:
    """The published indicators' versioned definitions, for the open data API."""
    names = dict(Indicator.objects.filter(code__in=CODES).values_list("code", "name"))
    return {
        "version": DEFINITIONS_VERSION,
        "source": _("Báo cáo tổng hợp tháng của Ban Chỉ đạo 389 các tỉnh, thành phố đã được duyệt"),
        "indicators": [
            {
                "code": code,
                "name": names.get(code, code),
                "definition": text,
                "unit": "đồng" if code in MONEY else "",
            }
            for code, text in PUBLISHED
        ],
    }
