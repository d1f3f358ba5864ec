"""The jurisdiction engine: who leads in an area and a field on a day, and where the matrix
has gaps or overlaps ("không chồng chéo, không bỏ sót", seed 001 appendix I.1.7).

Every routing in hub389 asks `who_leads`. Rules are looked up at the area itself, then its
parent (commune → province → nation; a border gate → its province → nation): the first level
that has a rule for the field answers.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from hub389.registry.models import Agency, Area, AreaKind, Field, JurisdictionRule, competence_error


@dataclass
class Jurisdiction:
    """The answer of `who_leads`: the lead agency, the coordinators and the rule(s) behind it.

    `lead` is None on a gap (no rule up the chain) and on an overlap (several leads at the same
    level); `rules` then holds the competing rules so a caller can show them.
    """

    area: Area
    field: Field
    on_date: datetime.date
    rules: list[JurisdictionRule] = dataclasses.field(default_factory=list)
    matched_area: Area | None = None

    @property
    def is_gap(self) -> bool:
        return not self.rules

    @property
    def is_overlap(self) -> bool:
        return len(self.rules) > 1

    @property
    def lead(self) -> Agency | None:
        return self.rules[0].lead_agency if len(self.rules) == 1 else None

    @property
    def coordinators(self) -> list[Agency]:
        if len(self.rules) != 1:
            return []
        return list(self.rules[0].coordinating_agencies.all())


def _rules_on(day: datetime.date, **filters: object) -> list[JurisdictionRule]:
    return list(
        JurisdictionRule.objects.valid_on(day)
        .filter(**filters)
        .select_related("lead_agency", "area")
        .prefetch_related(Prefetch("coordinating_agencies", queryset=Agency.objects.order_by("code")))
        .order_by("lead_agency__code")
    )


def resolve_many(
    areas: list[Area], fields: list[Field], on_date: datetime.date
) -> dict[tuple[int, int], Jurisdiction]:
    """Answer `who_leads` for every (area, field) pair at once: one query for the rules of all
    the areas and their ancestors, then the fallback walk in memory."""
    chains = {area.pk: area.ancestors() for area in areas}
    wanted = {a.pk for chain in chains.values() for a in chain}
    by_key: dict[tuple[int, int], list[JurisdictionRule]] = defaultdict(list)
    for rule in _rules_on(on_date, area__in=wanted, field__in=[f.pk for f in fields]):
        by_key[(rule.area_id, rule.field_id)].append(rule)
    answers = {}
    for area in areas:
        for fld in fields:
            answer = Jurisdiction(area, fld, on_date)
            for level in chains[area.pk]:
                if by_key.get((level.pk, fld.pk)):
                    answer.rules, answer.matched_area = by_key[(level.pk, fld.pk)], level
                    break
            answers[(area.pk, fld.pk)] = answer
    return answers


def who_leads(area: Area, field: Field, on_date: datetime.date | None = None) -> Jurisdiction:
    """Who leads in `area` for `field` on `on_date` (default today): the rule at the area
    itself, else at its parent, up to the nation. Every routing in hub389 asks this."""
    day = on_date or timezone.localdate()
    return resolve_many([area], [field], day)[(area.pk, field.pk)]


@dataclass
class Problem:
    """A line of the gap report: a GAP (no lead), an OVERLAP (more than one lead) or an
    INCOMPETENT lead (an agency the field's law does not empower, `Field.lead_kinds`)."""

    kind: str
    area: Area
    field: Field
    agencies: list[Agency] = dataclasses.field(default_factory=list)
    sub_areas: int = 0

    def line(self) -> str:
        text = f"{self.kind} {self.area.code} {self.area.name} | {self.field.code} {self.field.name}"
        if self.agencies:
            text += " | " + "; ".join(a.name for a in self.agencies)
        if self.sub_areas:
            text += f" | +{self.sub_areas} địa bàn cấp dưới"
        return text


def find_problems(
    on_date: datetime.date, within: Area | None = None, fields: list[Field] | None = None
) -> Iterator[Problem]:
    """Walk every (area, field) the field concerns and yield its gaps and overlaps on a date.

    A gap is reported once at the highest uncovered area of a subtree; its uncovered sub-areas
    are counted, not listed (a province with no rule would otherwise list every commune).
    Only the areas of the scope (and its ancestors) are loaded; the whole country takes a few
    queries.
    """
    areas = {a.pk: a for a in _scope_areas(within)}
    children: dict[int | None, list[Area]] = defaultdict(list)
    for area in areas.values():
        children[area.parent_id].append(area)
    for siblings in children.values():
        siblings.sort(key=lambda a: a.code)
    rules_at: dict[tuple[int, int], list[JurisdictionRule]] = defaultdict(list)
    for rule in _rules_on(on_date):
        rules_at[(rule.area_id, rule.field_id)].append(rule)
    roots = [within] if within is not None else children[None]
    for fld in fields if fields is not None else list(Field.objects.all()):
        yield from _field_problems(fld, roots, areas, children, rules_at)
        for (area_id, field_id), rules in sorted(rules_at.items()):
            if field_id != fld.pk or area_id not in areas or not _inside(areas[area_id], within):
                continue
            for rule in rules:
                if competence_error(fld, rule.lead_agency):
                    yield Problem("INCOMPETENT", areas[area_id], fld, [rule.lead_agency])


def _inside(area: Area, within: Area | None) -> bool:
    if within is None or within.kind == AreaKind.NATIONAL:
        return True
    return within.pk in (area.pk, area.parent_id, area.province_id)


def _scope_areas(within: Area | None) -> list[Area]:
    """The areas below `within` (all when None), plus its ancestors for the fallback walk."""
    if within is None or within.kind == AreaKind.NATIONAL:
        return list(Area.objects.all())
    below = Q(pk=within.pk) | Q(parent=within)
    if within.kind == AreaKind.PROVINCE:
        below |= Q(province=within)
    return [*Area.objects.filter(below), *within.ancestors()[1:]]


def _field_problems(
    fld: Field,
    roots: list[Area],
    areas: dict[int, Area],
    children: dict[int | None, list[Area]],
    rules_at: dict[tuple[int, int], list[JurisdictionRule]],
) -> Iterator[Problem]:
    kinds = set(fld.area_kinds)

    def own_rules(area: Area) -> list[JurisdictionRule]:
        return rules_at.get((area.pk, fld.pk), [])

    def covered(area: Area | None) -> bool:
        while area is not None:
            if own_rules(area):
                return True
            area = areas.get(area.parent_id) if area.parent_id else None
        return False

    def has_rules_below(area: Area) -> bool:
        return any(own_rules(child) or has_rules_below(child) for child in children[area.pk])

    def count_uncovered(area: Area) -> int:
        return sum(
            (child.kind in kinds) + count_uncovered(child)
            for child in children[area.pk]
            if not own_rules(child)
        )

    def walk(area: Area, parent_covered: bool) -> Iterator[Problem]:
        own = own_rules(area)
        if len(own) > 1:
            yield Problem("OVERLAP", area, fld, [r.lead_agency for r in own])
        is_covered = parent_covered or bool(own)
        if not is_covered and area.kind in kinds:
            if not has_rules_below(area):
                yield Problem("GAP", area, fld, sub_areas=count_uncovered(area))
                return
            yield Problem("GAP", area, fld)
        for child in children[area.pk]:
            yield from walk(child, is_covered)

    for root in roots:
        yield from walk(root, covered(areas.get(root.parent_id)) if root.parent_id else False)
