"""Cases: the list with the list page's filters and keyset pages, a case, and every step an
agency's system may take on it, each through the service the case page calls."""

import contextlib
import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from pydantic import Field as Constraint

from hub389 import policy
from hub389.api import idempotency
from hub389.api.auth import ClientToken, actor
from hub389.api.fields import MAX_ID, Code, Len, Money, Quantity, object_id
from hub389.api.problems import Problem
from hub389.api.schemas import ERRORS, WRITE_ERRORS, Created, page_after
from hub389.cases import search
from hub389.cases import services as cases
from hub389.cases.deadlines import Route
from hub389.cases.models import (
    Case,
    CaseChannel,
    Detection,
    LeadNotice,
    Measure,
    NoticeStatus,
    Referral,
    Sanction,
    SubjectRole,
    ViolationKind,
)
from hub389.exchange import refs
from hub389.lib.text import fold
from hub389.registry.models import Agency, Area, GoodsGroup
from hub389.subjects.models import SubjectKind

router = Router(tags=["cases"])
READ, WRITE = ClientToken("cases:read"), ClientToken("cases:write")


class GoodsIn(Schema):
    description: Annotated[str, Len(300, 1)]
    quantity: Quantity
    unit: Annotated[str, Len(30, 1)]
    value_vnd: Money = 0
    brand: Annotated[str, Len(120)] = ""


class SubjectIn(Schema):
    kind: SubjectKind
    name: Annotated[str, Len(250, 1)]
    citizen_id: Annotated[str, Len(20)] = ""
    tax_code: Annotated[str, Len(20)] = ""
    plate: Annotated[str, Len(20)] = ""
    url: Annotated[str, Len(500)] = ""
    date_of_birth: datetime.date | None = None
    address: Annotated[str, Len(300)] = ""
    legal_representative: Annotated[str, Len(120)] = ""

    def fields(self) -> dict[str, Any]:
        return self.model_dump()


class CaseIn(Schema):
    source_system: Annotated[str, Len(40)] = Constraint(
        "", description="the sending system (with source_id: one case per pair)"
    )
    source_id: Annotated[str, Len(100)] = ""
    detection: Detection
    detected_on: datetime.date
    area: Code = Constraint(description="area code (registry /areas)")
    summary: Annotated[str, Len(300, 1)]
    violations: list[ViolationKind] = Constraint(min_length=1, max_length=5)
    channel: CaseChannel = CaseChannel.INLAND
    place: Annotated[str, Len(300)] = ""
    url: Annotated[str, Len(500)] = ""
    goods_group: Code | None = None
    violation_ended_on: datetime.date | None = None
    goods: list[GoodsIn] = Constraint(default_factory=list, max_length=200)
    violator: SubjectIn | None = None
    reason: Annotated[str, Len(300)] = Constraint(
        "", description="why, when the push corrects a case already sent"
    )


def _input(body: CaseIn, *, with_violator: bool = True) -> cases.CaseInput:
    """The service's input from the body, with every value problem at once: unknown codes and
    all that `check_case` finds (the violator's fields named `violator.<field>`, as sent)."""
    area = Area.objects.filter(code=body.area).first()
    group = GoodsGroup.objects.filter(code=body.goods_group).first() if body.goods_group else None
    errors: dict[str, list[str]] = {}
    if area is None:
        errors["area"] = [f"Không có địa bàn mã {body.area}."]
    if body.goods_group and group is None:
        errors["goods_group"] = [f"Không có nhóm hàng mã {body.goods_group}."]
    if body.detection == Detection.TIP:
        errors["detection"] = ["Vụ việc từ tin báo được lập trên trang tin báo (gắn với tin báo đó)."]
    violator = None
    if with_violator and body.violator is not None:
        violator = {k: v for k, v in body.violator.fields().items() if v not in ("", None)}
    data = cases.CaseInput(
        detection=body.detection,
        detected_on=body.detected_on,
        # An unknown area is named above; the rest is checked against the nation meanwhile.
        area=area or Area.objects.get(kind="national"),
        summary=body.summary,
        violations=[str(v) for v in body.violations],
        channel=body.channel,
        place=body.place,
        url=body.url,
        goods_group=group,
        violation_ended_on=body.violation_ended_on,
        goods=[cases.GoodsLine(g.description, g.quantity, g.unit, g.value_vnd, g.brand) for g in body.goods],
        violator=violator,
    )
    try:
        cases.check_case(data)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            key = "violator." + name.removeprefix("subject_") if name.startswith("subject_") else name
            errors.setdefault(key, []).extend(messages)
    errors.pop("tip", None)  # said under "detection"
    if errors:
        raise ValidationError(errors)
    return data


def _if_match(request: HttpRequest) -> int | None:
    raw = request.headers.get("If-Match", "").strip()
    if not raw:
        return None
    digits = raw.removeprefix("W/").strip('"')
    if not digits.isdigit() or int(digits) > MAX_ID:
        raise Problem(400, "bad_if_match", 'If-Match phải là phiên bản nhận được (ETag), ví dụ "1234".')
    return int(digits)


def _stale(exc: refs.Stale) -> Problem:
    return Problem(
        409,
        "stale_version",
        f"Hồ sơ đã thay đổi từ phiên bản bạn gửi (phiên bản hiện tại: {exc.current}); hãy đọc lại.",
    )


def _visible(request: HttpRequest, case_id: int) -> Case:
    found: Case = get_object_or_404(policy.visible(request.user, "view", Case), pk=case_id)
    request.api_object = found.reference  # type: ignore[attr-defined]
    return found


def _created(case: Case, created: bool) -> dict[str, Any]:
    return {"id": case.pk, "reference": case.reference, "version": cases.version_of(case), "created": created}


@router.post(
    "/cases",
    auth=WRITE,
    response={201: Created, 200: Created, **WRITE_ERRORS},
    summary="Gửi một vụ việc (tạo mới, hoặc cập nhật vụ đã gửi cùng source_system/source_id)",
)
def push_case(request: HttpRequest, body: CaseIn) -> Status[Any]:
    def work() -> tuple[int, dict[str, Any]]:
        try:
            case, outcome = cases.push_case(
                actor(request),
                _input(body),
                source_system=body.source_system,
                source_id=body.source_id,
                expected_version=_if_match(request),
                reason=body.reason,
            )
        except refs.Stale as exc:
            raise _stale(exc) from None
        request.api_object = case.reference  # type: ignore[attr-defined]
        return (201 if outcome == "created" else 200), _created(case, outcome == "created")

    return idempotency.run(request, work)


class GoodsOut(Schema):
    description: str
    brand: str
    quantity: str
    unit: str
    value_vnd: int


class CaseSubjectOut(Schema):
    id: int
    kind: str
    name: str
    role: str


class SanctionOut(Schema):
    id: int
    record_no: str
    record_date: datetime.date
    decision_due: datetime.date
    decision_no: str
    decision_date: datetime.date | None
    fine_decided: int
    fine_paid: int
    measures: list[str]


class ReferralOut(Schema):
    id: int
    to_agency: str
    referred_on: datetime.date
    decision: str
    decided_on: datetime.date | None


class NoticeOut(Schema):
    id: int
    case: int
    reference: str
    to_agency: str
    status: str
    sent_at: datetime.datetime


class SourceOut(Schema):
    agency: str
    system: str
    id: str


class CaseRow(Schema):
    id: int
    reference: str
    owner: str
    detected_on: datetime.date
    area: str
    summary: str
    violations: list[str]
    status: str
    goods_value_vnd: int
    confidential: bool


class CaseOut(CaseRow):
    version: int
    detected_by: str
    lead_agency: str | None
    detection: str
    violation_ended_on: datetime.date | None
    province: str | None
    place: str
    url: str
    channel: str
    field: str
    goods_group: str | None
    principal: str
    created_at: datetime.datetime
    page: str
    goods: list[GoodsOut]
    subjects: list[CaseSubjectOut]
    sanctions: list[SanctionOut]
    referrals: list[ReferralOut]
    notices: list[NoticeOut]
    source: list[SourceOut]


def _row(case: Case) -> dict[str, Any]:
    goods = list(case.goods.all())
    return {
        "id": case.pk,
        "reference": case.reference,
        "owner": case.owner.code,
        "detected_on": case.detected_on,
        "area": case.area.code,
        "summary": case.summary,
        "violations": sorted(v.kind for v in case.violations.all()),
        "status": case.status,
        "goods_value_vnd": sum(g.value_vnd for g in goods),
        "confidential": case.confidential,
    }


class CasePage(Schema):
    items: list[CaseRow]
    next: str | None = Constraint(None, description="`after` for the next page; null at the end")


class CaseQuery(Schema):
    q: Annotated[str, Len(200)] = Constraint(
        "", description="words of the summary, place or a subject's name; 3 letters at least"
    )
    kind: ViolationKind | Literal[""] | None = None  # empty: any (as the list page sends it)
    goods: Code = ""
    channel: CaseChannel | Literal[""] | None = None
    status: str = Constraint("", max_length=20)
    province: Code = ""
    area: Code = ""
    agency: Code = Constraint("", description="owner agency code")
    from_: datetime.date | None = Constraint(None, alias="from")
    to: datetime.date | None = None
    after: Annotated[str, Len(40)] = ""
    limit: int = Constraint(50, ge=1, le=200)


@router.get(
    "/cases", auth=READ, response={200: CasePage, **ERRORS}, summary="Vụ việc (bộ lọc của trang danh sách)"
)
def case_list(request: HttpRequest, filters: Query[CaseQuery]) -> dict[str, Any]:
    if filters.q and len(fold(filters.q).replace(" ", "")) < search.SEARCH_MIN:
        raise ValidationError({"q": f"Tìm kiếm cần ít nhất {search.SEARCH_MIN} chữ cái."})
    page, _ = search.page_of(request, size=filters.limit)  # type: ignore[arg-type]
    return {"items": [_row(c) for c in page.object_list], "next": page.next_key or None}


@router.get("/cases/{case_id}", auth=READ, response={200: CaseOut, **ERRORS}, summary="Một vụ việc")
def case_detail(request: HttpRequest, response: HttpResponse, case_id: int = object_id()) -> dict[str, Any]:
    case = _visible(request, case_id)
    case = (
        Case.objects.select_related(
            "owner", "detected_by", "lead_agency", "area", "province", "field", "goods_group"
        )
        .prefetch_related(
            "violations",
            "goods",
            "subjects__subject",
            "sanctions",
            "referrals__to_agency",
            "notices__to_agency",
        )
        .get(pk=case.pk)
    )
    version = cases.version_of(case)
    response["ETag"] = f'"{version}"'
    sources = refs.of_all("case", case.pk)
    return {
        **_row(case),
        "version": version,
        "detected_by": case.detected_by.code,
        "lead_agency": case.lead_agency.code if case.lead_agency else None,
        "detection": case.detection,
        "violation_ended_on": case.violation_ended_on,
        "province": case.province.code if case.province else None,
        "place": case.place,
        "url": case.url,
        "channel": case.channel,
        "field": case.field.code,
        "goods_group": case.goods_group.code if case.goods_group else None,
        "principal": case.principal,
        "created_at": case.created_at,
        "page": reverse("cases:detail", args=[case.pk]),
        "goods": [
            {
                "description": g.description,
                "brand": g.brand,
                "quantity": format(g.quantity.normalize(), "f"),
                "unit": g.unit,
                "value_vnd": g.value_vnd,
            }
            for g in case.goods.all()
        ],
        "subjects": [
            {"id": link.subject_id, "kind": link.subject.kind, "name": link.subject.name, "role": link.role}
            for link in case.subjects.all()
        ],
        "sanctions": [
            {
                "id": s.pk,
                "record_no": s.record_no,
                "record_date": s.record_date,
                "decision_due": s.decision_due,
                "decision_no": s.decision_no,
                "decision_date": s.decision_date,
                "fine_decided": s.fine_decided,
                "fine_paid": s.fine_paid,
                "measures": s.measures,
            }
            for s in case.sanctions.all()
        ],
        "referrals": [
            {
                "id": r.pk,
                "to_agency": r.to_agency.code,
                "referred_on": r.referred_on,
                "decision": r.decision,
                "decided_on": r.decided_on,
            }
            for r in case.referrals.all()
        ],
        "notices": [_notice(n, case) for n in case.notices.all()],
        "source": [{"agency": r.agency.code, "system": r.source_system, "id": r.source_id} for r in sources],
    }


def _notice(notice: LeadNotice, case: Case) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "case": case.pk,
        "reference": case.reference,
        "to_agency": notice.to_agency.code,
        "status": notice.status,
        "sent_at": notice.sent_at,
    }


@router.put(
    "/cases/{case_id}", auth=WRITE, response={200: Created, **WRITE_ERRORS}, summary="Đính chính một vụ việc"
)
def amend(request: HttpRequest, body: CaseIn, case_id: int = object_id()) -> dict[str, Any]:
    case = _visible(request, case_id)
    policy.require(actor(request), "edit", case)  # before the version and the body: may it at all?
    expected = _if_match(request)
    if expected is not None and expected != cases.version_of(case):
        raise _stale(refs.Stale(cases.version_of(case)))
    data = _input(body, with_violator=False)
    with contextlib.suppress(cases.Unchanged):  # nothing changed: the same answer, no new version
        case = cases.amend_case(actor(request), case, data, body.reason)
    return _created(case, False)


class SubjectLinkIn(SubjectIn):
    role: SubjectRole = SubjectRole.VIOLATOR


class LinkOut(Schema):
    case: int
    subject: int
    role: str


@router.post(
    "/cases/{case_id}/subjects",
    auth=WRITE,
    response={201: LinkOut, **WRITE_ERRORS},
    summary="Thêm đối tượng vào vụ việc",
)
def add_subject(request: HttpRequest, body: SubjectLinkIn, case_id: int = object_id()) -> Status[Any]:
    case = _visible(request, case_id)
    fields = {k: v for k, v in body.fields().items() if k != "role" and v not in ("", None)}

    def work() -> tuple[int, dict[str, Any]]:
        link = cases.record_subject(actor(request), case, fields, body.role)
        return 201, {"case": case.pk, "subject": link.subject_id, "role": link.role}

    return idempotency.run(request, work)


class ViolationRecordIn(Schema):
    record_no: Annotated[str, Len(60, 1)]
    record_date: datetime.date
    route: Route = Route.STANDARD
    subject: int | None = Constraint(None, ge=1, le=MAX_ID, description="a subject of the case")


@router.post(
    "/cases/{case_id}/violation-records",
    auth=WRITE,
    response={201: SanctionOut, **WRITE_ERRORS},
    summary="Biên bản vi phạm hành chính (mở thủ tục xử phạt)",
)
def violation_record(
    request: HttpRequest, body: ViolationRecordIn, case_id: int = object_id()
) -> Status[Any]:
    case = _visible(request, case_id)
    subject = None
    if body.subject is not None:
        link = case.subjects.filter(subject_id=body.subject).select_related("subject").first()
        if link is None:
            raise ValidationError({"subject": "Đối tượng này không có trong vụ việc."})
        subject = link.subject

    def work() -> tuple[int, dict[str, Any]]:
        sanction = cases.record_violation(
            actor(request),
            case,
            record_no=body.record_no,
            record_date=body.record_date,
            route=body.route,
            subject=subject,
        )
        return 201, _sanction(sanction)

    return idempotency.run(request, work)


def _sanction(s: Sanction) -> dict[str, Any]:
    return {
        "id": s.pk,
        "record_no": s.record_no,
        "record_date": s.record_date.isoformat(),
        "decision_due": s.decision_due.isoformat(),
        "decision_no": s.decision_no,
        "decision_date": s.decision_date.isoformat() if s.decision_date else None,
        "fine_decided": s.fine_decided,
        "fine_paid": s.fine_paid,
        "measures": s.measures,
    }


def _sanction_of(request: HttpRequest, sanction_id: int) -> Sanction:
    visible = policy.visible(request.user, "view", Case)
    found: Sanction = get_object_or_404(
        Sanction.objects.filter(case__in=visible).select_related("case"), pk=sanction_id
    )
    request.api_object = found.case.reference  # type: ignore[attr-defined]
    return found


class DecisionIn(Schema):
    decision_no: Annotated[str, Len(60, 1)]
    decision_date: datetime.date
    fine: Money
    measures: list[Measure] = Constraint(default_factory=list, max_length=5)


@router.post(
    "/sanctions/{sanction_id}/decision",
    auth=WRITE,
    response={200: SanctionOut, **WRITE_ERRORS},
    summary="Quyết định xử phạt",
)
def decide(request: HttpRequest, body: DecisionIn, sanction_id: int = object_id()) -> Status[Any]:
    sanction = _sanction_of(request, sanction_id)

    def work() -> tuple[int, dict[str, Any]]:
        done = cases.decide_sanction(
            actor(request),
            sanction,
            decision_no=body.decision_no,
            decision_date=body.decision_date,
            fine=body.fine,
            measures=[str(m) for m in body.measures],
        )
        return 200, _sanction(done)

    return idempotency.run(request, work)


class PaymentIn(Schema):
    amount: Money


@router.post(
    "/sanctions/{sanction_id}/payments",
    auth=WRITE,
    response={201: SanctionOut, **WRITE_ERRORS},
    summary="Nộp tiền phạt",
)
def pay(request: HttpRequest, body: PaymentIn, sanction_id: int = object_id()) -> Status[Any]:
    sanction = _sanction_of(request, sanction_id)

    def work() -> tuple[int, dict[str, Any]]:
        return 201, _sanction(cases.record_payment(actor(request), sanction, body.amount))

    return idempotency.run(request, work)


def _agency(code: str) -> Agency:
    found = Agency.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise ValidationError({"agency": f"Không có cơ quan mã {code}."})
    return found


class ReferralIn(Schema):
    to_agency: Code
    referred_on: datetime.date


@router.post(
    "/cases/{case_id}/referrals",
    auth=WRITE,
    response={201: ReferralOut, **WRITE_ERRORS},
    summary="Chuyển hồ sơ có dấu hiệu tội phạm",
)
def refer(request: HttpRequest, body: ReferralIn, case_id: int = object_id()) -> Status[Any]:
    case = _visible(request, case_id)
    to = _agency(body.to_agency)

    def work() -> tuple[int, dict[str, Any]]:
        r: Referral = cases.refer(actor(request), case, to, body.referred_on)
        return 201, {
            "id": r.pk,
            "to_agency": to.code,
            "referred_on": r.referred_on.isoformat(),
            "decision": r.decision,
            "decided_on": None,
        }

    return idempotency.run(request, work)


class ShareIn(Schema):
    agency: Code
    can_edit: bool = False


class ShareOut(Schema):
    case: int
    agency: str
    can_edit: bool


@router.post(
    "/cases/{case_id}/shares",
    auth=WRITE,
    response={200: ShareOut, **WRITE_ERRORS},
    summary="Chia sẻ vụ việc với cơ quan khác",
)
def share(request: HttpRequest, body: ShareIn, case_id: int = object_id()) -> dict[str, Any]:
    case = _visible(request, case_id)
    found = cases.share(actor(request), case, _agency(body.agency), body.can_edit)
    return {"case": case.pk, "agency": body.agency, "can_edit": found.can_edit}


class NoticeQuery(Schema):
    status: NoticeStatus | None = None
    after: int = Constraint(0, ge=0, le=MAX_ID)
    limit: int = Constraint(100, ge=1, le=500)


class NoticePage(Schema):
    items: list[NoticeOut]
    next: int | None


@router.get(
    "/notices",
    auth=READ,
    response={200: NoticePage, **ERRORS},
    summary="Thông báo cơ quan chủ trì gửi đến cơ quan của khoá",
)
def notices(request: HttpRequest, filters: Query[NoticeQuery]) -> dict[str, Any]:
    qs = LeadNotice.objects.filter(to_agency_id=actor(request).agency_id).select_related("case", "to_agency")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return page_after(qs, "pk", filters.after, filters.limit, lambda n: _notice(n, n.case))


class AnswerIn(Schema):
    status: NoticeStatus = Constraint(description="acknowledged | taken_over | coordinating")


@router.post(
    "/notices/{notice_id}/answer",
    auth=WRITE,
    response={200: NoticeOut, **WRITE_ERRORS},
    summary="Trả lời thông báo: đã nhận, tiếp nhận chủ trì, phối hợp",
)
def answer(request: HttpRequest, body: AnswerIn, notice_id: int = object_id()) -> dict[str, Any]:
    notice = get_object_or_404(
        LeadNotice.objects.select_related("case", "to_agency"),
        pk=notice_id,
        to_agency_id=actor(request).agency_id,
    )
    done = cases.answer_notice(actor(request), notice, body.status)
    return _notice(done, notice.case)
