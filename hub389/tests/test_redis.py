"""The production path on the machine's real Redis (127.0.0.1:6379, or HUB389_TEST_REDIS_URL):
the tip guard's limits and single-use challenges in the shared cache, held across processes,
and a job through the RQ queue and an RQ worker. Each pytest worker uses a Redis database of
its own and empties it, so two runs side by side do not see each other's keys."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import django_rq
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_tasks_rq import Job as RQJob
from redis import Redis

from hub389.accounts.models import User
from hub389.jobs.models import Job, JobStatus
from hub389.jobs.services import start_job
from hub389.tests.factories import public_tip_form
from hub389.tips import guard
from hub389.tips.models import TipIntake

ROOT = Path(__file__).resolve().parents[2]
BASE = os.environ.get("HUB389_TEST_REDIS_URL", "redis://127.0.0.1:6379")


def _url() -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw9")
    return f"{BASE}/{15 - int(worker.removeprefix('gw') or 0) % 8}"


@pytest.fixture
def redis(settings: Any) -> Iterator[str]:
    url = _url()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    settings.HUB389_TIP_POW_BITS = 4
    cache.clear()  # FLUSHDB of this worker's own database
    yield url
    cache.clear()


@pytest.mark.django_db
def test_the_tip_limit_counts_in_redis(redis: str, settings: Any) -> None:
    settings.HUB389_TIP_RATE_PER_HOUR = 2
    client = Client(REMOTE_ADDR="203.0.113.7")
    before = TipIntake.objects.count()
    assert [
        client.post(reverse("tips_public:submit"), public_tip_form(client)).status_code for _ in range(3)
    ] == [
        302,
        302,
        429,
    ]
    assert TipIntake.objects.count() == before + 2
    keys = Redis.from_url(redis).keys("*guard:tip:*")
    assert len(keys) == 1  # the counter is in Redis (a keyed hash of the address, not the address)
    assert b"203.0.113.7" not in keys[0]


def _check_elsewhere(url: str, challenge: str, solution: str, backend: str) -> str:
    """guard.check_pow in another Python process with the same secret and cache: a second
    gunicorn worker."""
    location = url if "redis" in backend else "other-process"
    code = f"""
import django
from django.conf import settings
settings.configure(SECRET_KEY={settings_secret()!r}, HUB389_TIP_POW_BITS=4,
    CACHES={{"default": {{"BACKEND": {backend!r}, "LOCATION": {location!r}}}}})
django.setup()
from hub389.tips import guard
print(guard.check_pow({challenge!r}, {solution!r}) or "accepted")
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def settings_secret() -> str:
    from django.conf import settings

    return str(settings.SECRET_KEY)


def test_a_challenge_used_in_one_process_is_refused_in_another(redis: str) -> None:
    challenge = guard.new_challenge()
    solution = guard.solve(challenge, 4)
    assert guard.check_pow(challenge, solution) is None
    redis_backend = "django.core.cache.backends.redis.RedisCache"
    assert "đã được gửi" in _check_elsewhere(redis, challenge, solution, redis_backend)
    # What production refuses to start without: with each process's own memory, the replay passes.
    local = "django.core.cache.backends.locmem.LocMemCache"
    assert _check_elsewhere(redis, challenge, solution, local) == "accepted"


@pytest.fixture
def rq_queue(settings: Any) -> Iterator[str]:
    url = _url()
    settings.RQ_QUEUES = {"default": {"URL": url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default")
    queue.connection.flushdb()
    yield url
    queue.connection.flushdb()


def test_a_job_goes_through_the_rq_queue_and_its_worker(registry_live: Any, rq_queue: str) -> None:
    owner = User.objects.get(username="vptt.hanoi")
    job = start_job(owner, "jurisdiction_gaps", {"date": "2026-01-01"})
    queue = django_rq.get_queue("default")
    assert queue.count == 1  # on Redis, not in the database queue
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    # As `manage.py rqworker default --job-class django_tasks_rq.Job` (docs/deploy.md) runs
    # it: without that job class RQ cannot call a Django task, and every job fails.
    worker = django_rq.get_worker("default", worker_class="rq.SimpleWorker", job_class=RQJob)
    assert worker.work(burst=True)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result["gaps"] == 1 and queue.count == 0
