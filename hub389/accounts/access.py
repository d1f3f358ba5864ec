"""Who a user is, for the access rules of every app: administrator, a committee's standing
office, a leader, an officer of an agency. The rules themselves are in each app's `access.py`;
these are the facts about the user they all ask, each answered once per user object."""

from typing import Any

from django.db.models import Q

from hub389.accounts.models import Role, User
from hub389.registry.models import Area, SteeringCommittee, within


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser))


def is_head(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.HEAD)


def committee_of(user: User) -> SteeringCommittee | None:
    """The committee whose area is the user's agency's area (None without an agency)."""
    if user.agency is None:
        return None
    return SteeringCommittee.objects.filter(area_id=user.agency.area_id).first()


def is_standing_office(user: User) -> bool:
    """The user is a standing-office officer of an agency that is a committee's standing office
    (asked once per user object: a list page asks it more than once)."""
    cached = getattr(user, "_is_standing_office", None)
    if cached is None:
        cached = (
            user.role == Role.STANDING_OFFICE
            and user.agency_id is not None
            and SteeringCommittee.objects.filter(standing_office_id=user.agency_id).exists()
        )
        user._is_standing_office = cached  # type: ignore[attr-defined]
    return bool(cached)


def _home(user: User) -> int | None:
    return user.agency.area_id if user.agency is not None else None


def above(user: User, area: Area) -> bool:
    """`area` is the user's agency's area or lies below it."""
    home = _home(user)
    return home is not None and any(a.pk == home for a in area.ancestors())


def is_standing_officer_for(user: User, area: Area) -> bool:
    """A standing-office officer acts for the committee of their agency's area and everything
    below it (a province's office for its communes and border gates too)."""
    return is_standing_office(user) and above(user, area)


def is_leader_for(user: User, area: Area) -> bool:
    return user.role == Role.LEADER and above(user, area)


def home_area(user: User, field: str = "area") -> Q:
    """Rows placed in the user's agency's area or below it (the scope of `above`)."""
    if user.agency is None:
        return Q(pk__in=[])
    return within(user.agency.area, field)
