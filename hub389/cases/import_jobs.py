"""Importing cases from a spreadsheet, as a background job with progress: the file is kept
with its batch (an attachment), checked row by row, previewed, then written all or nothing.
A batch sent with `commit` writes at once when the check finds no problem (the API's default);
`dry_run` only checks (DHIS2's dryRun)."""

from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hub389 import policy
from hub389.accounts.models import User
from hub389.attachments.models import Attachment
from hub389.attachments.services import attach
from hub389.audit import services as audit
from hub389.cases import imports
from hub389.cases.models import Case
from hub389.exchange import refs, sheets
from hub389.exchange.models import ImportBatch, ImportStatus
from hub389.jobs.models import Job
from hub389.jobs.services import Progress, register, start_job

CHECK, COMMIT = "import_cases", "import_cases_commit"


def start_import(
    actor: User,
    upload: IO[bytes],
    name: str,
    *,
    source_system: str,
    dry_run: bool = False,
    commit: bool = False,
) -> ImportBatch:
    """Keep the file with a new batch and queue its check (and, with `commit`, its writing)."""
    policy.require(actor, "create", Case)
    system, _sid = refs.check(source_system, "x")
    if not system:
        raise ValidationError({"source_system": _("Ghi tên hệ thống nguồn (ví dụ QLTT-HN).")})
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ("xlsx", "csv"):
        raise ValidationError({"file": _("Chỉ nhận tệp XLSX hoặc CSV theo mẫu.")})
    with transaction.atomic():
        assert actor.agency is not None
        batch = ImportBatch.objects.create(
            kind="cases",
            agency=actor.agency,
            created_by=actor,
            file_name=name[:255],
            source_system=system,
            dry_run=dry_run,
            commit_after_check=commit and not dry_run,
        )
        attach(actor, batch, upload, name)
        batch.job = start_job(actor, CHECK, {"batch": batch.pk})
        batch.save(update_fields=["job"])
        audit.record(actor, "import.start", batch, changes={"file": name, "dry_run": dry_run})
    return batch


def commit_import(actor: User, batch: ImportBatch) -> ImportBatch:
    """Write a checked batch (the page's button after the preview)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        policy.require(actor, "commit", batch)
        if batch.status != ImportStatus.CHECKED or batch.dry_run:
            raise ValidationError(_("Chỉ ghi được lần nhập đã kiểm tra, không lỗi và chưa ghi."))
        batch.status = ImportStatus.COMMITTING
        batch.job = start_job(actor, COMMIT, {"batch": batch.pk})
        batch.save(update_fields=["status", "job"])
        audit.record(actor, "import.commit", batch)
    return batch


def _rows(batch: ImportBatch) -> list[sheets.SheetRow]:
    stored = Attachment.objects.filter(owner_id=str(batch.pk), owner_type__model="importbatch").get()
    with stored.file.open("rb") as handle:
        return sheets.read(handle, batch.file_name, imports.COLUMNS)


def _checked(
    job: Job, progress: Progress, batch: ImportBatch
) -> tuple[list[imports.Record], dict[str, Any]] | None:
    """The records and the summary, or None when the file itself was refused (said in it)."""
    try:
        rows = _rows(batch)
    except ValidationError as exc:
        batch.summary = {"file_problem": exc.messages[0], "problems": [], "problem_count": 1}
        batch.status = ImportStatus.REFUSED
        batch.save(update_fields=["summary", "status"])
        return None
    actor = batch.created_by
    records, problems = imports.check(
        actor, batch.source_system, rows, lambda d, t: progress(d, 2 * t, _("Kiểm tra"))
    )
    return records, imports.summary(records, problems)


def _write(
    progress: Progress, batch: ImportBatch, records: list[imports.Record], found: dict[str, Any]
) -> dict[str, Any]:
    total = len(records)
    try:
        counts = imports.commit(
            batch.created_by, batch.source_system, records, lambda d, t: progress(t + d, 2 * t, _("Ghi"))
        )
    except ValidationError as exc:
        batch.summary = {**found, "commit_problem": exc.messages[0]}
        batch.status = ImportStatus.FAILED
    else:
        batch.summary = {**found, **counts}
        batch.status = ImportStatus.DONE
    batch.save(update_fields=["summary", "status"])
    progress(2 * total, 2 * total, batch.get_status_display())
    return batch.summary


@register(CHECK, "Kiểm tra tệp nhập vụ việc")
def check_job(job: Job, progress: Progress) -> dict[str, Any]:
    batch = ImportBatch.objects.select_related("created_by__agency").get(pk=job.params["batch"])
    checked = _checked(job, progress, batch)
    if checked is None:
        return batch.summary
    records, found = checked
    if found["problem_count"]:
        batch.status, batch.summary = ImportStatus.REFUSED, found
    elif batch.commit_after_check:
        return _write(progress, batch, records, found)
    else:
        batch.status, batch.summary = ImportStatus.CHECKED, found
    batch.save(update_fields=["status", "summary"])
    progress(len(records), len(records), batch.get_status_display())
    return found


@register(COMMIT, "Ghi vụ việc từ tệp nhập")
def commit_job(job: Job, progress: Progress) -> dict[str, Any]:
    batch = ImportBatch.objects.select_related("created_by__agency").get(pk=job.params["batch"])
    checked = _checked(job, progress, batch)  # checked again: the records may have moved since
    if checked is None:
        return batch.summary
    records, found = checked
    if found["problem_count"]:
        batch.status, batch.summary = ImportStatus.REFUSED, found
        batch.save(update_fields=["status", "summary"])
        return found
    return _write(progress, batch, records, found)


def template_xlsx() -> bytes:
    return sheets.template(imports.COLUMNS, imports.EXAMPLE, imports.guide())
