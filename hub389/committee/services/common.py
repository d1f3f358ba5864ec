"""What the committee's services share: who works for a committee, and the error collector."""

from typing import Any

from django.core.exceptions import ValidationError

from hub389.accounts.models import Role, User
from hub389.registry.models import Area, AreaKind, SteeringCommittee


def committee_for(area: Area) -> SteeringCommittee:
    """The committee of a place: its own if it has one (a commune's), else its province's, else
    the nation's."""
    for candidate in (area, area.province):
        if candidate is None:
            continue
        found = SteeringCommittee.objects.select_related("area", "parent").filter(area=candidate).first()
        if found is not None:
            return found
    return SteeringCommittee.objects.select_related("area", "parent").get(area__kind=AreaKind.NATIONAL)


def office_and_leaders(committee: SteeringCommittee) -> Any:
    """The standing officers and the leaders of a committee: who a flash report goes to."""
    return User.objects.officers().filter(
        agency=committee.standing_office_id, role=Role.STANDING_OFFICE
    ) | User.objects.officers().filter(agency__area=committee.area_id, role=Role.LEADER)


class Errors:
    """Messages by field, raised together: the officer sees every problem at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, key: str, text: str) -> None:
        self.by_field.setdefault(key, []).append(text)

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)
