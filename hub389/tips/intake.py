"""A citizen's tip in two steps, so that a flood of tips never slows the officers down.

`receive` (the public form's POST): validates what the citizen typed and the files, seals the
identity, stores the files and writes one `TipIntake` row in a short transaction that takes no
lock anybody else waits on; the citizen gets the receipt code at once.

`process` (the worker): creates the tip from the row (routing, the reception book's number,
events, notifications, campaign tags, report facts, the audit entry) and links the row to it in
one transaction, under the row's lock. Each row becomes exactly one tip: a second run finds it
done; a crash before the commit leaves it pending and the next run takes it again; two workers
never take the same row (SKIP LOCKED). `process_pending` runs every pending row: queued once
after each receipt (at most one queued run at a time) and by `manage.py process_intake` as a
sweeper, so a row whose task was lost (a worker killed) is still processed.

Until then the citizen's status page says the tip is being routed.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from hub389.attachments.services import check
from hub389.registry.models import Area, GoodsGroup
from hub389.tips import vault
from hub389.tips.files import check_files, informant_suffix
from hub389.tips.models import Channel, IntakeState, Tip, TipIntake
from hub389.tips.services.reception import TipInput, _create, _validate, informant_of

logger = logging.getLogger(__name__)
KICK = "tips:intake:queued"
MAX_ATTEMPTS = 30
BATCH = 50


def receive(data: TipInput, files: list[Any]) -> tuple[TipIntake, str]:
    """Check and keep a citizen's tip; returns the intake row and the receipt code (shown to
    the citizen once, never stored: only its keyed hash)."""
    check_files(files)
    _validate(data)
    for upload in files:
        try:
            check(upload, getattr(upload, "name", "") or "tep")
        except ValidationError as exc:
            raise ValidationError({"attachments": exc.messages}) from None
    informant = informant_of(data)
    wrapped, ciphertext = vault.seal(informant) if informant else (None, None)
    code = vault.new_receipt()
    with transaction.atomic():
        row = TipIntake.objects.create(
            data=_as_json(data),
            receipt_hash=vault.receipt_hash(code),
            wrapped_key=wrapped,
            ciphertext=ciphertext,
        )
        # The files under a name that says nothing of the informant (only the extension).
        names = []
        for number, upload in enumerate(files, 1):
            suffix = informant_suffix(getattr(upload, "name", "") or "")
            upload.seek(0)
            names.append(default_storage.save(f"tip-intake/{row.pk}/{number}.{suffix}", File(upload)))
        if names:
            row.data = {**row.data, "files": names}
            row.save(update_fields=["data"])
        transaction.on_commit(queue, robust=True)
    return row, code


def find_pending(code: str) -> TipIntake | None:
    """The intake row of a receipt code whose tip the worker has not made yet."""
    hashed = vault.typed_receipt_hash(code)
    return TipIntake.objects.filter(receipt_hash=hashed).first() if hashed else None


def _as_json(data: TipInput) -> dict[str, Any]:
    return {
        "summary": data.summary,
        "description": data.description,
        "area": data.area.pk,
        "place": data.place,
        "url": data.url,
        "goods_group": data.goods_group.pk if data.goods_group else None,
        "happened": data.happened,
        "kind": data.kind,
        "nature": data.nature,
    }


def _input(row: TipIntake) -> TipInput:
    data = row.data
    group = data.get("goods_group")
    return TipInput(
        summary=data["summary"],
        description=data["description"],
        area=Area.objects.get(pk=data["area"]),
        place=data.get("place", ""),
        url=data.get("url", ""),
        goods_group=GoodsGroup.objects.get(pk=group) if group else None,
        happened=data.get("happened", ""),
        kind=data["kind"],
        nature=data["nature"],
        channel=Channel.WEB,
        received_at=row.received_at,  # the legal clock runs from the citizen's sending
    )


def process(intake_id: int) -> Tip | None:
    """The tip of intake row `intake_id`, created if the row is still pending. None when
    another worker holds the row right now."""
    stored: list[str] = []
    with transaction.atomic():
        row = TipIntake.objects.select_for_update(skip_locked=True).filter(pk=intake_id).first()
        if row is None:
            return None
        if row.state == IntakeState.DONE or row.tip_id is not None:
            return None  # made already (by this run or another): nothing more to count
        stored = list(row.data.get("files", []))
        files = [ContentFile(default_storage.open(name).read(), name=name) for name in stored]
        sealed = (
            (bytes(row.wrapped_key), bytes(row.ciphertext)) if row.wrapped_key and row.ciphertext else None
        )
        tip = _create(None, _input(row), None, files, receipt_hash=row.receipt_hash or "", sealed=sealed)
        # What moved to the tip is erased here: the row keeps its times and the link.
        TipIntake.objects.filter(pk=row.pk).update(
            state=IntakeState.DONE,
            tip=tip,
            processed_at=timezone.now(),
            data={},
            receipt_hash=None,
            wrapped_key=None,
            ciphertext=None,
            error="",
        )
        # robust: a storage error after the commit must not mark the row failed (the tip is made)
        transaction.on_commit(lambda: _delete(stored), robust=True)
    return tip


def _delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _failed(row_id: int, exc: Exception) -> None:
    """Count a failed attempt and put the next one off (1, 2, 4 … minutes, at most an hour), unless
    another worker made the tip meanwhile (then the row is done and stays so)."""
    logger.exception("tip intake %s failed", row_id)
    row = TipIntake.objects.filter(pk=row_id).exclude(state=IntakeState.DONE).first()
    if row is None:
        return
    wait = datetime.timedelta(minutes=min(2**row.attempts, 60))
    TipIntake.objects.filter(pk=row_id).exclude(state=IntakeState.DONE).update(
        state=IntakeState.FAILED,
        attempts=F("attempts") + 1,
        next_try_at=timezone.now() + wait,
        error=f"{type(exc).__name__}: {exc}"[:2000],
    )
    if row.attempts + 1 == MAX_ATTEMPTS:
        _alarm(row_id)


def _alarm(row_id: int) -> None:
    """A citizen's tip nobody can see yet and the worker gives up on: the administrators are
    told at once (its legal clock is running), with no content of the tip."""
    from hub389.accounts.models import Role, User
    from hub389.notifications.services import notify_users

    notify_users(
        User.objects.filter(role=Role.ADMIN, is_active=True),
        f"Tin báo trực tuyến #{row_id} chưa vào sổ được sau {MAX_ATTEMPTS} lần thử",
        "Kiểm tra lỗi (manage.py process_intake -v 2), sửa nguyên nhân rồi chạy "
        "manage.py process_intake --retry-failed. Thời hạn giải quyết đã bắt đầu tính.",
    )


def pending() -> Any:
    """Rows to make tips of now: new ones, and failed ones whose next try is due (until they
    have failed MAX_ATTEMPTS times: about a day of tries; `process_intake` counts those)."""
    due = Q(next_try_at__isnull=True) | Q(next_try_at__lte=timezone.now())
    return TipIntake.objects.filter(
        Q(state=IntakeState.PENDING) | (Q(state=IntakeState.FAILED, attempts__lt=MAX_ATTEMPTS) & due)
    ).order_by("received_at", "pk")


def process_pending(limit: int | None = None) -> int:
    """Every pending row, oldest first, in batches, each tried once per run; returns how many
    became tips."""
    done = 0
    tried: set[int] = set()
    while limit is None or done < limit:
        ids = list(pending().exclude(pk__in=tried).values_list("pk", flat=True)[:BATCH])
        if not ids:
            break
        tried.update(ids)
        for row_id in ids:
            try:
                tip = process(row_id)
            except Exception as exc:  # the row stays for a later run, with the reason
                _failed(row_id, exc)
                continue
            if tip is not None:
                done += 1
    return done


def queue() -> None:
    """Queue one run of the worker unless one is already queued (the flag lives in the shared
    cache; without Redis each process has its own, so every receipt queues a run). A queue that
    cannot be reached loses nothing: the row is committed and the sweeper takes it."""
    try:
        if not settings.REDIS_URL or cache.add(KICK, 1, 5):
            run_pending.enqueue()
    except Exception:
        logger.exception("tip intake: the queue could not be reached; the sweeper will take the row")


@task()
def run_pending() -> None:
    process_pending()
    # Let the next receipt queue a run, then look once more: a row committed while this run
    # was finishing found the flag still set and queued nothing.
    cache.delete(KICK)
    process_pending()
