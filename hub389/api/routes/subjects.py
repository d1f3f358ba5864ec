"""Subjects (persons, businesses, vehicles, shops): searched by an identifier or a name among
those the client's agency may see (the records that name them), and created or found by an
identifier. Every search is audited: it reads personal data."""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field as Constraint

from hub389 import policy
from hub389.api import idempotency
from hub389.api.auth import ClientToken, actor
from hub389.api.fields import Len, object_id
from hub389.api.routes.cases import SubjectIn
from hub389.api.schemas import ERRORS, WRITE_ERRORS
from hub389.audit import services as audit
from hub389.lib.text import fold
from hub389.subjects import services
from hub389.subjects.identifiers import clean_citizen_id, clean_tax_code
from hub389.subjects.models import Source, Subject

router = Router(tags=["subjects"])


class SubjectOut(Schema):
    id: int
    kind: str
    name: str
    citizen_id: str
    tax_code: str
    plate: str
    url: str
    address: str


class SubjectQuery(Schema):
    citizen_id: Annotated[str, Len(20)] = ""
    tax_code: Annotated[str, Len(20)] = ""
    plate: Annotated[str, Len(20)] = ""
    phone: Annotated[str, Len(20)] = Constraint(
        "", description="digits of a phone number in the name or address"
    )
    name: Annotated[str, Len(120)] = ""
    limit: int = Constraint(50, ge=1, le=200)


def _out(s: Subject) -> dict[str, Any]:
    return {
        "id": s.pk,
        "kind": s.kind,
        "name": s.name,
        "citizen_id": s.citizen_id,
        "tax_code": s.tax_code,
        "plate": s.plate,
        "url": s.url,
        "address": s.address,
    }


def _identifier(clean: Any, value: str, field: str) -> str:
    try:
        return str(clean(value))
    except ValidationError as exc:
        raise ValidationError({field: exc.messages[0]}) from None


@router.get(
    "/subjects",
    auth=ClientToken("subjects:read"),
    response={200: list[SubjectOut], **ERRORS},
    summary="Tra cứu đối tượng",
)
def search(request: HttpRequest, filters: Query[SubjectQuery]) -> list[dict[str, Any]]:
    qs = policy.visible(request.user, "view", Subject)
    asked = {k: v for k, v in filters.model_dump().items() if k != "limit" and v}
    if not asked:
        raise ValidationError(
            {"name": "Hãy cho một tiêu chí: CCCD, mã số thuế, biển số, điện thoại hoặc tên (3 chữ trở lên)."}
        )
    if filters.citizen_id:
        qs = qs.filter(citizen_id=_identifier(clean_citizen_id, filters.citizen_id, "citizen_id"))
    if filters.tax_code:
        qs = qs.filter(tax_code=_identifier(clean_tax_code, filters.tax_code, "tax_code"))
    if filters.plate:
        qs = qs.filter(plate=filters.plate.strip().upper().replace(" ", ""))  # as `find_or_create` keeps it
    if filters.phone:
        digits = "".join(ch for ch in filters.phone if ch.isdigit())
        if len(digits) < 6:
            raise ValidationError({"phone": "Số điện thoại cần ít nhất 6 chữ số."})
        qs = qs.filter(Q(address__contains=digits) | Q(name__contains=digits))
    if filters.name:
        words = fold(filters.name).split()
        if len("".join(words)) < 3:
            raise ValidationError({"name": "Tên cần ít nhất 3 chữ cái."})
        qs = qs.filter(search_name__contains=" ".join(words))
    found = list(qs.order_by("pk")[: filters.limit])
    audit.record(
        request.user,
        "api.subject_search",
        object_type="subjects.subject",
        object_repr=f"{len(found)} kết quả",
        changes={"criteria": sorted(asked)},  # which identifiers were asked, never their values
    )
    return [_out(s) for s in found]


@router.get(
    "/subjects/{subject_id}",
    auth=ClientToken("subjects:read"),
    response={200: SubjectOut, **ERRORS},
    summary="Một đối tượng",
)
def subject(request: HttpRequest, subject_id: int = object_id()) -> dict[str, Any]:
    found = get_object_or_404(policy.visible(request.user, "view", Subject), pk=subject_id)
    audit.record(
        request.user, "api.subject_read", found, object_repr=f"{found.get_kind_display()} #{found.pk}"
    )
    return _out(found)


class SubjectCreated(SubjectOut):
    created: bool


@router.post(
    "/subjects",
    auth=ClientToken("subjects:write"),
    response={201: SubjectCreated, 200: SubjectCreated, **WRITE_ERRORS},
    summary="Tạo đối tượng (hoặc trả về đối tượng đã có cùng định danh)",
)
def create(request: HttpRequest, body: SubjectIn) -> Status[Any]:
    def work() -> tuple[int, dict[str, Any]]:
        fields = {k: v for k, v in body.fields().items() if v not in ("", None)}
        found, created = services.find_or_create(actor(request), source=Source.API, **fields)
        if created or policy.can(request.user, "view", found):
            return (201 if created else 200), {**_out(found), "created": created}
        # Known through records the client may not see: its id to link, nothing it did not send.
        sent = {k: fields.get(k, "") for k in ("name", "citizen_id", "tax_code", "plate", "url", "address")}
        return 200, {"id": found.pk, "kind": found.kind, **sent, "created": False}

    return idempotency.run(request, work)
