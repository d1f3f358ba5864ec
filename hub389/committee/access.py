"""Who sees and works the committee's registers.

Flash reports: the reporting agency sees its own; a committee's standing office and its
leaders see those sent to their committee (their own level only: a province's report reaches
the national committee when the province forwards it, not before). The committee's leader
acknowledges; its standing office or leader forwards it up.

Recommendations: the agency that raised one sees it; the committee's standing office (and
the offices above it) and its leaders see the committee's register; the standing office
consolidates, forwards, records answers and changes a status.

Area responsibility: who answers for each commune is known to every officer who reads the
committee's figures (and to the assigned agency); the standing office assigns (its
`manage_plans`). A finding (another force's case or tip in the area) is seen by the officer
answering for the area, the heads of that agency, the standing office and the leaders.

Commitments: the register is read like the committee's figures; any officer of an agency
records one signed before it, and a breach shown by a case they may open."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from hub389.accounts.access import (
    home_area,
    is_admin,
    is_head,
    is_leader_for,
    is_standing_office,
    is_standing_officer_for,
)
from hub389.accounts.models import Role
from hub389.committee.models import (
    AreaAssignment,
    AreaFinding,
    Commitment,
    FlashReport,
    FlashStep,
    Recommendation,
)
from hub389.policy import rule, scope
from hub389.registry.access import view_kpi


def _office_of(user: Any, committee: Any) -> bool:
    """The user works in the committee's standing office or leads the committee."""
    return (
        user.agency_id is not None
        and (is_standing_office(user) or user.role == Role.LEADER)
        and user.agency.area_id == committee.area_id
    )


def leads(user: Any, committee: Any) -> bool:
    return (
        user.role == Role.LEADER and user.agency_id is not None and user.agency.area_id == committee.area_id
    )


@rule("create", FlashReport)
def create_flash(user: Any, obj: Any) -> bool:
    return user.agency_id is not None and not is_admin(user)


@rule("view", FlashReport)
def view_flash(user: Any, flash: Any) -> bool:
    if isinstance(flash, type):
        return user.agency_id is not None
    if is_admin(user) or flash.agency_id == user.agency_id:
        return True
    return any(_office_of(user, step.committee) for step in flash.steps.select_related("committee"))


@scope("view", FlashReport)
def flash_reports(user: Any) -> QuerySet[FlashReport]:
    if is_admin(user):
        return FlashReport.objects.all()
    if user.agency_id is None:
        return FlashReport.objects.none()
    mine = Q(agency_id=user.agency_id)
    if is_standing_office(user) or user.role == Role.LEADER:
        sent = FlashStep.objects.filter(flash_id=OuterRef("pk"), committee__area_id=user.agency.area_id)
        mine |= Q(Exists(sent))
    return FlashReport.objects.filter(mine)


@rule("acknowledge", FlashStep)
def acknowledge_step(user: Any, step: Any) -> bool:
    return not isinstance(step, type) and step.acknowledged_at is None and leads(user, step.committee)


@rule("forward", FlashReport)
def forward_flash(user: Any, flash: Any) -> bool:
    """Send it to the level above: the standing office or leader of the highest committee it
    has reached, once that committee's leader has acknowledged it, when it has a parent."""
    if isinstance(flash, type):
        return False
    top = flash.steps.select_related("committee__parent").order_by("-sent_at", "-pk").first()
    return (
        top is not None
        and top.acknowledged_at is not None  # the leader has read it and the committee decides
        and top.committee.parent_id is not None
        and _office_of(user, top.committee)
    )


@rule("create", Recommendation)
def create_recommendation(user: Any, obj: Any) -> bool:
    return user.agency_id is not None and not is_admin(user)


@rule("view", Recommendation)
def view_recommendation(user: Any, rec: Any) -> bool:
    if isinstance(rec, type):
        return user.agency_id is not None or is_admin(user)
    if is_admin(user) or rec.agency_id == user.agency_id:
        return True
    if user.agency_id is not None and rec.merged.filter(agency_id=user.agency_id).exists():
        return True  # its own recommendation was merged into this one
    area = rec.committee.area
    return is_standing_officer_for(user, area) or is_leader_for(user, area)


@scope("view", Recommendation)
def recommendations(user: Any) -> QuerySet[Recommendation]:
    if is_admin(user):
        return Recommendation.objects.all()
    if user.agency_id is None:
        return Recommendation.objects.none()
    merged_in = Recommendation.objects.filter(merged_into=OuterRef("pk"), agency_id=user.agency_id)
    mine = Q(agency_id=user.agency_id) | Q(Exists(merged_in))
    if is_standing_office(user) or user.role == Role.LEADER:
        mine |= home_area(user, "committee__area")
    return Recommendation.objects.filter(mine)


@rule("manage", Recommendation)
def manage_recommendation(user: Any, rec: Any) -> bool:
    """Consolidate, forward, record an answer, change the status: the committee's standing office."""
    if isinstance(rec, type):
        return is_standing_office(user)
    return is_standing_officer_for(user, rec.committee.area)


@rule("view", AreaAssignment)
def view_assignment(user: Any, row: Any) -> bool:
    if isinstance(row, type):
        return user.agency_id is not None or is_admin(user)
    return is_admin(user) or row.agency_id == user.agency_id or view_kpi(user, row.committee)


@scope("view", AreaAssignment)
def assignments(user: Any) -> QuerySet[AreaAssignment]:
    if is_admin(user):
        return AreaAssignment.objects.all()
    if user.agency_id is None:
        return AreaAssignment.objects.none()
    return AreaAssignment.objects.filter(Q(agency_id=user.agency_id) | home_area(user, "committee__area"))


@rule("view", AreaFinding)
def view_finding(user: Any, row: Any) -> bool:
    if isinstance(row, type):
        return user.agency_id is not None or is_admin(user)
    a = row.assignment
    if is_admin(user) or a.officer_id == user.pk or (is_head(user) and a.agency_id == user.agency_id):
        return True
    area = a.committee.area
    return is_standing_officer_for(user, area) or is_leader_for(user, area)


@scope("view", AreaFinding)
def findings(user: Any) -> QuerySet[AreaFinding]:
    if is_admin(user):
        return AreaFinding.objects.all()
    mine = Q(assignment__officer_id=user.pk)
    if is_head(user) and user.agency_id is not None:
        mine |= Q(assignment__agency_id=user.agency_id)
    if user.agency_id is not None and (is_standing_office(user) or user.role == Role.LEADER):
        mine |= home_area(user, "assignment__committee__area")
    return AreaFinding.objects.filter(mine)


@rule("create", Commitment)
def create_commitment(user: Any, obj: Any) -> bool:
    return user.agency_id is not None and not is_admin(user)


@rule("view", Commitment)
def view_commitment(user: Any, row: Any) -> bool:
    if isinstance(row, type):
        return user.agency_id is not None or is_admin(user)
    return is_admin(user) or row.agency_id == user.agency_id or view_kpi(user, row.committee)


@scope("view", Commitment)
def commitments(user: Any) -> QuerySet[Commitment]:
    if is_admin(user):
        return Commitment.objects.all()
    if user.agency_id is None:
        return Commitment.objects.none()
    return Commitment.objects.filter(Q(agency_id=user.agency_id) | home_area(user, "committee__area"))
