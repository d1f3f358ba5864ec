"""The hotline directory on the public side: "who do I call about fake milk in Phường Đống
Đa?" is answered by the jurisdiction engine (the agency that leads the place's field for that
goods group, today), with the contacts that agency keeps itself; and every agency of a province
with a hotline, the committee's standing office first. A plain GET form: it works without
JavaScript, and a link to an answer can be shared."""

from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hub389.lib.text import by_name
from hub389.registry.jurisdiction import who_leads
from hub389.registry.models import Agency, Area, AreaKind, GoodsGroup, Level, SteeringCommittee
from hub389.registry.routing import routing_field, standing_office_for

REACHABLE = Q(is_active=True) & (~Q(hotline="") | ~Q(phone=""))


def _province(code: str) -> Area | None:
    return Area.objects.filter(kind=AreaKind.PROVINCE, code=code.strip()[:10]).first() if code else None


def _reachable(agency: Agency | None) -> bool:
    return agency is not None and bool(agency.hotline or agency.phone or agency.email)


def _answer(place: Area, group: GoodsGroup | None, online: bool) -> dict[str, Any]:
    """The lead agency for the place and goods (or the standing office that takes what nobody
    leads) and the coordinators, as the tip routing would choose them; and, when the lead has
    published no way to reach it, whom to call instead: a coordinator with a number, the
    province's standing office, the nation's. There is always a number to call."""
    found = who_leads(place, routing_field(place, group, "online" if online else ""))
    office = standing_office_for(place)
    lead = found.lead or office
    fallback = None
    if not _reachable(lead):
        national = (
            SteeringCommittee.objects.select_related("standing_office").filter(level="national").first()
        )
        candidates = [*found.coordinators, office, *([national.standing_office] if national else [])]
        fallback = next((a for a in candidates if _reachable(a) and a.pk != lead.pk), None)
    return {
        "place": place,
        "group": group,
        "lead": lead,
        "gap": found.lead is None,
        "others": found.coordinators,
        "fallback": fallback,
    }


def hotlines(request: HttpRequest) -> HttpResponse:
    provinces = by_name(Area.objects.filter(kind=AreaKind.PROVINCE).only("code", "name"))
    groups = list(GoodsGroup.objects.order_by("sort_order", "name"))
    province = _province(request.GET.get("province", ""))
    communes: list[Area] = []
    answer = None
    agencies: list[Agency] = []
    if province is not None:
        communes = by_name(Area.objects.filter(province=province, kind=AreaKind.COMMUNE).only("code", "name"))
        code = request.GET.get("commune", "").strip()[:10]
        place = next((a for a in communes if a.code == code), province)
        group = next((g for g in groups if g.code == request.GET.get("goods", "")), None)
        if request.GET.get("goods") is not None:
            answer = _answer(place, group, online=bool(request.GET.get("online")))
        office = standing_office_for(province)
        agencies = sorted(
            Agency.objects.filter(REACHABLE, area=province).select_related("area"),
            key=lambda a: (a.pk != office.pk, a.kind, a.name),
        )
    national = list(Agency.objects.filter(REACHABLE, level=Level.NATIONAL).order_by("name"))
    return render(
        request,
        "registry/hotlines.html",
        {
            "provinces": provinces,
            "groups": groups,
            "province": province,
            "communes": communes,
            "answer": answer,
            "agencies": agencies,
            "national": national,
            "chosen": request.GET,
        },
    )


def national_hotline() -> dict[str, str]:
    """The national committee's standing office and its hotline, for every public page's
    footer (kept five minutes: an agency's edit shows within that)."""
    found = cache.get("public:national-hotline")
    if found is None:
        committee = (
            SteeringCommittee.objects.select_related("standing_office").filter(level="national").first()
        )
        office = committee.standing_office if committee else None
        found = {
            "committee": committee.name if committee else "",
            "hotline": (office.hotline or office.phone) if office else "",
        }
        cache.set("public:national-hotline", found, 300)
    return found
