"""Who may see and work a tip.

The lead agency handles; the agency that received it (its reception book lists it),
coordinating agencies, agencies that held the tip before a transfer, the standing office of the
area and the committee's leaders read; nobody else. Handling is for
the assigned handler or the agency head; an unassigned tip is taken first. The informant's
identity is revealed only to the handler and the head (RULES.md, personal data)."""

from typing import Any

from django.db.models import Q, QuerySet

from hub389.accounts.access import (
    home_area,
    is_admin,
    is_head,
    is_leader_for,
    is_standing_office,
    is_standing_officer_for,
)
from hub389.accounts.models import Role
from hub389.policy import rule, scope
from hub389.tips.models import Tip


def _in_agency(user: Any, agency_id: int | None) -> bool:
    return agency_id is not None and user.agency_id == agency_id


@rule("create", Tip)
def create_tip(user: Any, tip: Any) -> bool:
    return user.agency_id is not None


@rule("view", Tip)
def view_tip(user: Any, tip: Any) -> bool:
    if isinstance(tip, type) or is_admin(user):
        return True
    if user.agency_id is None:
        return False
    if _in_agency(user, tip.agency_id) or _in_agency(user, tip.reception_agency_id):
        return True
    if (
        tip.coordinators.filter(pk=user.agency_id).exists()
        or tip.past_agencies.filter(pk=user.agency_id).exists()
    ):
        return True
    return is_leader_for(user, tip.area) or is_standing_officer_for(user, tip.area)


@scope("view", Tip)
def tips(user: Any) -> QuerySet[Tip]:
    if is_admin(user):
        return Tip.objects.all()
    if user.agency_id is None:
        return Tip.objects.none()
    agency = user.agency_id
    seen = (
        Q(agency_id=agency)
        | Q(reception_agency_id=agency)
        # IN (uncorrelated) rather than EXISTS: PostgreSQL hashes each list once instead of
        # probing the link table for every tip (the national set: 300k probes per page).
        | Q(pk__in=Tip.coordinators.through.objects.filter(agency_id=agency).values("tip_id"))
        | Q(pk__in=Tip.past_agencies.through.objects.filter(agency_id=agency).values("tip_id"))
    )
    if user.role == Role.LEADER or is_standing_office(user):
        seen |= home_area(user)
    return Tip.objects.filter(seen)


@rule("handle", Tip)
@rule("transfer", Tip)
def handle_tip(user: Any, tip: Any) -> bool:
    if isinstance(tip, type) or not _in_agency(user, tip.agency_id):
        return False
    return (
        tip.handler_id == user.pk
        or is_head(user)
        or (tip.handler_id is None and user.role == Role.STANDING_OFFICE)
    )


@rule("take", Tip)
def take_tip(user: Any, tip: Any) -> bool:
    return not isinstance(tip, type) and _in_agency(user, tip.agency_id) and tip.handler_id is None


@rule("assign", Tip)
@rule("triage", Tip)
def assign_tip(user: Any, tip: Any) -> bool:
    """Assign, merge, mark as not a tip. On the class: whether the user may triage at all
    (the queue shows the bulk actions)."""
    if isinstance(tip, type):
        return user.agency_id is not None and user.role in (Role.HEAD, Role.STANDING_OFFICE)
    if not _in_agency(user, tip.agency_id):
        return False
    return user.role in (Role.HEAD, Role.STANDING_OFFICE) or tip.handler_id == user.pk


@rule("unlock", Tip)
def unlock_tip(user: Any, tip: Any) -> bool:
    """Release the 15-minute work lock: the officer holding it, or the head of the agency."""
    if isinstance(tip, type) or tip.locked_by_id is None:
        return False
    return tip.locked_by_id == user.pk or (_in_agency(user, tip.agency_id) and is_head(user))


@rule("reveal", Tip)
def reveal_informant(user: Any, tip: Any) -> bool:
    """Only the assigned handler and the head of the agency handling it (RULES.md, PDP law)."""
    if isinstance(tip, type) or not _in_agency(user, tip.agency_id):
        return False
    return tip.handler_id == user.pk or is_head(user)
