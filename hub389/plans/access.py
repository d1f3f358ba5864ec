"""Who may see and work plans, tasks and campaigns.

The standing office of a committee (or an administrator) manages its directives, plans, tasks
and campaigns. Officers at the committee's level or above read them (like its figures); the
lead and coordinating agencies of a task read it and report on it."""

from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from hub389.accounts.access import home_area, is_admin, is_standing_officer_for
from hub389.plans.models import Campaign, Directive, Plan, Progress, Task
from hub389.policy import Scope, rule, scope
from hub389.registry.access import view_kpi
from hub389.registry.models import SteeringCommittee


@rule("manage_plans", SteeringCommittee)
def manage_plans(user: Any, committee: Any) -> bool:
    if is_admin(user):
        return True
    return not isinstance(committee, type) and is_standing_officer_for(user, committee.area)


def _committee_seen(user: Any, field: str = "committee") -> Q:
    """Rows of the committees whose figures the user sees (`view_kpi`)."""
    if is_admin(user):
        return Q(pk__isnull=False)
    if user.agency is None:
        return Q(pk__in=[])
    return home_area(user, f"{field}__area")


def _task_agency(user: Any, task: Task) -> bool:
    return user.agency_id is not None and (
        task.lead_agency_id == user.agency_id or task.coordinators.filter(pk=user.agency_id).exists()
    )


def _task_agency_q(user: Any) -> Q:
    if user.agency_id is None:
        return Q(pk__in=[])
    coordinating = Task.coordinators.through.objects.filter(task_id=OuterRef("pk"), agency_id=user.agency_id)
    return Q(lead_agency_id=user.agency_id) | Q(Exists(coordinating))


@rule("view", Plan)
@rule("view", Directive)
@rule("view", Campaign)
def view_committee_record(user: Any, obj: Any) -> bool:
    if isinstance(obj, type):
        return True
    return view_kpi(user, obj.committee)


def _of_committees_seen(model: type[Model]) -> Scope:
    def query(user: Any) -> QuerySet[Any]:
        return model._default_manager.filter(_committee_seen(user))

    return query


for _model in (Plan, Directive, Campaign):
    scope("view", _model)(_of_committees_seen(_model))


@rule("view", Task)
def view_task(user: Any, task: Any) -> bool:
    if isinstance(task, type):
        return True
    return view_kpi(user, task.plan.committee) or _task_agency(user, task)


@scope("view", Task)
def tasks(user: Any) -> QuerySet[Task]:
    return Task.objects.filter(_committee_seen(user, "plan__committee") | _task_agency_q(user))


@rule("report", Task)
def report_task(user: Any, task: Any) -> bool:
    """The lead agency reports; coordinating agencies add contributions."""
    return not isinstance(task, type) and _task_agency(user, task)


@rule("view", Progress)
def view_progress(user: Any, progress: Any) -> bool:
    return view_task(user, progress.occurrence.task)


@scope("view", Progress)
def progress(user: Any) -> QuerySet[Progress]:
    return Progress.objects.filter(occurrence__task__in=tasks(user).values("pk"))
