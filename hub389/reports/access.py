"""Who may see and work periodic reports.

An agency's officers write and send its report; the committee's standing office reviews,
approves and consolidates (the same rule as managing its plans). A report is seen by the
agency that writes it and by those who see the figures of the committee it is sent to."""

from typing import Any

from django.db.models import Q, QuerySet

from hub389.accounts.access import home_area, is_admin
from hub389.plans.access import manage_plans
from hub389.policy import rule, scope
from hub389.registry.access import view_kpi
from hub389.registry.models import Agency, SteeringCommittee
from hub389.reports.models import Submission


@rule("submit_report", Agency)
def submit_report(user: Any, agency: Any) -> bool:
    return not isinstance(agency, type) and user.agency_id == agency.pk


rule("review_report", SteeringCommittee)(manage_plans)


@rule("view", Submission)
def view_submission(user: Any, submission: Any) -> bool:
    if isinstance(submission, type):
        return True
    return submit_report(user, submission.agency) or view_kpi(user, submission.committee)


@scope("view", Submission)
def submissions(user: Any) -> QuerySet[Submission]:
    if is_admin(user):
        return Submission.objects.all()
    if user.agency_id is None:
        return Submission.objects.none()
    return Submission.objects.filter(Q(agency_id=user.agency_id) | home_area(user, "committee__area"))
