"""The import pages: the kinds a user may send and the batches sent; for each kind the
template to download and the upload form; a batch's page (progress while it is checked or
written, then its summary with every problem by row, and the button that writes a checked
batch)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.exchange import import_jobs
from hub389.exchange.imports import KINDS, Kind
from hub389.exchange.models import ImportBatch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind(request: AuthedRequest, code: str) -> Kind:
    kind = KINDS.get(code)
    if kind is None:
        raise Http404
    if request.user.agency_id is None or not kind.allowed(request.user):
        raise PermissionDenied
    return kind


def _batches(request: AuthedRequest, kind: str | None = None) -> list[ImportBatch]:
    batches = policy.visible(request.user, "view", ImportBatch).select_related("created_by")
    if kind:
        batches = batches.filter(kind=kind)
    return list(batches[:20])


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    kinds = sorted(
        (k for k in KINDS.values() if request.user.agency_id and k.allowed(request.user)),
        key=lambda k: k.order,
    )
    return render(request, "exchange/imports.html", {"kinds": kinds, "batches": _batches(request)})


@login_required
def import_page(request: AuthedRequest, kind: str) -> HttpResponse:
    described = _kind(request, kind)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError(_("Chọn tệp XLSX hoặc CSV theo mẫu."))
            batch = import_jobs.start_import(
                request.user,
                upload,
                upload.name or "nhap.xlsx",
                kind=described.code,
                source_system=request.POST.get("source_system", ""),
                dry_run=request.POST.get("mode") == "dry_run",
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("exchange:import_batch", pk=batch.pk)
    return render(
        request,
        "exchange/import.html",
        {
            "kind": described,
            "batches": _batches(request, described.code),
            "columns": [h for _, h in described.columns],
        },
    )


@login_required
def import_template(request: AuthedRequest, kind: str) -> HttpResponse:
    described = _kind(request, kind)
    response = HttpResponse(import_jobs.template_xlsx(described.code, request.user), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{described.file_name}"'
    return response


@login_required
def import_batch(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(policy.visible(request.user, "view", ImportBatch).select_related("job"), pk=pk)
    template = (
        "exchange/_import_status.html" if getattr(request, "htmx", False) else "exchange/import_batch.html"
    )
    return render(
        request,
        template,
        {
            "batch": batch,
            "kind": KINDS.get(batch.kind),
            "job": batch.job,
            "can_commit": policy.can(request.user, "commit", batch),
        },
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
    return redirect("exchange:import_batch", pk=batch.pk)
