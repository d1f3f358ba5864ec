import csv
import io

from django.core.management import call_command

from hub389.accounts.models import User
from hub389.attachments.models import Attachment
from hub389.jobs.models import Job, JobStatus
from hub389.jobs.services import start_job

# The worker commits like the real one does, so these tests run outside a test transaction.


def test_gap_report_runs_in_the_worker_and_leaves_a_csv(registry_live):
    owner = User.objects.get(username="vptt.hanoi")
    job = start_job(owner, "jurisdiction_gaps", {"date": "2026-01-01"})
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    # The real database queue and its worker, as `make run` starts it.
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.percent == 100
    assert job.result["gaps"] == 1 and job.result["overlaps"] == 1
    attachment = Attachment.objects.get(pk=job.result["attachment"])
    rows = list(csv.reader(io.StringIO(attachment.file.read().decode())))
    assert rows[0][0] == "loai"
    assert rows[1][:2] == ["GAP", "CK-CHIMA"] or ["GAP", "CK-CHIMA"] in [r[:2] for r in rows]


def test_job_page_shows_progress_to_its_owner_only(
    client, owner, stranger, django_capture_on_commit_callbacks
):
    job = start_job(owner, "jurisdiction_gaps", {"date": "2026-01-01"})
    client.force_login(owner)
    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200 and 'role="progressbar"' in page.content.decode()
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<div id="job"')
    client.force_login(stranger)
    assert client.get(f"/jobs/{job.pk}/").status_code == 403


def test_a_failing_job_is_marked_failed(registry_live):
    owner = User.objects.get(username="vptt.hanoi")
    job = start_job(owner, "jurisdiction_gaps", {"date": "not-a-date"})
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "not-a-date" in job.error
