"""A spreadsheet import as background jobs with progress: the file is kept with its batch (an
attachment), checked row by row by its kind, previewed, then written all or nothing. A batch
sent with `commit` writes at once when the check finds no problem (the API's default);
`dry_run` only checks (DHIS2's dryRun)."""

from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389 import policy
from hub389.accounts.models import User
from hub389.attachments.models import Attachment
from hub389.attachments.services import attach
from hub389.audit import services as audit
from hub389.exchange import refs, sheets
from hub389.exchange.imports import Kind, Record, kind_of, summary
from hub389.exchange.models import ImportBatch, ImportStatus
from hub389.jobs.models import Job
from hub389.jobs.services import Progress, register, start_job

CHECK, COMMIT = "import_check", "import_commit"


def start_import(
    actor: User,
    upload: IO[bytes],
    name: str,
    *,
    kind: str = "cases",
    source_system: str,
    dry_run: bool = False,
    commit: bool = False,
) -> ImportBatch:
    """Keep the file with a new batch and queue its check (and, with `commit`, its writing)."""
    described = kind_of(kind)
    if actor.agency is None or not described.allowed(actor):
        raise PermissionDenied
    system, _sid = refs.check(source_system, "x")
    if not system:
        raise ValidationError({"source_system": _("Ghi tên hệ thống nguồn (ví dụ QLTT-HN).")})
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ("xlsx", "csv"):
        raise ValidationError({"file": _("Chỉ nhận tệp XLSX hoặc CSV theo mẫu.")})
    try:
        sheets.sniff(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages[0]}) from None
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=described.code,
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
        audit.record(
            actor, "import.start", batch, changes={"kind": described.code, "file": name, "dry_run": dry_run}
        )
    return batch


def commit_import(actor: User, batch: ImportBatch) -> ImportBatch:
    """Write a checked batch (the page's button after the preview)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        policy.require(actor, "commit", batch)
        if batch.status != ImportStatus.CHECKED or batch.dry_run:
            raise ValidationError(_("Chỉ ghi được lần nhập đã kiểm tra, không lỗi và chưa ghi."))
        batch.status = ImportStatus.COMMITTING
        batch.committed_by, batch.committed_at = actor, timezone.now()
        batch.job = start_job(actor, COMMIT, {"batch": batch.pk})
        batch.save(update_fields=["status", "job", "committed_by", "committed_at"])
        audit.record(actor, "import.commit", batch)
    return batch


def _rows(batch: ImportBatch, kind: Kind) -> list[sheets.SheetRow]:
    stored = Attachment.objects.filter(owner_id=str(batch.pk), owner_type__model="importbatch").get()
    with stored.file.open("rb") as handle:
        return sheets.read(handle, batch.file_name, kind.columns)


def _checked(
    progress: Progress, batch: ImportBatch, kind: Kind
) -> tuple[list[Record], dict[str, Any]] | None:
    """The records and the summary, or None when the file itself was refused (said in it)."""
    try:
        rows = _rows(batch, kind)
    except ValidationError as exc:
        batch.summary = {"file_problem": exc.messages[0], "problems": [], "problem_count": 1}
        batch.status = ImportStatus.REFUSED
        batch.save(update_fields=["summary", "status"])
        return None
    records, problems, notes = kind.check(
        batch.created_by, batch.source_system, rows, lambda d, t: progress(d, 2 * t, _("Kiểm tra"))
    )
    return records, summary(records, problems, notes, len(rows))


def _write(
    progress: Progress, batch: ImportBatch, kind: Kind, records: list[Record], found: dict[str, Any]
) -> dict[str, Any]:
    total = len(records)
    try:
        counts = kind.commit(
            batch.created_by, batch.source_system, records, lambda d, t: progress(t + d, 2 * t, _("Ghi"))
        )
    except ValidationError as exc:
        batch.summary = {**found, "commit_problem": exc.messages[0]}
        batch.status = ImportStatus.FAILED
    else:
        added = counts.pop("notes_added", [])  # what the writing itself noticed (kept values)
        notes = [*found.get("notes", []), *added]
        batch.summary = {
            **found,
            **counts,
            "notes": notes,
            "note_count": found.get("note_count", 0) + len(added),
        }
        batch.status = ImportStatus.DONE
    batch.save(update_fields=["summary", "status"])
    progress(2 * total, 2 * total, batch.get_status_display())
    return batch.summary


def _batch(job: Job) -> tuple[ImportBatch, Kind]:
    batch = ImportBatch.objects.select_related("created_by__agency").get(pk=job.params["batch"])
    return batch, kind_of(batch.kind)


@register(CHECK, "Kiểm tra tệp nhập")
def check_job(job: Job, progress: Progress) -> dict[str, Any]:
    batch, kind = _batch(job)
    checked = _checked(progress, batch, kind)
    if checked is None:
        return batch.summary
    records, found = checked
    if found["problem_count"]:
        batch.status, batch.summary = ImportStatus.REFUSED, found
    elif batch.commit_after_check:
        return _write(progress, batch, kind, records, found)
    else:
        batch.status, batch.summary = ImportStatus.CHECKED, found
    batch.save(update_fields=["status", "summary"])
    progress(len(records), len(records), batch.get_status_display())
    return found


@register(COMMIT, "Ghi dữ liệu từ tệp nhập")
def commit_job(job: Job, progress: Progress) -> dict[str, Any]:
    batch, kind = _batch(job)
    checked = _checked(progress, batch, kind)  # checked again: the records may have moved since
    if checked is None:
        return batch.summary
    records, found = checked
    if found["problem_count"]:
        batch.status, batch.summary = ImportStatus.REFUSED, found
        batch.save(update_fields=["status", "summary"])
        return found
    return _write(progress, batch, kind, records, found)


def template_xlsx(kind: str = "cases", user: Any = None) -> bytes:
    """The kind's template; its guide sheet may list what is the user's own (its warehouses)."""
    described = kind_of(kind)
    return sheets.template(described.columns, described.example, described.guide(user))
