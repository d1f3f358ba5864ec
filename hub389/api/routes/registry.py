"""Reference data (areas, agencies, committees, fields, goods groups) and who leads where."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field as Constraint

from hub389 import policy
from hub389.api.auth import ClientToken
from hub389.api.schemas import ERRORS, page_after
from hub389.lib.text import fold
from hub389.registry.jurisdiction import who_leads
from hub389.registry.models import Agency, Area, Field, GoodsGroup, SteeringCommittee

router = Router(tags=["registry"], auth=ClientToken("registry:read"))


class AreaOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None


class AgencyOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    level: str
    area: str
    parent: str | None
    can_investigate: bool


class CommitteeOut(Schema):
    code: str
    name: str
    level: str
    area: str
    standing_office: str
    parent: str | None


class FieldOut(Schema):
    code: str
    name: str
    area_kinds: list[str]
    lead_kinds: list[str]


class GoodsGroupOut(Schema):
    code: str
    name: str
    field: str | None


class CodePage[T](Schema):
    items: list[T]
    next: str | None = Constraint(None, description="`after` for the next page; null at the end")


class AreaQuery(Schema):
    q: str = ""
    kind: str = ""
    parent: str = ""
    after: str = Constraint("", max_length=40)
    limit: int = Constraint(200, ge=1, le=1000)


@router.get("/areas", response={200: CodePage[AreaOut], **ERRORS}, summary="Địa bàn (theo mã)")
def areas(request: HttpRequest, filters: Query[AreaQuery]) -> CodePage[AreaOut]:
    qs = policy.visible(request.user, "view", Area).select_related("parent").order_by("code")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent)
    for word in fold(filters.q).split():
        qs = qs.filter(Q(search_name__contains=word) | Q(code=word))
    page = page_after(
        qs,
        "code",
        filters.after,
        filters.limit,
        lambda a: AreaOut(code=a.code, name=a.name, kind=a.kind, parent=a.parent.code if a.parent else None),
    )
    return CodePage[AreaOut](**page)


def _agency(a: Agency) -> AgencyOut:
    return AgencyOut(
        code=a.code,
        name=a.name,
        short_name=a.short_name,
        kind=a.kind,
        level=a.level,
        area=a.area.code,
        parent=a.parent.code if a.parent else None,
        can_investigate=a.can_investigate,
    )


class AgencyQuery(Schema):
    q: str = ""
    kind: str = ""
    area: str = ""
    after: str = Constraint("", max_length=40)
    limit: int = Constraint(200, ge=1, le=1000)


@router.get("/agencies", response={200: CodePage[AgencyOut], **ERRORS}, summary="Cơ quan")
def agencies(request: HttpRequest, filters: Query[AgencyQuery]) -> CodePage[AgencyOut]:
    qs = (
        policy.visible(request.user, "view", Agency)
        .filter(is_active=True)
        .select_related("area", "parent")
        .order_by("code")
    )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.area:
        qs = qs.filter(area__code=filters.area)
    for word in fold(filters.q).split():
        qs = qs.filter(Q(search_name__contains=word) | Q(code__iexact=word))
    return CodePage[AgencyOut](**page_after(qs, "code", filters.after, filters.limit, _agency))


@router.get("/agencies/{code}", response={200: AgencyOut, **ERRORS}, summary="Một cơ quan")
def agency(request: HttpRequest, code: str) -> AgencyOut:
    found = get_object_or_404(
        policy.visible(request.user, "view", Agency).select_related("area", "parent"), code=code
    )
    return _agency(found)


@router.get("/committees", response={200: list[CommitteeOut], **ERRORS}, summary="Ban Chỉ đạo 389")
def committees(request: HttpRequest, level: str = "", parent: str = "") -> list[CommitteeOut]:
    qs = policy.visible(request.user, "view", SteeringCommittee).select_related(
        "area", "standing_office", "parent__area"
    )
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__area__code=parent)
    return [
        CommitteeOut(
            code=c.code,
            name=c.name,
            level=c.level,
            area=c.area.code,
            standing_office=c.standing_office.code,
            parent=c.parent.code if c.parent else None,
        )
        for c in qs.order_by("area__code")
    ]


@router.get("/fields", response={200: list[FieldOut], **ERRORS}, summary="Lĩnh vực")
def fields(request: HttpRequest) -> list[FieldOut]:
    return [
        FieldOut(code=f.code, name=f.name, area_kinds=f.area_kinds, lead_kinds=f.lead_kinds)
        for f in policy.visible(request.user, "view", Field)
    ]


@router.get("/goods-groups", response={200: list[GoodsGroupOut], **ERRORS}, summary="Nhóm hàng")
def goods_groups(request: HttpRequest) -> list[GoodsGroupOut]:
    return [
        GoodsGroupOut(code=g.code, name=g.name, field=g.field.code if g.field else None)
        for g in policy.visible(request.user, "view", GoodsGroup)
        .select_related("field")
        .order_by("sort_order", "code")
    ]


class LeadOut(Schema):
    area: str
    field: str
    on_date: datetime.date
    lead: str | None
    coordinators: list[str]
    gap: bool
    overlap: bool
    rule_area: str | None
    competing: list[str]


@router.get(
    "/who-leads", response={200: LeadOut, **ERRORS}, summary="Cơ quan chủ trì theo địa bàn, lĩnh vực, ngày"
)
def lead(request: HttpRequest, area: str, field: str, on: datetime.date | None = None) -> LeadOut:
    place = policy.visible(request.user, "view", Area).filter(code=area).first()
    concern = policy.visible(request.user, "view", Field).filter(code=field).first()
    errors = {}
    if place is None:
        errors["area"] = f"Không có địa bàn mã {area}."
    if concern is None:
        errors["field"] = f"Không có lĩnh vực mã {field} (xem /fields)."
    if errors or place is None or concern is None:
        raise ValidationError(errors)
    answer = who_leads(place, concern, on)
    return LeadOut(
        area=place.code,
        field=concern.code,
        on_date=answer.on_date,
        lead=answer.lead.code if answer.lead else None,
        coordinators=[a.code for a in answer.coordinators],
        gap=answer.is_gap,
        overlap=answer.is_overlap,
        rule_area=answer.matched_area.code if answer.matched_area else None,
        competing=[r.lead_agency.code for r in answer.rules] if answer.is_overlap else [],
    )
