"""The cases an agency may see, as followthemoney entities (what Aleph and nomenklatura load):
each case an `Event` organised by its owner (`PublicBody`) and involving its subjects (`Person`,
`Company`, `LegalEntity` for a household business, `Vehicle`, `UserAccount`), their `Address`,
and a `Sanction` for each sanction decided. Ids are stable (`hub389-<kind>-<id>`), so a
second export updates the same entities in Aleph instead of adding new ones."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from followthemoney import model
from followthemoney.proxy import EntityProxy

from hub389.cases.models import Case
from hub389.registry.models import Agency
from hub389.subjects.models import Subject, SubjectKind

SCHEMA = {
    SubjectKind.PERSON: "Person",
    SubjectKind.ORGANISATION: "Company",
    SubjectKind.HOUSEHOLD: "LegalEntity",
    SubjectKind.VEHICLE: "Vehicle",
    SubjectKind.ONLINE: "UserAccount",
}


def entity_id(kind: str, pk: Any) -> str:
    return f"hub389-{kind}-{pk}"


def make(schema: str, kind: str, pk: Any) -> EntityProxy:
    entity = model.make_entity(schema)
    entity.id = entity_id(kind, pk)
    return entity


def agency(a: Agency) -> EntityProxy:
    body = make("PublicBody", "agency", a.code)
    body.add("name", a.name)
    body.add("country", "vn")
    if a.short_name:
        body.add("alias", a.short_name)
    return body


def subject(s: Subject) -> Iterator[EntityProxy]:
    entity = make(SCHEMA[SubjectKind(s.kind)], "subject", s.pk)
    entity.add("name", s.name)
    entity.add("country", "vn")
    if s.kind == SubjectKind.VEHICLE:
        entity.add("registrationNumber", s.plate)
    elif s.kind == SubjectKind.ONLINE:
        entity.add("sourceUrl", s.url)
    else:
        entity.add("idNumber", s.citizen_id or None)
        entity.add("taxNumber", s.tax_code or None)
        if s.kind == SubjectKind.HOUSEHOLD:
            entity.add("legalForm", "Hộ kinh doanh")
        if s.kind == SubjectKind.PERSON and s.date_of_birth:
            entity.add("birthDate", s.date_of_birth.isoformat())
    if s.address and s.kind != SubjectKind.ONLINE:
        address = make("Address", "address", s.pk)
        address.add("full", s.address)
        address.add("country", "vn")
        entity.add("addressEntity", address.id)
        yield address
    yield entity


def case_entities(case: Case) -> Iterator[EntityProxy]:
    event = make("Event", "case", case.pk)
    event.add("name", case.reference)
    event.add("recordId", case.reference)
    event.add("summary", case.summary)
    event.add("date", case.detected_on.isoformat())
    event.add("country", "vn")
    event.add("location", case.place or case.area.name)
    event.add("organizer", entity_id("agency", case.owner.code))
    for link in case.subjects.all():
        event.add("involved", entity_id("subject", link.subject_id))
    yield event
    for sanction in case.sanctions.all():
        if not sanction.decision_date:
            continue
        targets = (
            [sanction.subject_id]
            if sanction.subject_id
            else [link.subject_id for link in case.subjects.all() if link.role == "violator"]
        )
        for target in targets:
            entry = make("Sanction", "sanction", f"{sanction.pk}-{target}")
            entry.add("entity", entity_id("subject", target))
            entry.add("authority", case.owner.name)
            entry.add("program", "Xử phạt vi phạm hành chính (Luật Xử lý vi phạm hành chính)")
            entry.add("reason", case.summary)
            entry.add("recordId", sanction.decision_no)
            entry.add("startDate", sanction.decision_date.isoformat())
            entry.add("country", "vn")
            yield entry


def export(cases: QuerySet[Case]) -> Iterator[dict[str, Any]]:
    """Every entity of these cases once (agencies and subjects shared by several cases too)."""
    seen: set[str] = set()
    rows = (
        cases.select_related("owner", "area")
        .prefetch_related("subjects__subject", "sanctions")
        .order_by("pk")
    )
    for case in rows.iterator(chunk_size=500):
        parts = [
            agency(case.owner),
            *(e for link in case.subjects.all() for e in subject(link.subject)),
            *case_entities(case),
        ]
        for entity in parts:
            if entity.id is not None and entity.id not in seen:
                seen.add(entity.id)
                yield entity.to_dict()
