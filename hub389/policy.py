"""The access policy: one place that answers "may this user do this to that record?".

Views, commands and the API ask `can(user, action, obj)` (or `require`, which raises
PermissionDenied). Each (action, model) pair has one rule below; an action with no rule is
refused, so a forgotten rule fails closed.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from hub389.accounts.models import Role, User
from hub389.audit.models import AuditEntry
from hub389.cases.models import Case, Inspection, LeadNotice, Referral
from hub389.jobs.models import Job
from hub389.plans.models import Campaign, Directive, Plan, Progress, Task
from hub389.registry.models import (
    Agency,
    Area,
    Field,
    GoodsGroup,
    JurisdictionRule,
    Level,
    SteeringCommittee,
)
from hub389.tips.models import Tip

Rule = Callable[[User, Any], bool]
_RULES: dict[tuple[str, type], Rule] = {}


def rule(action: str, model: type) -> Callable[[Rule], Rule]:
    def register(func: Rule) -> Rule:
        _RULES[(action, model)] = func
        return func

    return register


def can(user: Any, action: str, obj: Any) -> bool:
    """True when `user` may perform `action` on `obj` (a model instance, or a model class for
    actions that create). Inactive and anonymous users may do nothing here."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    model = obj if isinstance(obj, type) else type(obj)
    for klass in model.__mro__:
        check = _RULES.get((action, klass))
        if check is not None:
            return check(user, obj)
    return False


def require(user: Any, action: str, obj: Any) -> None:
    if not can(user, action, obj):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")


def is_admin(user: User) -> bool:
    return user.role == Role.ADMIN or user.is_superuser


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


def is_standing_officer_for(user: User, area: Area) -> bool:
    """A standing-office officer acts for the committee of their agency's area and everything
    below it (a province's office for its communes and border gates too)."""
    if not is_standing_office(user) or user.agency is None:
        return False
    return any(a.pk == user.agency.area_id for a in area.ancestors())


# Reference data is not secret: every signed-in officer may read it.
for _model in (Area, Agency, SteeringCommittee, Field, GoodsGroup, JurisdictionRule):
    rule("view", _model)(lambda user, obj: True)


@rule("change", Agency)
def _change_agency(user: User, agency: Any) -> bool:
    if is_admin(user):
        return True
    if isinstance(agency, type):
        return False
    if user.role == Role.HEAD and user.agency_id == agency.pk:
        return True
    return is_standing_officer_for(user, agency.area)


@rule("change", SteeringCommittee)
def _change_committee(user: User, committee: Any) -> bool:
    if is_admin(user):
        return True
    return not isinstance(committee, type) and is_standing_officer_for(user, committee.area)


@rule("manage_rules", Area)
def _manage_rules(user: User, area: Area) -> bool:
    return is_admin(user) or is_standing_officer_for(user, area)


@rule("change", JurisdictionRule)
def _change_rule(user: User, jr: Any) -> bool:
    if is_admin(user):
        return True
    return not isinstance(jr, type) and is_standing_officer_for(user, jr.area)


@rule("change", Field)
@rule("change", GoodsGroup)
def _change_reference(user: User, obj: Any) -> bool:
    if is_admin(user):
        return True
    return is_standing_office(user) and user.agency is not None and user.agency.level == Level.NATIONAL


def register_owner_rule(action: str, model: type[Model], owner_field: str) -> None:
    """Rule for personal records (a job, a notification): only their owner, or an admin."""

    def check(user: User, obj: Any) -> bool:
        if isinstance(obj, type):
            return True
        return is_admin(user) or getattr(obj, f"{owner_field}_id") == user.pk

    rule(action, model)(check)


@rule("view", AuditEntry)
def _view_audit(user: User, entry: Any) -> bool:
    return is_admin(user)


register_owner_rule("view", Job, "created_by")


# ---------------------------------------------------------------- tips
# The lead agency handles; coordinating agencies, agencies that held the tip before a
# transfer, the standing office of the area and the committee's leaders read; nobody else.
# Handling is for the assigned handler or the agency head; an unassigned tip is taken first.


def _in_agency(user: User, agency_id: int | None) -> bool:
    return agency_id is not None and user.agency_id == agency_id


@rule("create", Tip)
def _create_tip(user: User, tip: Any) -> bool:
    return user.agency_id is not None


@rule("view", Tip)
def _view_tip(user: User, tip: Any) -> bool:
    if isinstance(tip, type) or is_admin(user):
        return True
    if user.agency_id is None:
        return False
    if _in_agency(user, tip.agency_id):
        return True
    if (
        tip.coordinators.filter(pk=user.agency_id).exists()
        or tip.past_agencies.filter(pk=user.agency_id).exists()
    ):
        return True
    if user.role == Role.LEADER and user.agency is not None:
        return any(a.pk == user.agency.area_id for a in tip.area.ancestors())
    return is_standing_officer_for(user, tip.area)


@rule("handle", Tip)
def _handle_tip(user: User, tip: Any) -> bool:
    if isinstance(tip, type) or not _in_agency(user, tip.agency_id):
        return False
    return (
        tip.handler_id == user.pk
        or user.role == Role.HEAD
        or (tip.handler_id is None and user.role == Role.STANDING_OFFICE)
    )


@rule("take", Tip)
def _take_tip(user: User, tip: Any) -> bool:
    return not isinstance(tip, type) and _in_agency(user, tip.agency_id) and tip.handler_id is None


@rule("assign", Tip)
@rule("triage", Tip)
def _assign_tip(user: User, tip: Any) -> bool:
    if isinstance(tip, type) or not _in_agency(user, tip.agency_id):
        return False
    return user.role in (Role.HEAD, Role.STANDING_OFFICE) or tip.handler_id == user.pk


@rule("transfer", Tip)
def _transfer_tip(user: User, tip: Any) -> bool:
    return _handle_tip(user, tip)


@rule("reveal", Tip)
def _reveal_informant(user: User, tip: Any) -> bool:
    """Only the assigned handler and the head of the agency handling it (RULES.md, PDP law)."""
    if isinstance(tip, type) or not _in_agency(user, tip.agency_id):
        return False
    return tip.handler_id == user.pk or user.role == Role.HEAD


@rule("view_kpi", SteeringCommittee)
def _view_kpi(user: User, committee: Any) -> bool:
    """A committee's figures: officers of agencies in its area or above it."""
    if is_admin(user):
        return True
    if isinstance(committee, type) or user.agency is None:
        return False
    return any(a.pk == user.agency.area_id for a in committee.area.ancestors())


# ---------------------------------------------------------------- cases
# The owner agency edits; agencies the case is shared with read (or edit when allowed); the
# standing office of the area reads. A confidential case shows its details only to the named
# readers, whatever their agency (the standing office keeps the figures, not the details).


def _case_agencies(case: Any, user: User, *, edit: bool) -> bool:
    if user.agency_id is None:
        return False
    if case.owner_id == user.agency_id:
        return True
    return case.shares.filter(agency_id=user.agency_id, **({"can_edit": True} if edit else {})).exists()


@rule("create", Case)
def _create_case(user: User, case: Any) -> bool:
    return user.agency_id is not None


@rule("view", Case)
def _view_case(user: User, case: Any) -> bool:
    if isinstance(case, type):
        return True
    if case.confidential:
        return case.confidential_readers.filter(pk=user.pk).exists()
    if is_admin(user) or _case_agencies(case, user, edit=False):
        return True
    return is_standing_officer_for(user, case.area)


@rule("edit", Case)
def _edit_case(user: User, case: Any) -> bool:
    if isinstance(case, type):
        return False
    if case.confidential and not case.confidential_readers.filter(pk=user.pk).exists():
        return False
    return _case_agencies(case, user, edit=True)


@rule("own", Case)
def _own_case(user: User, case: Any) -> bool:
    """Share, hand over, mark confidential: the owner agency's head or the case's recorder."""
    if isinstance(case, type) or case.owner_id != user.agency_id:
        return False
    if case.confidential and not case.confidential_readers.filter(pk=user.pk).exists():
        return False
    return user.role == Role.HEAD or case.created_by_id == user.pk


def register_agency_rule(action: str, model: type[Model], agency_field: str) -> None:
    """Rule for a step addressed to one agency (a notice, a referral, an inspection it leads):
    any active officer of that agency."""

    def check(user: User, obj: Any) -> bool:
        return not isinstance(obj, type) and user.agency_id == getattr(obj, f"{agency_field}_id")

    rule(action, model)(check)


register_agency_rule("answer", LeadNotice, "to_agency")
register_agency_rule("decide", Referral, "to_agency")
register_agency_rule("record", Inspection, "lead_agency")


# ---------------------------------------------------------------- plans and tasks
# The standing office of a committee (or an administrator) manages its directives, plans,
# tasks and campaigns. Officers at the committee's level or above read them (like its
# figures); the lead and coordinating agencies of a task read it and report on it.


@rule("manage_plans", SteeringCommittee)
def _manage_plans(user: User, committee: Any) -> bool:
    if is_admin(user):
        return True
    return not isinstance(committee, type) and is_standing_officer_for(user, committee.area)


def _task_agency(user: User, task: Task) -> bool:
    return user.agency_id is not None and (
        task.lead_agency_id == user.agency_id or task.coordinators.filter(pk=user.agency_id).exists()
    )


@rule("view", Plan)
@rule("view", Directive)
@rule("view", Campaign)
def _view_committee_record(user: User, obj: Any) -> bool:
    if isinstance(obj, type):
        return True
    return _view_kpi(user, obj.committee)


@rule("view", Task)
def _view_task(user: User, task: Any) -> bool:
    if isinstance(task, type):
        return True
    return _view_kpi(user, task.plan.committee) or _task_agency(user, task)


@rule("report", Task)
def _report_task(user: User, task: Any) -> bool:
    """The lead agency reports; coordinating agencies add contributions."""
    return not isinstance(task, type) and _task_agency(user, task)


@rule("view", Progress)
def _view_progress(user: User, progress: Any) -> bool:
    return _view_task(user, progress.occurrence.task)


# ---------------------------------------------------------------- reports
# An agency's officers write and send its report; the committee's standing office reviews,
# approves and consolidates (the same rule as managing its plans).


@rule("submit_report", Agency)
def _submit_report(user: User, agency: Any) -> bool:
    return not isinstance(agency, type) and user.agency_id == agency.pk


rule("review_report", SteeringCommittee)(_manage_plans)
