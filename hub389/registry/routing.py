"""Where a tip or a case goes: the field its place, link or goods group falls under, and the
agency that leads it there (`jurisdiction.who_leads`); a gap or an overlap goes to the
standing office of the area, flagged. Tips route with it when they are received; cases ask it
for the lead agency to notify."""

import datetime

from hub389.registry.jurisdiction import who_leads
from hub389.registry.models import Agency, Area, AreaKind, Field, GoodsGroup, SteeringCommittee

# Where a tip lands by the kind of place, before the goods group is considered.
PLACE_FIELDS = {
    AreaKind.BORDER_GATE: "hai-quan",
    AreaKind.SEAPORT: "hai-quan",
    AreaKind.AIRPORT: "hai-quan",
    AreaKind.CUSTOMS_ZONE: "hai-quan",
    AreaKind.SEA_AREA: "bien",
    AreaKind.ONLINE_PLATFORM: "tmdt",
}
DEFAULT_FIELD = "luu-thong"
# How an item was routed (the values of `tips.models.Routing`).
BY_RULE, GAP, OVERLAP = "rule", "gap", "overlap"


def routing_field(area: Area, goods_group: GoodsGroup | None, url: str) -> Field:
    """The field a tip belongs to: the kind of place first (a border gate is customs ground),
    then an online link (e-commerce), then the goods group's field."""
    code = PLACE_FIELDS.get(AreaKind(area.kind))
    if code is None and url:
        code = "tmdt"
    if code is None and goods_group is not None and goods_group.field_id:
        return goods_group.field  # type: ignore[return-value]
    return Field.objects.get(code=code or DEFAULT_FIELD)


def standing_office_for(area: Area) -> Agency:
    """The standing office that takes tips nobody leads: the province's (or the nation's)."""
    target = area.province or area if area.kind != AreaKind.NATIONAL else area
    committee = SteeringCommittee.objects.select_related("standing_office").filter(area=target).first()
    if committee is None:
        committee = SteeringCommittee.objects.select_related("standing_office").get(level="national")
    return committee.standing_office


def route(area: Area, field: Field, day: datetime.date) -> tuple[Agency, list[Agency], str]:
    """(lead agency, coordinators, routing flag) by `who_leads`; a gap or an overlap goes to
    the standing office, flagged."""
    answer = who_leads(area, field, day)
    if answer.lead is not None:
        return answer.lead, answer.coordinators, BY_RULE
    flag = OVERLAP if answer.is_overlap else GAP
    return standing_office_for(area), [], flag
