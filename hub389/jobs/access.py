"""A background job (and its files) is seen by whoever started it, and by administrators."""

from typing import Any

from django.db.models import QuerySet

from hub389.accounts.access import is_admin
from hub389.jobs.models import Job
from hub389.policy import rule, scope


@rule("view", Job)
def view_job(user: Any, job: Any) -> bool:
    return isinstance(job, type) or is_admin(user) or job.created_by_id == user.pk


@scope("view", Job)
def jobs(user: Any) -> QuerySet[Job]:
    return Job.objects.all() if is_admin(user) else Job.objects.filter(created_by_id=user.pk)
