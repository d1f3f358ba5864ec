"""Writes on subjects: identifiers validated; an existing record is reused when an identifier
agrees (CCCD, tax code, plate, URL) instead of creating a second one."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hub389.audit import services as audit
from hub389.lib.locale import in_vietnamese
from hub389.lib.text import fold
from hub389.subjects.identifiers import citizen_birth_year, clean_citizen_id, clean_tax_code
from hub389.subjects.linkage.prepare import match_keys, street
from hub389.subjects.models import Source, Subject, SubjectKind, SubjectRecord

IDENTIFIERS = ("citizen_id", "tax_code", "plate", "url")
RECORDED = ("kind", "name", "citizen_id", "tax_code", "address", "plate", "url", "phone")


def clean(
    *,
    kind: str,
    name: str,
    citizen_id: str = "",
    tax_code: str = "",
    plate: str = "",
    url: str = "",
    date_of_birth: datetime.date | None = None,
    address: str = "",
    legal_representative: str = "",
    phone: str = "",
) -> dict[str, Any]:
    """The fields as they would be kept, or a ValidationError with Vietnamese messages per
    field; writes nothing (an import checks every row with it before anything is saved)."""
    if kind not in SubjectKind.values:
        raise ValidationError({"kind": "Loại đối tượng không hợp lệ."})
    errors: dict[str, str] = {}
    if len(name.strip()) < 2:
        errors["name"] = "Hãy nhập tên đối tượng."
    try:
        citizen_id = clean_citizen_id(citizen_id) if citizen_id.strip() else ""
    except ValidationError as exc:
        errors["citizen_id"] = exc.messages[0]
    try:
        tax_code = clean_tax_code(tax_code) if tax_code.strip() else ""
    except ValidationError as exc:
        errors["tax_code"] = exc.messages[0]
    plate = plate.strip().upper().replace(" ", "")
    phone = phone.strip()
    if phone and not match_keys(kind, name, phone)[1]:
        errors["phone"] = "Số điện thoại không hợp lệ: 10 chữ số bắt đầu bằng 0 (hoặc +84)."
    if kind == SubjectKind.VEHICLE and not plate:
        errors["plate"] = "Phương tiện phải có biển số."
    if kind in (SubjectKind.ORGANISATION,) and not tax_code:
        errors["tax_code"] = errors.get("tax_code", "Tổ chức, doanh nghiệp phải có mã số thuế.")
    if date_of_birth and date_of_birth > timezone.localdate():
        errors["date_of_birth"] = "Ngày sinh không được ở tương lai."
    elif (
        date_of_birth
        and citizen_id
        and "citizen_id" not in errors  # a refused CCCD has no birth year to compare
        and citizen_birth_year(citizen_id) != date_of_birth.year
    ):
        errors["date_of_birth"] = "Năm sinh không khớp với số CCCD (chữ số 4–6): kiểm tra lại một trong hai."
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "name": name.strip(),
        "citizen_id": citizen_id,
        "tax_code": tax_code,
        "plate": plate,
        "url": url.strip(),
        "date_of_birth": date_of_birth,
        "address": address.strip(),
        "legal_representative": legal_representative.strip(),
        "phone": phone,  # as typed; kept on the source record only (a subject has no phone)
    }


def find_or_create(
    actor: Any, *, source: str = Source.OTHER, source_id: str = "", **fields: Any
) -> tuple[Subject, bool]:
    """(subject, created): the subject an identifier already names (CCCD, tax code, plate,
    URL), or a new one; either way the values typed are kept as a record of `source`.
    Raises ValidationError with Vietnamese messages per field."""
    return find_or_create_many(actor, [fields], source=source, source_id=source_id)[0]


def find_or_create_many(
    actor: Any, typed: list[dict[str, Any]], *, source: str = Source.OTHER, source_id: str = ""
) -> list[tuple[Subject, bool]]:
    """`find_or_create` for many at once (an import's violators): each typed subject cleaned
    (the first that fails raises), then found by any identifier among the registry's and the
    ones just created, so two rows naming one CCCD make one subject; the new ones are written
    in one insert, each with its audit entry (naming the record only: no identifier in the log).
    Every typed subject is also kept as a `SubjectRecord` of the actor's agency: the values as
    typed, which the linkage compares and the profile shows with their source."""
    kept = [clean(**fields) for fields in typed]
    if getattr(actor, "is_api_client", False):
        source = Source.API  # whatever the route, the values came from another agency's system
    with transaction.atomic():
        known: dict[tuple[str, str], Subject] = {}
        for name in IDENTIFIERS:
            values = {k[name] for k in kept if k[name]}
            if values:
                for held in Subject.objects.select_for_update().filter(**{f"{name}__in": values}):
                    known[name, getattr(held, name)] = held
        answers: list[tuple[Subject, bool]] = []
        new: list[Subject] = []
        for fields in kept:
            keys = [(name, fields[name]) for name in IDENTIFIERS if fields[name]]
            found = next((known[k] for k in keys if k in known), None)
            if found is not None:
                answers.append((found, found in new))
                continue
            subject = Subject(**{k: v for k, v in fields.items() if k != "phone"})
            subject.search_name = fold(subject.search_text())
            new.append(subject)
            known.update({k: subject for k in keys})
            answers.append((subject, True))
        Subject.objects.bulk_create(new)
        now = timezone.now()
        SubjectRecord.objects.bulk_create(
            SubjectRecord(
                subject=subject,
                recorded_at=now,
                recorded_by=actor if getattr(actor, "pk", None) else None,
                agency_id=getattr(actor, "agency_id", None),
                source=source,
                source_id=str(source_id)[:64],
                **{k: fields[k] or "" for k in RECORDED if k in fields},
                date_of_birth=fields["date_of_birth"],
                name_fold=match_keys(fields["kind"], fields["name"], "")[0],
                phone_norm=match_keys(fields["kind"], "", fields["phone"])[1],
                street_key=street(fields["address"])[:300],
            )
            for fields, (subject, _created) in zip(kept, answers, strict=True)
        )
        audit.append(
            [
                audit.entry(
                    actor,
                    "subject.create",
                    subject,
                    object_repr=f"{in_vietnamese(subject.get_kind_display())} #{subject.pk}",
                )
                for subject in new
            ]
        )
    return answers


def complete(actor: Any, subject: Subject, kept: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Fill the subject's empty fields from `kept` (cleaned values from another source); a
    recorded value is never overwritten, nor an identifier taken that another subject holds.
    (filled, disagreeing): the fields written, and those whose recorded value differs."""
    with transaction.atomic():
        subject = Subject.objects.select_for_update().get(pk=subject.pk)
        filled, differ = [], []
        for name in (*IDENTIFIERS, "date_of_birth", "address", "legal_representative"):
            value, recorded = kept.get(name), getattr(subject, name)
            if not value or value == recorded:
                continue
            if recorded or (
                name in IDENTIFIERS
                and Subject.objects.filter(**{name: value}).exclude(pk=subject.pk).exists()
            ):
                differ.append(name)
            else:
                setattr(subject, name, value)
                filled.append(name)
        if filled:
            subject.save(update_fields=filled)
            audit.record(
                actor,
                "subject.complete",
                subject,
                object_repr=f"{in_vietnamese(subject.get_kind_display())} #{subject.pk}",
                changes={"filled": filled},  # the field names only: no personal value in the log
            )
    return filled, differ
