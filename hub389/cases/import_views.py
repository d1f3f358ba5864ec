"""The import pages: the template to download, the upload form, the batches sent, and a
batch's page (progress while it is checked or written, then its summary with every problem by
row, and the button that writes a checked batch)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.cases import import_jobs
from hub389.cases.imports import COLUMNS
from hub389.cases.models import Case
from hub389.exchange.models import ImportBatch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def import_page(request: AuthedRequest) -> HttpResponse:
    if not policy.can(request.user, "create", Case):
        raise PermissionDenied
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError(_("Chọn tệp XLSX hoặc CSV theo mẫu."))
            batch = import_jobs.start_import(
                request.user,
                upload,
                upload.name or "nhap.xlsx",
                source_system=request.POST.get("source_system", ""),
                dry_run=request.POST.get("mode") == "dry_run",
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("cases:import_batch", pk=batch.pk)
    batches = policy.visible(request.user, "view", ImportBatch).select_related("created_by")[:20]
    return render(request, "cases/import.html", {"batches": batches, "columns": [h for _, h in COLUMNS]})


@login_required
def import_template(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(import_jobs.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-vu-viec.xlsx"'
    return response


@login_required
def import_batch(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(policy.visible(request.user, "view", ImportBatch).select_related("job"), pk=pk)
    template = "cases/_import_status.html" if getattr(request, "htmx", False) else "cases/import_batch.html"
    return render(
        request,
        template,
        {"batch": batch, "job": batch.job, "can_commit": policy.can(request.user, "commit", batch)},
    )


@login_required
@require_POST
def import_commit(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(policy.visible(request.user, "view", ImportBatch), pk=pk)
    try:
        import_jobs.commit_import(request.user, batch)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("cases:import_batch", pk=batch.pk)
