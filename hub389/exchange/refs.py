"""External references: the record an agency's system already sent, found by its own id."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from hub389.exchange.models import ExternalRef
from hub389.lib.text import fold
from hub389.registry.models import Agency

SOURCE_SYSTEM_MAX, SOURCE_ID_MAX = 40, 100


class Stale(Exception):
    """An update sent with a version the record has moved past (the API answers 409)."""

    def __init__(self, current: int) -> None:
        super().__init__(current)
        self.current = current


def check(source_system: str, source_id: str) -> tuple[str, str]:
    """Both or neither; trimmed; within length (Vietnamese messages, keyed by field). The system's
    name is kept in capitals without diacritics, anything but letters and digits written "-"
    ("qltt hn", "QLTT_HN" and "QLTT-HN" are one system: a typed variant is no duplicate)."""
    system = "-".join(re.findall(r"[A-Z0-9]+", fold(source_system).upper()))
    sid = source_id.strip()
    if bool(system) != bool(sid):
        raise ValidationError(
            {"source_id": "Cần cả hệ thống nguồn (source_system) và mã bản ghi (source_id)."}
        )
    if len(system) > SOURCE_SYSTEM_MAX:
        raise ValidationError({"source_system": f"Tên hệ thống nguồn tối đa {SOURCE_SYSTEM_MAX} ký tự."})
    if len(sid) > SOURCE_ID_MAX:
        raise ValidationError({"source_id": f"Mã bản ghi nguồn tối đa {SOURCE_ID_MAX} ký tự."})
    return system, sid


def locked(agency: Agency, kind: str, source_system: str, source_id: str) -> ExternalRef | None:
    """The reference, its row locked till the end of the caller's transaction."""
    return (
        ExternalRef.objects.select_for_update()
        .filter(agency=agency, kind=kind, source_system=source_system, source_id=source_id)
        .first()
    )


def remember(agency: Agency, kind: str, source_system: str, source_id: str, object_id: int) -> ExternalRef:
    return ExternalRef.objects.create(
        agency=agency, kind=kind, source_system=source_system, source_id=source_id, object_id=object_id
    )


def touch(ref: ExternalRef) -> ExternalRef:
    ref.version += 1
    ref.updated_at = timezone.now()
    ref.save(update_fields=["version", "updated_at"])
    return ref


def of(kind: str, object_ids: list[int]) -> dict[int, ExternalRef]:
    """The references of these records (one query), by record id (the first when several
    agencies name one record)."""
    found: dict[int, ExternalRef] = {}
    for ref in ExternalRef.objects.filter(kind=kind, object_id__in=object_ids).order_by("pk"):
        found.setdefault(ref.object_id, ref)
    return found


def current_version(kind: str, object_id: int) -> int:
    ref = ExternalRef.objects.filter(kind=kind, object_id=object_id).order_by("pk").first()
    return ref.version if ref else 1


def of_all(kind: str, object_id: int) -> list[ExternalRef]:
    """Every reference that names this record (one per agency and system)."""
    return list(
        ExternalRef.objects.filter(kind=kind, object_id=object_id).select_related("agency").order_by("pk")
    )
