"""From records to a `ReportDocument`: the consolidated report of a committee and an agency's
own report, each with the same period last year beside every figure ("so với cùng kỳ")."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from hub389.accounts.models import Role, User
from hub389.lib.periods import Period
from hub389.lib.vnformat import group_thousands
from hub389.registry.models import Level, Representative, RepresentativeRole, SteeringCommittee
from hub389.reports import indicators, services
from hub389.reports.documents import ReportDocument, Table
from hub389.reports.models import NARRATIVE, Indicator, ReportType, Submission

KIND_CODES = ("cases_smuggling", "cases_fraud", "cases_counterfeit_ip", "cases_unknown_origin")
TITLE = "Kết quả công tác đấu tranh chống buôn lậu, gian lận thương mại và hàng giả"


@dataclass
class Comparison:
    code: str
    name: str
    now: int
    before: int

    @property
    def change(self) -> int:
        return self.now - self.before

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.change / self.before, 1) if self.before else None

    @property
    def words(self) -> str:
        """ "tăng 12 (+8,5%)", "giảm 3 (−2,0%)", "bằng" as the seeds write it."""
        if self.change == 0:
            return "bằng cùng kỳ"
        direction = "tăng" if self.change > 0 else "giảm"
        pct = f" ({self.percent:+.1f}%)".replace(".", ",") if self.percent is not None else ""
        return f"{direction} {group_thousands(abs(self.change))}{pct} so với cùng kỳ"


def compare(now: dict[str, int], before: dict[str, int]) -> list[Comparison]:
    names = dict(Indicator.objects.values_list("code", "name"))
    return [
        Comparison(c, names.get(c, c), int(now.get(c, 0)), int(before.get(c, 0))) for c in indicators.CODES
    ]


# Tables other apps add to a committee's yearly and final reports (the committee app adds its
# register of recommendations by status, in its `ready`): each is called with the committee
# and the period and gives a Table, or None when it has nothing to say.
APPENDICES: list[Callable[[SteeringCommittee, Period], Table | None]] = []
YEARLY_KINDS = ("yearly", "plan_yearly", "plan_final")


def _appendices(report_type: ReportType, committee: SteeringCommittee, period: Period) -> list[Table]:
    if report_type.code not in YEARLY_KINDS:
        return []
    return [t for t in (make(committee, period) for make in APPENDICES) if t is not None]


def _header(committee: SteeringCommittee) -> tuple[str, str, str]:
    """(parent agency, issuer, place) of a committee's documents."""
    if committee.level == Level.NATIONAL:
        return "CHÍNH PHỦ", "BAN CHỈ ĐẠO QUỐC GIA 389", "Hà Nội"
    area = committee.area.province or committee.area
    return f"UBND {area.division_type.upper()} {area.short_name.upper()}", "BAN CHỈ ĐẠO 389", area.short_name


def _key_table(rows: list[Comparison]) -> Table:
    return Table(
        "Biểu 01. Kết quả chủ yếu so với cùng kỳ",
        ["Chỉ tiêu", "Kỳ báo cáo", "Cùng kỳ năm trước", "Tăng (+), giảm (−)", "Tỷ lệ (%)"],
        [[r.name, r.now, r.before, r.change, r.percent] for r in rows],
    )


def _summary_text(rows: list[Comparison], period_label: str) -> str:
    by = {r.code: r for r in rows}
    n = group_thousands
    cases, value, fines = by["cases_total"], by["goods_value"], by["fines_decided"]
    kinds = "; ".join(f"{by[c].name.lower()}: {n(by[c].now)}" for c in KIND_CODES)
    return "\n".join(
        [
            f"Trong {period_label}, các lực lượng chức năng đã phát hiện, bắt giữ, xử lý "
            f"{n(cases.now)} vụ việc vi phạm ({cases.words}); trong đó {kinds}.",
            f"Trị giá hàng hóa vi phạm {n(value.now)} đồng ({value.words}); xử phạt vi phạm hành chính "
            f"{n(by['sanctions'].now)} quyết định, số tiền {n(fines.now)} đồng; thu nộp ngân sách "
            f"{n(by['budget_collected'].now)} đồng.",
            f"Khởi tố {n(by['prosecuted'].now)} vụ án, {n(by['defendants'].now)} bị can. Tiếp nhận "
            f"{n(by['tips_received'].now)} tin báo, giải quyết {n(by['tips_settled'].now)}; hoàn thành "
            f"{n(by['tasks_done'].now)} lượt nhiệm vụ, {n(by['tasks_overdue'].now)} lượt quá hạn.",
        ]
    )


def _sections(narrative: dict[str, str], rows: list[Comparison], period_label: str) -> list[tuple[str, str]]:
    auto = {"results": _summary_text(rows, period_label)}
    numbered = ["I", "II", "III", "IV"]
    return [
        (f"{numbered[i]}. {title.upper()}", narrative.get(code) or auto.get(code, ""))
        for i, (code, title) in enumerate(NARRATIVE)
    ]


def _chief(committee: SteeringCommittee) -> str:
    """Who signs for the committee: its head (Trưởng ban) as the registry records them."""
    chief = (
        Representative.objects.filter(membership__committee=committee, role=RepresentativeRole.CHIEF)
        .order_by("pk")
        .first()
    )
    return chief.full_name if chief else ""


def head_of(agency: Any) -> str:
    """Who signs for an agency: its head on hub389."""
    head = User.objects.filter(agency=agency, role=Role.HEAD, is_active=True).order_by("pk").first()
    return (head.full_name or head.username) if head else ""


def consolidated(report_type: ReportType, period_code: str, committee: SteeringCommittee) -> ReportDocument:
    """The committee's consolidated report for the period."""
    period = report_type.period(period_code)
    totals, rows = services.consolidated_figures(report_type, period.code, committee)
    before, _ = services.consolidated_figures(report_type, period.last_year().code, committee)
    comparison = compare(totals, before)
    sent = Submission.objects.filter(
        report_type=report_type, period_code=period.code, source_committee=committee
    ).first()
    parent, issuer, place = _header(committee)
    agencies = Table(
        "Biểu 02. Số liệu theo cơ quan thành viên và Ban Chỉ đạo cấp dưới",
        [
            "Cơ quan",
            "Vụ việc",
            "Buôn lậu, hàng cấm",
            "Gian lận thương mại, thuế",
            "Hàng giả, SHTT",
            "Không rõ nguồn gốc",
            "Tiền phạt (đồng)",
            "Thu nộp NSNN (đồng)",
            "Nguồn số liệu",
        ],
        [
            [
                r["agency"].name if r["agency"] else "Cơ quan khác trên địa bàn",
                *(
                    int(r["figures"].get(c, 0))
                    for c in ("cases_total", *KIND_CODES, "fines_decided", "budget_collected")
                ),
                r["source"],
            ]
            for r in rows
        ],
        totals=(1, 2, 3, 4, 5, 6, 7),
    )
    return ReportDocument(
        parent_agency=parent,
        issuer=issuer,
        issuer_short="BCĐ389",
        # The committee's report is the submission it sends up: numbered when sent, a draft before.
        number=sent.number if sent is not None else None,
        place=place,
        date=timezone.localdate(),
        kind="BÁO CÁO",
        summary=f"{TITLE} {period.label}",
        sections=_sections(sent.narrative if sent else {}, comparison, period.label),
        tables=[_key_table(comparison), agencies, *_appendices(report_type, committee, period)],
        signer_capacity="TM. BAN CHỈ ĐẠO",
        signer_title="TRƯỞNG BAN",
        signer_name=_chief(committee),
        issuer_name=committee.name,
        recipients=[
            "Ban Chỉ đạo quốc gia 389" if committee.level != Level.NATIONAL else "Thủ tướng Chính phủ",
            "Các cơ quan thành viên",
        ],
    )


def agency_report(submission: Submission) -> ReportDocument:
    """An agency's own report to its committee."""
    period = submission.period
    scope = indicators.Scope(submission.committee.area, submission.agency)
    comparison = compare(submission.figures, indicators.compute(scope, period.last_year()))
    agency = submission.agency
    parent = (agency.parent.name if agency.parent else submission.committee.name).upper()
    typed = set(submission.typed)
    key = _key_table(comparison)
    if typed:
        key = Table(
            key.title + " (* số liệu nhập tay)",
            key.columns,
            [
                [f"{r[0]} *" if c.code in typed else r[0], *r[1:]]
                for r, c in zip(key.rows, comparison, strict=True)
            ],
        )
    return ReportDocument(
        parent_agency=parent,
        issuer=agency.name.upper(),
        issuer_short=agency.short_name or agency.code,
        number=submission.number,  # given when the report is sent (`services.submit`)
        place=(submission.committee.area.province or submission.committee.area).short_name,
        date=timezone.localdate(),
        kind="BÁO CÁO",
        summary=f"{TITLE} {period.label}",
        sections=_sections(submission.narrative, comparison, period.label),
        tables=[key],
        signer_capacity="",
        signer_title="THỦ TRƯỞNG CƠ QUAN",
        signer_name=head_of(agency),
        issuer_name=agency.name,
        recipients=[f"Cơ quan Thường trực {submission.committee.name}"],
    )
