"""What is kept of an informant once a tip is closed: nothing, after the retention period.

`HUB389_INFORMANT_RETENTION_DAYS` after a tip was closed (settled, merged into another, or found
not to be a tip; the day of that event), `erase_closed` deletes the sealed identity and contact
details (`Informant`), the receipt hash (the code then opens nothing), and the files the
informant sent (photos can identify them). The tip itself, its history, the officers' own files
and the audit log stay: they are the record of the State's handling. Each erasure is audited;
the informant's data never is. A tip reopened later (a merge undone) has nothing to restore: the
erasure is final, as it must be.

Run daily (`manage.py erase_informants`); running it twice the same day erases nothing more.
"""

import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate

from hub389.attachments.models import Attachment
from hub389.audit import services as audit
from hub389.tips.files import INFORMANT_FILE_PREFIX
from hub389.tips.models import OPEN_STATUSES, EventKind, Informant, Status, Tip, TipEvent

CLOSING = (EventKind.SETTLED, EventKind.MERGED, EventKind.NOT_A_TIP)


def due(day: datetime.date) -> Any:
    """Closed tips whose informant data is past its period on `day` and not yet erased."""
    cutoff = day - datetime.timedelta(days=settings.HUB389_INFORMANT_RETENTION_DAYS)
    closed = (
        TipEvent.objects.filter(tip=OuterRef("pk"), kind__in=CLOSING)
        .values("tip")
        .annotate(last=Max("at"))
        .values("last")
    )
    return (
        Tip.objects.exclude(status__in=OPEN_STATUSES)
        # A duplicate merged into a tip still open: its informant follows that tip with the code.
        .exclude(status=Status.MERGED, merged_into__status__in=OPEN_STATUSES)
        .filter(informant_erased_on__isnull=True)
        .filter(Q(has_informant=True) | Q(receipt_hash__isnull=False))
        # The closing event's day; a tip imported closed has none: its settlement day.
        .annotate(closed_on=Coalesce(TruncDate(Subquery(closed)), F("settled_on")))
        .filter(closed_on__lt=cutoff)
    )


def _delete_files(files: list[Any]) -> None:
    for stored in files:
        stored.storage.delete(stored.name)


def erase_closed(day: datetime.date) -> int:
    """Erase what is due on `day`; returns how many tips."""
    tip_type = ContentType.objects.get_for_model(Tip)
    erased = 0
    for tip_id in list(due(day).values_list("pk", flat=True)):
        files: list[Any] = []
        with transaction.atomic():
            tip = Tip.objects.select_for_update().get(pk=tip_id)
            if tip.informant_erased_on is not None or tip.is_open:
                continue
            identity = Informant.objects.filter(tip=tip).delete()[0]
            sent = Attachment.objects.filter(
                owner_type=tip_type, owner_id=str(tip.pk), original_name__startswith=INFORMANT_FILE_PREFIX
            )
            files = [a.file for a in sent]
            count = sent.delete()[0]
            tip.receipt_hash = None
            tip.informant_erased_on = day
            tip.save(update_fields=["receipt_hash", "informant_erased_on"])
            audit.record(
                None,
                "tip.informant_erase",
                tip,
                changes={
                    "identity": bool(identity),
                    "files": count,
                    "retention_days": settings.HUB389_INFORMANT_RETENTION_DAYS,
                },
            )
            transaction.on_commit(partial(_delete_files, files))
        erased += 1
    return erased
