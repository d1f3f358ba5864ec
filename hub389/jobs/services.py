"""Background jobs: `start_job` queues a registered job; the worker runs it and reports progress.

The queue is Django's Tasks framework: the database backend by default (`manage.py db_worker`,
no extra server), RQ on Redis when REDIS_URL is set (`manage.py rqworker`).
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from hub389.audit import services as audit
from hub389.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)


class Progress:
    """Handed to a job function: `progress(done, total, message)` saves at most twice a second."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last < 0.5 and done < total:
            return
        self._last = now
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, message=message[:300])


JobFunction = Callable[[Job, Progress], dict[str, Any]]
JOB_KINDS: dict[str, tuple[str, JobFunction]] = {}


def register(kind: str, title: str) -> Callable[[JobFunction], JobFunction]:
    """Declare a kind of job. The function gets the Job and a Progress and returns its result."""

    def wrap(func: JobFunction) -> JobFunction:
        JOB_KINDS[kind] = (title, func)
        return func

    return wrap


def start_job(actor: Any, kind: str, params: dict[str, Any] | None = None) -> Job:
    """Record a job and queue it once the transaction commits (so the worker finds the row)."""
    if kind not in JOB_KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    title = JOB_KINDS[kind][0]
    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title, params=params or {}, created_by=actor)
        audit.record(actor, "job.start", job, changes={"kind": kind, "params": job.params})
        transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


@task()
def run_job(job_id: str) -> None:
    job = Job.objects.get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    _, func = JOB_KINDS[job.kind]
    try:
        result = func(job, Progress(job))
    except Exception as exc:
        logger.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, result=result, finished_at=timezone.now(), done=F("total")
    )
