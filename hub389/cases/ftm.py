"""The cases an agency may see, as followthemoney entities (what Aleph and nomenklatura load):
each case an `Event` organised by its owner (`PublicBody`) and involving its subjects (`Person`,
`Company`, `LegalEntity` for a household business, `Vehicle`, `UserAccount`), their `Address`,
and a `Sanction` for each sanction decided. Ids are stable (`hub389-<kind>-<id>`), so a
second export updates the same entities in Aleph instead of adding new ones."""

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from followthemoney import model
from followthemoney.proxy import EntityProxy

from hub389.cases.models import Case
from hub389.registry.models import Agency
from hub389.subjects.access import readable_records
from hub389.subjects.models import Subject, SubjectKind, SubjectRecord

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


# Whose CCCD, birth date, phone and address are personal data (Law 91/2025): exported from the
# records the reader may read (`subjects.access`), never from the subject row another agency filled.
PEOPLE = (SubjectKind.PERSON, SubjectKind.HOUSEHOLD)


def readable_values(
    user: Any, subject_ids: list[int], *, clusters: bool = False
) -> dict[int, list[SubjectRecord]]:
    """The records of these subjects (and, with `clusters`, of their members) whose personal
    values `user` may read, by subject: one query for the records, one for the rule."""
    members = {pk: pk for pk in subject_ids}
    if clusters:
        members.update(
            Subject.objects.filter(resolved_to__in=subject_ids).values_list("pk", "resolved_to_id")
        )
    records = list(SubjectRecord.objects.filter(subject__in=list(members)).order_by("pk"))
    mine = readable_records(user, [r.pk for r in records])
    values: dict[int, list[SubjectRecord]] = defaultdict(list)
    for record in records:
        if record.pk in mine:
            values[members[record.subject_id]].append(record)
    return values


def personal(entity: EntityProxy, s: Subject, records: list[SubjectRecord]) -> Iterator[EntityProxy]:
    """A person's or household's identifiers, birth date, phone and addresses from `records`
    only (the row's are dropped); yields the Address entities."""
    for prop in ("idNumber", "birthDate", "addressEntity"):
        entity.pop(prop)
    for n, record in enumerate(records):
        entity.add("idNumber", [x for x in (record.citizen_id, record.old_id) if x] or None)
        if entity.schema.name == "Person":
            born = record.date_of_birth.isoformat() if record.date_of_birth else record.birth_year
            entity.add("birthDate", str(born) if born else None)
        entity.add("phone", record.phone or None)
        if record.address:
            address = make("Address", "address", f"{s.pk}-{n}")
            address.add("full", record.address)
            address.add("country", "vn")
            entity.add("addressEntity", address.id)
            yield address


def subject(s: Subject, readable: list[SubjectRecord] | None = None) -> Iterator[EntityProxy]:
    """The subject's entity (and its address). With `readable` (the records the reader may read),
    a person's or household's personal values come from those records only."""
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
    if readable is not None and s.kind in PEOPLE:
        yield from personal(entity, s, readable)
        yield entity
        return
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


def export(cases: QuerySet[Case], user: Any) -> Iterator[dict[str, Any]]:
    """Every entity of these cases once (agencies and subjects shared by several cases too); a
    person's personal values are those of the records `user` may read."""
    seen: set[str] = set()
    rows = (
        cases.select_related("owner", "area")
        .prefetch_related("subjects__subject", "sanctions")
        .order_by("pk")
    )
    for chunk in _chunks(rows.iterator(chunk_size=500), 500):
        people = [
            link.subject_id for case in chunk for link in case.subjects.all() if link.subject.kind in PEOPLE
        ]
        values = readable_values(user, people)
        for case in chunk:
            parts = [
                agency(case.owner),
                *(
                    e
                    for link in case.subjects.all()
                    for e in subject(link.subject, values.get(link.subject_id, []))
                ),
                *case_entities(case),
            ]
            for entity in parts:
                if entity.id is not None and entity.id not in seen:
                    seen.add(entity.id)
                    yield entity.to_dict()


def _chunks(rows: Iterator[Case], size: int) -> Iterator[list[Case]]:
    chunk: list[Case] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
