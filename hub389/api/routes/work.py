"""Seized lots and their movements, task occurrences and their progress, report submissions
and figures: what an agency's system reads and reports, each through the service its page
calls and within the same access rules."""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field as Constraint

from hub389 import policy
from hub389.api import idempotency
from hub389.api.auth import ClientToken, actor
from hub389.api.fields import MAX_ID, Code, Len, Quantity, object_id
from hub389.api.schemas import ERRORS, WRITE_ERRORS, page_after
from hub389.plans import services as plans
from hub389.plans.models import Occurrence, OccurrenceStatus, Task
from hub389.registry.models import Agency
from hub389.registry.services import get_committee
from hub389.reports import services as reports
from hub389.reports.models import ReportType, Submission
from hub389.warehouse import services as warehouse
from hub389.warehouse.models import Bin, Lot

router = Router(tags=["work"])


class CustodyOut(Schema):
    seq: int
    at: datetime.datetime
    kind: str
    quantity: str | None
    reason: str


class LotOut(Schema):
    id: int
    case: int
    reference: str
    kind: str
    description: str
    quantity: str
    unit: str
    value_vnd: int
    status: str
    seized_on: datetime.date
    bin: str | None
    held_by: str | None


def _qty(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _lot(lot: Lot) -> dict[str, Any]:
    return {
        "id": lot.pk,
        "case": lot.case_id,
        "reference": lot.case.reference,
        "kind": lot.kind,
        "description": lot.description,
        "quantity": _qty(lot.quantity),
        "unit": lot.unit,
        "value_vnd": lot.value_vnd,
        "status": lot.status,
        "seized_on": lot.seized_on,
        "bin": lot.bin.code if lot.bin else None,
        "held_by": lot.held_by.code if lot.held_by else None,
    }


class LotDetail(LotOut):
    custody: list[CustodyOut]


class LotQuery(Schema):
    status: str = Constraint("", max_length=20)
    case: int = Constraint(0, ge=0, le=MAX_ID)
    after: int = Constraint(0, ge=0, le=MAX_ID)
    limit: int = Constraint(100, ge=1, le=500)


class LotPage(Schema):
    items: list[LotOut]
    next: int | None


def _lots(request: HttpRequest) -> Any:
    return policy.visible(request.user, "view", Lot).select_related("case", "bin", "held_by")


@router.get(
    "/lots", auth=ClientToken("lots:read"), response={200: LotPage, **ERRORS}, summary="Tang vật, vật chứng"
)
def lot_list(request: HttpRequest, filters: Query[LotQuery]) -> dict[str, Any]:
    qs = _lots(request)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.case:
        qs = qs.filter(case_id=filters.case)
    return page_after(qs, "pk", filters.after, filters.limit, _lot)


@router.get(
    "/lots/{lot_id}",
    auth=ClientToken("lots:read"),
    response={200: LotDetail, **ERRORS},
    summary="Một lô và chuỗi lưu giữ",
)
def lot_detail(request: HttpRequest, lot_id: int = object_id()) -> dict[str, Any]:
    lot = get_object_or_404(_lots(request), pk=lot_id)
    custody = [
        {"seq": e.seq, "at": e.at, "kind": e.kind, "quantity": _qty(e.quantity), "reason": e.reason}
        for e in lot.custody.order_by("seq")
    ]
    return {**_lot(lot), "custody": custody}


class MovementIn(Schema):
    movement: str = Constraint(max_length=20, description="move | sample | hand_over | take_back")
    reason: Annotated[str, Len(300, 1)]
    bin: Code | None = Constraint(None, description="the bin's code in the lot's warehouse (move, take_back)")
    quantity: Quantity | None = Constraint(None, description="sample")
    to_agency: Code | None = Constraint(None, description="hand_over")


@router.post(
    "/lots/{lot_id}/movements",
    auth=ClientToken("cases:write"),
    response={200: LotOut, **WRITE_ERRORS},
    summary="Di chuyển, lấy mẫu, bàn giao, nhận lại",
)
def lot_movement(request: HttpRequest, body: MovementIn, lot_id: int = object_id()) -> Status[Any]:
    lot = get_object_or_404(_lots(request), pk=lot_id)

    def bin_of() -> Bin:
        """The bin by its code: in the lot's own warehouse, else in one of the agency's."""
        bins = Bin.objects.filter(code=body.bin or "")
        here = bins.filter(warehouse_id=lot.bin.warehouse_id) if lot.bin else bins.none()
        found = here.first() or bins.filter(warehouse__agency_id=actor(request).agency_id or 0).first()
        if found is None:
            raise ValidationError({"bin": "Không có ngăn kho mã này trong kho của cơ quan."})
        return found

    def work() -> tuple[int, dict[str, Any]]:
        who = actor(request)
        if body.movement == "move":
            done = warehouse.move(who, lot, bin_of(), body.reason)
        elif body.movement == "sample":
            if body.quantity is None:
                raise ValidationError({"quantity": "Ghi số lượng mẫu."})
            done = warehouse.take_sample(who, lot, body.quantity, body.reason)
        elif body.movement == "hand_over":
            to = Agency.objects.filter(code=body.to_agency or "", is_active=True).first()
            if to is None:
                raise ValidationError({"to_agency": "Chọn cơ quan nhận bàn giao (mã cơ quan)."})
            done = warehouse.hand_over(who, lot, to, body.reason)
        elif body.movement == "take_back":
            done = warehouse.take_back(who, lot, bin_of(), body.reason)
        else:
            raise ValidationError({"movement": "Loại di chuyển không hợp lệ."})
        return 200, _lot(_lots(request).get(pk=done.pk))

    return idempotency.run(request, work)


class OccurrenceOut(Schema):
    id: int
    task: int
    number: str
    title: str
    lead_agency: str | None
    due_on: datetime.date
    label: str
    status: str
    percent: int


def _occurrence(o: Occurrence) -> dict[str, Any]:
    return {
        "id": o.pk,
        "task": o.task_id,
        "number": o.task.number,
        "title": o.task.title,
        "lead_agency": o.task.lead_agency.code if o.task.lead_agency else None,
        "due_on": o.due_on,
        "label": o.label,
        "status": o.status,
        "percent": o.percent,
    }


class OccurrenceQuery(Schema):
    status: OccurrenceStatus | None = None
    due_before: datetime.date | None = None
    mine: bool = Constraint(True, description="only tasks the agency leads or coordinates")
    after: int = Constraint(0, ge=0, le=MAX_ID)
    limit: int = Constraint(100, ge=1, le=500)


class OccurrencePage(Schema):
    items: list[OccurrenceOut]
    next: int | None


@router.get(
    "/occurrences",
    auth=ClientToken("tasks:read"),
    response={200: OccurrencePage, **ERRORS},
    summary="Nhiệm vụ đến hạn (từng kỳ)",
)
def occurrences(request: HttpRequest, filters: Query[OccurrenceQuery]) -> dict[str, Any]:
    tasks = policy.visible(request.user, "view", Task)
    agency = actor(request).agency_id or 0
    qs = Occurrence.objects.filter(task__in=tasks.values("pk")).select_related("task__lead_agency")
    if filters.mine:
        qs = qs.filter(task__lead_agency_id=agency) | qs.filter(task__coordinators__id=agency)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.due_before:
        qs = qs.filter(due_on__lte=filters.due_before)
    return page_after(qs.distinct(), "pk", filters.after, filters.limit, _occurrence)


class ProgressIn(Schema):
    status: OccurrenceStatus = Constraint(description="in_progress | done")
    percent: int = Constraint(ge=0, le=100)
    text: Annotated[str, Len(4000, 1)]
    product_delivered: Annotated[str, Len(300)] = ""


@router.post(
    "/occurrences/{occurrence_id}/progress",
    auth=ClientToken("tasks:write"),
    response={201: OccurrenceOut, **WRITE_ERRORS},
    summary="Báo cáo tiến độ nhiệm vụ",
)
def progress(request: HttpRequest, body: ProgressIn, occurrence_id: int = object_id()) -> Status[Any]:
    tasks = policy.visible(request.user, "view", Task)
    occurrence = get_object_or_404(
        Occurrence.objects.filter(task__in=tasks.values("pk")).select_related("task__lead_agency"),
        pk=occurrence_id,
    )

    def work() -> tuple[int, dict[str, Any]]:
        plans.report_progress(
            actor(request),
            occurrence,
            status=body.status,
            percent=body.percent,
            text=body.text,
            product_delivered=body.product_delivered,
        )
        return 201, _occurrence(Occurrence.objects.select_related("task__lead_agency").get(pk=occurrence.pk))

    return idempotency.run(request, work)


class SubmissionOut(Schema):
    id: int
    report_type: str
    period: str
    committee: str
    agency: str
    status: str
    number: int | None
    submitted_at: datetime.datetime | None
    figures: dict[str, int]
    typed: list[str]


def _submission(s: Submission) -> dict[str, Any]:
    return {
        "id": s.pk,
        "report_type": s.report_type.code,
        "period": s.period_code,
        "committee": s.committee.code,
        "agency": s.agency.code,
        "status": s.status,
        "number": s.number,
        "submitted_at": s.submitted_at,
        "figures": s.figures,
        "typed": s.typed,
    }


class SubmissionQuery(Schema):
    report_type: Code = ""
    period: Annotated[str, Len(30)] = ""
    after: int = Constraint(0, ge=0, le=MAX_ID)
    limit: int = Constraint(100, ge=1, le=500)


class SubmissionPage(Schema):
    items: list[SubmissionOut]
    next: int | None


def _submissions(request: HttpRequest) -> Any:
    return policy.visible(request.user, "view", Submission).select_related(
        "report_type", "committee__area", "agency"
    )


@router.get(
    "/submissions",
    auth=ClientToken("reports:read"),
    response={200: SubmissionPage, **ERRORS},
    summary="Báo cáo đã lập, đã gửi",
)
def submissions(request: HttpRequest, filters: Query[SubmissionQuery]) -> dict[str, Any]:
    qs = _submissions(request)
    if filters.report_type:
        qs = qs.filter(report_type__code=filters.report_type)
    if filters.period:
        qs = qs.filter(period_code=filters.period)
    return page_after(qs, "pk", filters.after, filters.limit, _submission)


@router.get(
    "/submissions/{submission_id}",
    auth=ClientToken("reports:read"),
    response={200: SubmissionOut, **ERRORS},
    summary="Một báo cáo",
)
def submission(request: HttpRequest, submission_id: int = object_id()) -> dict[str, Any]:
    return _submission(get_object_or_404(_submissions(request), pk=submission_id))


class SubmitIn(Schema):
    report_type: Code
    period: Annotated[str, Len(30, 1)]
    committee: Code = Constraint(description="the committee's code: a province's 2 digits, or national")
    typed: dict[Code, Annotated[str, Len(30)]] = Constraint(
        default_factory=dict, description="indicator code → figure as typed (1.234)"
    )
    narrative: dict[Code, Annotated[str, Len(20000)]] = Constraint(default_factory=dict)
    warnings_comment: Annotated[str, Len(2000)] = ""


class Finding(Schema):
    rule: str
    message: str
    severity: str


class SubmitOut(SubmissionOut):
    findings: list[Finding]


@router.post(
    "/submissions",
    auth=ClientToken("reports:write"),
    response={200: SubmitOut, **WRITE_ERRORS},
    summary="Gửi báo cáo của cơ quan (số liệu nhập tay được đánh dấu)",
)
def submit(request: HttpRequest, body: SubmitIn) -> Status[Any]:
    report_type = ReportType.objects.filter(code=body.report_type).first()
    if report_type is None:
        raise ValidationError({"report_type": f"Không có loại báo cáo mã {body.report_type}."})
    try:
        committee = get_committee(body.committee)
    except ValidationError as exc:
        raise ValidationError({"committee": exc.messages[0]}) from None
    try:
        report_type.period(body.period)
    except (ValueError, ValidationError):
        raise ValidationError({"period": "Kỳ báo cáo không hợp lệ (ví dụ 2026-11)."}) from None

    def work() -> tuple[int, dict[str, Any]]:
        opened = reports.open_submission(actor(request), report_type, body.period, committee)
        findings = reports.save_and_submit(
            actor(request),
            opened,
            typed=dict(body.typed),
            narrative=dict(body.narrative),
            warnings_comment=body.warnings_comment,
        )
        fresh = _submissions(request).get(pk=opened.pk)
        found = [
            {"rule": f.rule.code, "message": str(f), "severity": "error" if f.is_error else "warning"}
            for f in findings
        ]
        return 200, {**_submission(fresh), "findings": found}

    return idempotency.run(request, work)


class FigureRow(Schema):
    agency: str | None = Constraint(
        description="a member agency's code, a committee below's code, or null: others"
    )
    source: str
    figures: dict[str, int]


class FiguresOut(Schema):
    committee: str
    report_type: str
    period: str
    totals: dict[str, int]
    rows: list[FigureRow]


class FiguresQuery(Schema):
    committee: Code
    report_type: Code = "monthly"
    period: Annotated[str, Len(30, 1)]


@router.get(
    "/figures",
    auth=ClientToken("reports:read"),
    response={200: FiguresOut, **ERRORS},
    summary="Số liệu của một Ban Chỉ đạo trong một kỳ (từng cơ quan, từng cấp dưới, tổng)",
)
def figures(request: HttpRequest, filters: Query[FiguresQuery]) -> dict[str, Any]:
    report_type = ReportType.objects.filter(code=filters.report_type).first()
    errors: dict[str, str] = {}
    committee = None
    try:
        committee = get_committee(filters.committee)
    except ValidationError as exc:
        errors["committee"] = exc.messages[0]
    if report_type is None:
        errors["report_type"] = f"Không có loại báo cáo mã {filters.report_type}."
    else:
        try:
            report_type.period(filters.period)
        except (ValueError, ValidationError):
            errors["period"] = "Kỳ báo cáo không hợp lệ (ví dụ 2026-11)."
    if errors or committee is None or report_type is None:
        raise ValidationError(errors)
    policy.require(actor(request), "view_kpi", committee)  # as the committee's figures page
    totals, rows = reports.consolidated_figures(report_type, filters.period, committee)
    return {
        "committee": committee.code,
        "report_type": report_type.code,
        "period": filters.period,
        "totals": totals,
        "rows": [
            {
                "agency": getattr(r["agency"], "code", None),
                "source": str(r["source"]),
                "figures": {k: int(v) for k, v in r["figures"].items()},
            }
            for r in rows
        ],
    }
