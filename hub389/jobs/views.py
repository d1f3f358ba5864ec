from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.attachments.models import Attachment
from hub389.jobs.models import Job


@login_required
def job_detail(request: AuthedRequest, pk: str) -> HttpResponse:
    job = get_object_or_404(Job, pk=pk)
    policy.require(request.user, "view", job)
    files = Attachment.objects.filter(owner_type__model="job", owner_id=str(job.pk))
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job, "files": files})
