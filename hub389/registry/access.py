"""Who may see and change the registry: reference data is read by every signed-in officer;
jurisdiction rules, agencies and committees are changed by administrators and the standing
office of the area (agencies also by their own head); a committee's figures are seen by the
officers of agencies in its area or above it."""

from typing import Any

from django.db.models import Model, QuerySet

from hub389.accounts.access import (
    above,
    home_area,
    is_admin,
    is_head,
    is_standing_office,
    is_standing_officer_for,
)
from hub389.policy import Scope, rule, scope
from hub389.registry.models import (
    Agency,
    Area,
    Field,
    GoodsGroup,
    JurisdictionRule,
    Level,
    SteeringCommittee,
)


def _everything(model: type[Model]) -> Scope:
    def query(user: Any) -> QuerySet[Any]:
        return model._default_manager.all()

    return query


# Reference data is not secret: every signed-in officer may read it.
for _model in (Area, Agency, SteeringCommittee, Field, GoodsGroup, JurisdictionRule):
    rule("view", _model)(lambda user, obj: True)
    scope("view", _model)(_everything(_model))


@rule("change", Agency)
def change_agency(user: Any, agency: Any) -> bool:
    if is_admin(user):
        return True
    if isinstance(agency, type):
        return False
    if is_head(user) and user.agency_id == agency.pk:
        return True
    return is_standing_officer_for(user, agency.area)


@rule("rename", Agency)
def rename_agency(user: Any, agency: Any) -> bool:
    """Its name, short name and whether it is active: the registry's keepers, not the agency's
    own head (who keeps its contacts, `change`)."""
    if is_admin(user):
        return True
    return not isinstance(agency, type) and is_standing_officer_for(user, agency.area)


@rule("change", SteeringCommittee)
def change_committee(user: Any, committee: Any) -> bool:
    if is_admin(user):
        return True
    return not isinstance(committee, type) and is_standing_officer_for(user, committee.area)


@rule("manage_rules", Area)
def manage_rules(user: Any, area: Area) -> bool:
    return is_admin(user) or is_standing_officer_for(user, area)


@rule("change", JurisdictionRule)
def change_rule(user: Any, jr: Any) -> bool:
    if is_admin(user):
        return True
    return not isinstance(jr, type) and is_standing_officer_for(user, jr.area)


@rule("change", Field)
@rule("change", GoodsGroup)
def change_reference(user: Any, obj: Any) -> bool:
    if is_admin(user):
        return True
    return is_standing_office(user) and user.agency is not None and user.agency.level == Level.NATIONAL


@rule("view_kpi", SteeringCommittee)
def view_kpi(user: Any, committee: Any) -> bool:
    """A committee's figures: officers of agencies in its area or above it."""
    if is_admin(user):
        return True
    if isinstance(committee, type) or user.agency is None:
        return False
    return above(user, committee.area)


@scope("view_kpi", SteeringCommittee)
def committees_with_kpi(user: Any) -> QuerySet[SteeringCommittee]:
    if is_admin(user):
        return SteeringCommittee.objects.all()
    return SteeringCommittee.objects.filter(home_area(user))
