"""Peak campaigns: which cases and tips fall in a campaign's scope, tagging them, and the
campaign's live figures (seed 004: cases, fines, goods value, prosecutions), also by
two-week slices for the printed summaries."""

import datetime

from django.db.models import Q, QuerySet

from hub389.cases.figures import Figures, summarise
from hub389.cases.models import Case
from hub389.plans.models import Campaign
from hub389.registry.models import within
from hub389.tips.models import Tip

SLICE_DAYS = 14


def _scope(campaign: Campaign, date_field: str, agency_field: str) -> Q:
    q = Q(**{f"{date_field}__range": (campaign.starts_on, campaign.ends_on)}) & within(
        campaign.committee.area
    )
    groups = list(campaign.goods_groups.values_list("pk", flat=True))
    if groups:
        q &= Q(goods_group_id__in=groups)
    areas = list(campaign.areas.all())
    if areas:
        place = Q(pk__in=[])
        for area in areas:
            place |= within(area)
        q &= place
    agencies = list(campaign.agencies.values_list("pk", flat=True))
    if agencies:
        q &= Q(**{f"{agency_field}__in": agencies})
    return q


def cases_in_scope(campaign: Campaign) -> QuerySet[Case]:
    return Case.objects.filter(_scope(campaign, "detected_on", "owner_id"))


def tips_in_scope(campaign: Campaign) -> QuerySet[Tip]:
    return Tip.objects.filter(_scope(campaign, "received_on", "agency_id"))


def backfill(campaign: Campaign) -> dict[str, int]:
    """Tag every case and tip already recorded in the campaign's scope."""
    cases, tips = list(cases_in_scope(campaign)), list(tips_in_scope(campaign))
    campaign.cases.add(*cases)
    campaign.tips.add(*tips)
    return {"cases": len(cases), "tips": len(tips)}


def _running(day: datetime.date) -> QuerySet[Campaign]:
    return Campaign.objects.filter(starts_on__lte=day, ends_on__gte=day)


def tag_case(case: Case) -> None:
    """Called when a case is recorded: it joins every running campaign whose scope holds it."""
    tag_cases([case])


def tag_cases(cases: list[Case]) -> None:
    """`tag_case` for many just recorded (an import): a query per campaign, not per case."""
    if not cases:
        return
    days = [c.detected_on for c in cases]
    running = Campaign.objects.filter(starts_on__lte=max(days), ends_on__gte=min(days))
    ids = [c.pk for c in cases]
    for campaign in running:
        held = list(cases_in_scope(campaign).filter(pk__in=ids).values_list("pk", flat=True))
        if held:
            campaign.cases.add(*held)


def tag_tip(tip: Tip) -> None:
    for campaign in _running(tip.received_on):
        if tips_in_scope(campaign).filter(pk=tip.pk).exists():
            campaign.tips.add(tip)


def figures(
    campaign: Campaign, start: datetime.date | None = None, end: datetime.date | None = None
) -> Figures:
    """The campaign's figures over its whole period, or over [start, end] within it."""
    start, end = start or campaign.starts_on, end or campaign.ends_on
    tagged = Case.objects.filter(campaigns=campaign)
    return summarise(
        campaign.name, tagged.filter(detected_on__range=(start, end)), Q(case__campaigns=campaign), start, end
    )


def slices(campaign: Campaign) -> list[tuple[datetime.date, datetime.date]]:
    """Two-week windows from the campaign's start (seed 004 reports "two weeks of the peak")."""
    out, day = [], campaign.starts_on
    while day <= campaign.ends_on:
        last = min(day + datetime.timedelta(days=SLICE_DAYS - 1), campaign.ends_on)
        out.append((day, last))
        day = last + datetime.timedelta(days=1)
    return out
