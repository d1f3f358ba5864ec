"""Tips received through an agency's own channels (its hotline, letters, its own web form):
recorded as the officer's reception form records them, once per external reference; read
back within the access rules; and worked step by step through the services of the tip page.
A step through the API does not keep the tip's 15-minute work lock: it is released after."""

import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field as Constraint

from hub389 import policy
from hub389.api import idempotency
from hub389.api.auth import ClientToken, actor
from hub389.api.fields import Code, Len, object_id
from hub389.api.schemas import ERRORS, WRITE_ERRORS, Created
from hub389.exchange import refs
from hub389.lib.paging import keyset_page
from hub389.registry.models import Agency, Area, GoodsGroup
from hub389.tips import services as tips
from hub389.tips.models import Channel, Kind, Nature, Outcome, Tip
from hub389.tips.models import Status as TipStatus

router = Router(tags=["tips"])
READ, WRITE = ClientToken("tips:read"), ClientToken("tips:write")
API_CHANNELS = [c for c in Channel if c != Channel.WEB]  # the public form is hub389's own


class InformantIn(Schema):
    full_name: Annotated[str, Len(120)] = ""
    phone: Annotated[str, Len(40)] = ""
    email: Annotated[str, Len(120)] = ""
    address: Annotated[str, Len(300)] = ""
    id_number: Annotated[str, Len(20)] = ""


class TipIn(Schema):
    source_system: Annotated[str, Len(40)] = ""
    source_id: Annotated[str, Len(100)] = ""
    summary: Annotated[str, Len(200, 1)]
    description: Annotated[str, Len(5000, 1)]
    area: Code
    place: Annotated[str, Len(300)] = ""
    url: Annotated[str, Len(500)] = ""
    goods_group: Code | None = None
    happened: Annotated[str, Len(100)] = ""
    kind: Kind = Kind.REPORT
    channel: Channel = Constraint(Channel.HOTLINE, description="hotline, letter, in_person, email, agency")
    nature: Nature = Nature.UNKNOWN
    source_agency: Code | None = None
    received_at: datetime.datetime | None = None
    informant: InformantIn | None = Constraint(None, description="sealed at once; never returned by the API")


class TipOut(Schema):
    id: int
    reference: str
    kind: str
    channel: str
    nature: str
    summary: str
    area: str
    agency: str
    reception_agency: str
    received_on: datetime.date
    status: str
    due_on: datetime.date | None
    outcome: str
    settled_on: datetime.date | None
    has_informant: bool


def _out(t: Tip) -> dict[str, Any]:
    return {
        "id": t.pk,
        "reference": t.reference,
        "kind": t.kind,
        "channel": t.channel,
        "nature": t.nature,
        "summary": t.summary,
        "area": t.area.code,
        "agency": t.agency.code,
        "reception_agency": t.reception_agency.code,
        "received_on": t.received_on,
        "status": t.status,
        "due_on": t.due_on,
        "outcome": t.outcome,
        "settled_on": t.settled_on,
        "has_informant": t.has_informant,
    }


def _input(body: TipIn) -> tips.TipInput:
    errors: dict[str, str] = {}
    area = Area.objects.filter(code=body.area).first()
    group = GoodsGroup.objects.filter(code=body.goods_group).first() if body.goods_group else None
    source = Agency.objects.filter(code=body.source_agency).first() if body.source_agency else None
    if area is None:
        errors["area"] = f"Không có địa bàn mã {body.area}."
    if body.goods_group and group is None:
        errors["goods_group"] = f"Không có nhóm hàng mã {body.goods_group}."
    if body.source_agency and source is None:
        errors["source_agency"] = f"Không có cơ quan mã {body.source_agency}."
    if body.channel == Channel.WEB:
        errors["channel"] = "Kênh cổng tin báo trực tuyến chỉ dành cho trang công khai của hub389."
    if errors:
        raise ValidationError(errors)
    assert area is not None
    return tips.TipInput(
        summary=body.summary,
        description=body.description,
        area=area,
        place=body.place,
        url=body.url,
        goods_group=group,
        happened=body.happened,
        kind=body.kind,
        channel=body.channel,
        nature=body.nature,
        source_agency=source,
        received_at=body.received_at,
        informant=body.informant.model_dump() if body.informant else None,
    )


class TipCreated(Created):
    receipt: str | None = Constraint(
        None, description="the informant's follow-up code: in the first answer only, never stored in clear"
    )


@router.post(
    "/tips",
    auth=WRITE,
    response={201: TipCreated, 200: TipCreated, **WRITE_ERRORS},
    summary="Tiếp nhận một tin báo (một lần cho mỗi source_system/source_id)",
)
def receive(request: HttpRequest, body: TipIn) -> Status[Any]:
    system, sid = refs.check(body.source_system, body.source_id)
    data = _input(body)
    agency = actor(request).agency
    assert agency is not None  # a client belongs to an agency

    def work() -> tuple[int, dict[str, Any]]:
        with transaction.atomic():
            ref = refs.locked(agency, "tip", system, sid) if system else None
            if ref is not None:  # sent before: tips are not rewritten, the first one stands
                tip = Tip.objects.get(pk=ref.object_id)
                return 200, {
                    "id": tip.pk,
                    "reference": tip.reference,
                    "version": ref.version,
                    "created": False,
                }
            tip, receipt = tips.record_tip(actor(request), data, [])
            if system:
                refs.remember(agency, "tip", system, sid, tip.pk)
            request.api_object = tip.reference  # type: ignore[attr-defined]
            return 201, {
                "id": tip.pk,
                "reference": tip.reference,
                "version": 1,
                "created": True,
                "receipt": receipt,
            }

    return idempotency.run(request, work)


class TipPage(Schema):
    items: list[TipOut]
    next: str | None


class TipQuery(Schema):
    status: TipStatus | None = None
    agency: Code = Constraint("", description="the lead agency's code")
    overdue: bool = False
    after: Annotated[str, Len(40)] = ""
    limit: int = Constraint(50, ge=1, le=200)


@router.get("/tips", auth=READ, response={200: TipPage, **ERRORS}, summary="Tin báo cơ quan được xem")
def tip_list(request: HttpRequest, filters: Query[TipQuery]) -> dict[str, Any]:
    qs = policy.visible(request.user, "view", Tip).select_related("area", "agency", "reception_agency")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.agency:
        qs = qs.filter(agency__code=filters.agency)
    if filters.overdue:
        qs = qs.filter(due_on__lt=datetime.date.today())
    page = keyset_page(qs, "received_on", filters.after, filters.limit)
    return {"items": [_out(t) for t in page.object_list], "next": page.next_key or None}


def _visible(request: HttpRequest, tip_id: int) -> Tip:
    found: Tip = get_object_or_404(
        policy.visible(request.user, "view", Tip).select_related("area", "agency", "reception_agency"),
        pk=tip_id,
    )
    request.api_object = found.reference  # type: ignore[attr-defined]
    return found


@router.get(
    "/tips/{tip_id}",
    auth=READ,
    response={200: TipOut, **ERRORS},
    summary="Một tin báo (không có danh tính người báo)",
)
def tip_detail(request: HttpRequest, tip_id: int = object_id()) -> dict[str, Any]:
    return _out(_visible(request, tip_id))


StepText = Annotated[str, Len(2000)]


class StepIn(Schema):
    step: str = Constraint(
        max_length=20,
        description="note | classify | transfer | extend | suspend | resume | settle | not_a_tip",
    )
    text: StepText = Constraint("", description="the note, the reason, or the result told to the informant")
    nature: Nature | None = None
    to_agency: Code | None = None
    outcome: Outcome | None = None


def _step(actor: Any, tip: Tip, body: StepIn) -> Any:
    if body.step == "note":
        return tips.add_note(actor, tip, body.text)
    if body.step == "classify":
        if body.nature is None:
            raise ValidationError({"nature": "Chọn tính chất của tin."})
        return tips.classify(actor, tip, body.nature)
    if body.step == "transfer":
        to = Agency.objects.filter(code=body.to_agency or "", is_active=True).first()
        if to is None:
            raise ValidationError({"to_agency": "Chọn cơ quan nhận tin (mã cơ quan)."})
        return tips.transfer(actor, tip, to, body.text)
    if body.step == "extend":
        return tips.extend(actor, tip, body.text)
    if body.step == "suspend":
        return tips.suspend(actor, tip, body.text)
    if body.step == "resume":
        return tips.resume(actor, tip, body.text)
    if body.step == "settle":
        if body.outcome is None:
            raise ValidationError({"outcome": "Chọn kết quả giải quyết."})
        return tips.settle(actor, tip, body.outcome, body.text)
    if body.step == "not_a_tip":
        return tips.mark_not_a_tip(actor, tip, body.text)
    raise ValidationError({"step": "Bước xử lý không hợp lệ."})


@router.post(
    "/tips/{tip_id}/steps",
    auth=WRITE,
    response={200: TipOut, **WRITE_ERRORS},
    summary="Một bước xử lý tin báo",
)
def step(request: HttpRequest, body: StepIn, tip_id: int = object_id()) -> Status[Any]:
    tip = _visible(request, tip_id)

    def work() -> tuple[int, dict[str, Any]]:
        _step(actor(request), tip, body)
        tips.release_lock(actor(request), tip)
        return 200, _out(Tip.objects.select_related("area", "agency", "reception_agency").get(pk=tip.pk))

    return idempotency.run(request, work)
