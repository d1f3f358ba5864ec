"""Writes on the registry: jurisdiction rules, agencies, committee membership.

Each function validates (Vietnamese messages, nothing saved on error), checks the access
policy, saves and audits in one transaction.
"""

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hub389 import policy
from hub389.audit import services as audit
from hub389.registry.models import (
    Agency,
    Area,
    Field,
    JurisdictionRule,
    Membership,
    Representative,
    SteeringCommittee,
    competence_error,
)


def get_committee(code: str) -> SteeringCommittee:
    """A committee by its unit's official code ("01", "00070") or "national"."""
    code = code.strip()
    qs = SteeringCommittee.objects.select_related("area", "standing_office")
    if code.lower() in {"national", "vn", "quoc-gia"}:
        found = qs.filter(level="national").first()
    else:
        if code.isdigit() and len(code) <= 2:
            code = code.zfill(2)
        elif code.isdigit():
            code = code.zfill(5)
        found = qs.filter(area__code=code).first()
    if found is None:
        raise ValidationError(f"Không có Ban Chỉ đạo nào với mã đơn vị “{code}”.")
    return found


def get_area(code: str) -> Area:
    found = Area.objects.filter(code=code.strip()).first()
    if found is None:
        raise ValidationError(f"Không có địa bàn nào mang mã “{code}”.")
    return found


def _validate_rule(
    lead: Agency,
    coordinators: list[Agency],
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    field: Field | None = None,
) -> None:
    errors: dict[str, str] = {}
    if field is not None and (why := competence_error(field, lead)):
        errors["lead_agency"] = why
    if valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."
    if lead in coordinators:
        errors["coordinating_agencies"] = "Cơ quan chủ trì không đồng thời là cơ quan phối hợp."
    if not lead.is_active:
        errors["lead_agency"] = "Cơ quan chủ trì đã ngừng hoạt động."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_rule(
    actor: Any,
    *,
    area: Area,
    field: Field,
    lead_agency: Agency,
    coordinating_agencies: list[Agency] | None = None,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    legal_basis: str = "",
    note: str = "",
) -> JurisdictionRule:
    """Add a rule to the matrix. An overlap with another lead is allowed (it is a fact the
    gap report must show) but the caller can check `who_leads` first and warn."""
    coordinators = list(coordinating_agencies or [])
    if actor is not None:
        policy.require(actor, "manage_rules", area)
    _validate_rule(lead_agency, coordinators, valid_from, valid_to, field)
    jr = JurisdictionRule.objects.create(
        area=area,
        field=field,
        lead_agency=lead_agency,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=legal_basis,
        note=note,
    )
    jr.coordinating_agencies.set(coordinators)
    audit.record(actor, "rule.create", jr, changes=_rule_state(jr))
    return jr


@transaction.atomic
def update_rule(actor: Any, jr: JurisdictionRule, **values: Any) -> JurisdictionRule:
    """Change a rule; the old and new states go into the audit log."""
    policy.require(actor, "change", jr)
    before = _rule_state(jr)
    coordinators = values.pop("coordinating_agencies", None)
    for name, value in values.items():
        setattr(jr, name, value)
    if "area" in values:
        policy.require(actor, "manage_rules", jr.area)
    coords = list(coordinators) if coordinators is not None else list(jr.coordinating_agencies.all())
    _validate_rule(jr.lead_agency, coords, jr.valid_from, jr.valid_to, jr.field)
    jr.save()
    jr.coordinating_agencies.set(coords)
    audit.record(actor, "rule.update", jr, changes={"before": before, "after": _rule_state(jr)})
    return jr


def _rule_state(jr: JurisdictionRule) -> dict[str, Any]:
    return {
        "area": jr.area.code,
        "field": jr.field.code,
        "lead": jr.lead_agency.code,
        "coordinators": sorted(a.code for a in jr.coordinating_agencies.all()),
        "valid_from": jr.valid_from,
        "valid_to": jr.valid_to,
        "legal_basis": jr.legal_basis,
    }


@transaction.atomic
def create_agency(
    actor: Any, *, code: str, name: str, kind: str, level: str, area: Area, **extra: Any
) -> Agency:
    policy.require(actor, "change", Agency)
    code = code.strip()
    if Agency.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Mã cơ quan “{code}” đã có."})
    agency = Agency(code=code, name=name.strip(), kind=kind, level=level, area=area, **extra)
    agency.full_clean()
    agency.save()
    audit.record(actor, "agency.create", agency, changes={"code": code, "name": agency.name})
    return agency


PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{1,38}$")


def clean_phone(value: str, field: str) -> str:
    """A telephone number as people write it (113, 1800 1234, 024.3825.3366, +84 24 …);
    spaces kept, anything else refused with a message for `field`."""
    value = " ".join(value.split())
    if value and (not PHONE.match(value) or sum(c.isdigit() for c in value) < 3):
        raise ValidationError({field: "Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, gạch ngang, (+)."})
    return value


@transaction.atomic
def update_agency(actor: Any, agency: Agency, **values: Any) -> Agency:
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    policy.require(actor, "change", agency)
    if any(
        values.get(k, getattr(agency, k)) != getattr(agency, k) for k in ("name", "short_name", "is_active")
    ):
        policy.require(actor, "rename", agency)
    for field in ("phone", "hotline"):
        if field in values:
            values[field] = clean_phone(values[field] or "", field)
    before = {k: getattr(agency, k) for k in values}
    if "code" in values and Agency.objects.filter(code=values["code"]).exclude(pk=agency.pk).exists():
        raise ValidationError({"code": f"Mã cơ quan “{values['code']}” đã có."})
    for name, value in values.items():
        setattr(agency, name, value)
    agency.full_clean()
    agency.save()
    audit.record(actor, "agency.update", agency, changes={"before": before, "after": values})
    return agency


@transaction.atomic
def add_member(actor: Any, committee: SteeringCommittee, agency: Agency) -> Membership:
    policy.require(actor, "change", committee)
    membership, created = Membership.objects.get_or_create(committee=committee, agency=agency)
    if not created:
        raise ValidationError(f"“{agency.name}” đã là thành viên của {committee.name}.")
    audit.record(actor, "committee.add_member", committee, changes={"agency": agency.code})
    return membership


@transaction.atomic
def add_representative(
    actor: Any, membership: Membership, *, full_name: str, title: str, role: str
) -> Representative:
    if actor is not None:
        policy.require(actor, "change", membership.committee)
    if not full_name.strip():
        raise ValidationError({"full_name": "Hãy nhập họ và tên."})
    rep = Representative(membership=membership, full_name=full_name.strip(), title=title, role=role)
    rep.full_clean()
    rep.save()
    audit.record(
        actor,
        "committee.add_representative",
        membership.committee,
        changes={"agency": membership.agency.code, "full_name": rep.full_name, "role": role},
    )
    return rep
