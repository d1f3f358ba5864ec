"""`load_registry`: the 34 provinces and every commune from `vietnam-provinces`, the agencies,
committees, fields and goods groups. Idempotent: a second run changes nothing and says so."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import holidays
from django.db import models, transaction
from vietnam_provinces import Province, VietNamDivisionType, Ward

from hub389.audit import services as audit
from hub389.lib.text import fold
from hub389.registry import data
from hub389.registry.models import (
    Agency,
    AgencyAlias,
    Area,
    AreaKind,
    Field,
    GoodsGroup,
    Holiday,
    Level,
    Membership,
    SteeringCommittee,
)

DIVISION_NAMES = {
    VietNamDivisionType.TINH: "tỉnh",
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: "thành phố",
    VietNamDivisionType.XA: "xã",
    VietNamDivisionType.PHUONG: "phường",
    VietNamDivisionType.DAC_KHU: "đặc khu",
}


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())

    def summary(self) -> str:
        t = self.totals
        return (
            f"provinces={t['provinces']} communes={t['communes']} "
            f"agencies={t['agencies']} committees={t['committees']}"
        )


def _sync(
    result: LoadResult,
    label: str,
    model: type[models.Model],
    key_fields: tuple[str, ...],
    rows: list[dict[str, Any]],
) -> dict[tuple[Any, ...], Any]:
    """Create missing rows and update changed ones in bulk; return every row by key."""
    existing = {tuple(getattr(obj, f) for f in key_fields): obj for obj in model._default_manager.all()}
    to_create, to_update, changed_fields = [], [], set()
    has_search = any(f.name == "search_name" for f in model._meta.fields)
    for row in rows:
        key = tuple(row[f] for f in key_fields)
        obj = existing.get(key)
        is_new = obj is None
        if obj is None:
            obj = model(**row)
            to_create.append(obj)
            existing[key] = obj
            diff = []
        else:
            diff = [name for name, value in row.items() if getattr(obj, name) != value]
            for name in diff:
                setattr(obj, name, row[name])
        if has_search:
            text = obj.search_text() if hasattr(obj, "search_text") else str(obj)
            if obj.search_name != fold(text):  # type: ignore[attr-defined]
                obj.search_name = fold(text)  # type: ignore[attr-defined]
                diff.append("search_name")
        if diff and not is_new:
            changed_fields.update(diff)
            to_update.append(obj)
    model._default_manager.bulk_create(to_create, batch_size=1000)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields), batch_size=1000)
    result.created[label] = result.created.get(label, 0) + len(to_create)
    result.updated[label] = result.updated.get(label, 0) + len(to_update)
    return existing


# Coordinates of provinces and communes (for maps), from the `vietnamadminunits` package (MIT),
# extracted once into this file so that nothing is installed or fetched for them.
GEO = Path(__file__).parent / "geo.json"


def _point(table: dict[str, list[float]], code: str) -> dict[str, float | None]:
    lat, lng = table.get(code, (None, None))
    return {"lat": lat, "lng": lng}


@transaction.atomic
def load_registry() -> LoadResult:
    """Load or refresh the whole reference registry. Safe to run any number of times."""
    result = LoadResult()
    national = _sync(
        result,
        "areas",
        Area,
        ("code",),
        [{"code": data.NATIONAL_CODE, "kind": AreaKind.NATIONAL, "name": data.NATIONAL_NAME}],
    )[(data.NATIONAL_CODE,)]

    geo = json.loads(GEO.read_text(encoding="utf-8"))
    province_rows = [
        {
            "code": f"{int(p.code):02d}",
            "kind": AreaKind.PROVINCE,
            "name": p.name,
            "division_type": DIVISION_NAMES[p.division_type],
            "codename": p.codename,
            "parent_id": national.pk,
            **_point(geo["provinces"], f"{int(p.code):02d}"),
        }
        for p in Province.iter_all()
    ]
    provinces = _sync(result, "areas", Area, ("code",), province_rows)
    province_by_code = {code[0]: a for code, a in provinces.items() if a.kind == AreaKind.PROVINCE}

    commune_rows = []
    for w in Ward.iter_all():
        province = province_by_code[f"{int(w.province_code):02d}"]
        commune_rows.append(
            {
                "code": f"{int(w.code):05d}",
                "kind": AreaKind.COMMUNE,
                "name": w.name,
                "division_type": DIVISION_NAMES[w.division_type],
                "codename": w.codename,
                "parent_id": province.pk,
                "province_id": province.pk,
                **_point(geo["communes"], f"{int(w.code):05d}"),
            }
        )
    areas = _sync(result, "areas", Area, ("code",), commune_rows)
    area_by_code = {code[0]: a for code, a in areas.items()}

    special_rows = []
    for code, kind, name, parent_code, url in data.SPECIAL_AREAS:
        parent = area_by_code[parent_code]
        special_rows.append(
            {
                "code": code,
                "kind": kind,
                "name": name,
                "parent_id": parent.pk,
                "province_id": parent.pk if parent.kind == AreaKind.PROVINCE else parent.province_id,
                "url": url,
            }
        )
    _sync(result, "areas", Area, ("code",), special_rows)

    agencies = _load_agencies(result, national, province_by_code, area_by_code)
    _load_committees(result, national, province_by_code, area_by_code, agencies)
    _load_fields(result)
    _load_holidays(result)

    result.totals = {
        "provinces": Area.objects.filter(kind=AreaKind.PROVINCE).count(),
        "communes": Area.objects.filter(kind=AreaKind.COMMUNE).count(),
        "agencies": Agency.objects.count(),
        "committees": SteeringCommittee.objects.count(),
    }
    if result.changed:
        audit.record(
            None,
            "registry.load",
            object_type="registry",
            object_id="load_registry",
            object_repr=result.summary(),
            changes={"created": result.created, "updated": result.updated},
        )
    return result


def _load_agencies(
    result: LoadResult,
    national: Area,
    province_by_code: dict[str, Area],
    area_by_code: dict[str, Area],
) -> dict[str, Agency]:
    rows: list[dict[str, Any]] = []
    aliases: list[tuple[str, str]] = []
    parents: dict[str, str] = {}
    for abbr, kind, name, alias_names, parent in data.NATIONAL_AGENCIES:
        code = f"{data.NATIONAL_CODE}-{abbr}"
        rows.append(_agency_row(code, name, abbr, kind, Level.NATIONAL, national))
        aliases += [(code, a) for a in alias_names]
        if parent:
            parents[code] = f"{data.NATIONAL_CODE}-{parent}"
    for pcode, province in sorted(province_by_code.items()):
        fmt = {"short": province.short_name, "div": province.division_type}
        for abbr, kind, template, alias_templates, parent in data.PROVINCE_AGENCIES:
            if abbr == "BDBP" and pcode in data.INLAND_PROVINCES:
                continue
            code = f"{pcode}-{abbr}"
            name = data.NAME_OVERRIDES.get(code, template.format(**fmt))
            rows.append(_agency_row(code, name, abbr, kind, Level.PROVINCE, province))
            aliases += [(code, a.format(**fmt)) for a in alias_templates]
            aliases += [(code, a) for a in data.EXTRA_ALIASES.get(code, [])]
            parents[code] = f"{pcode}-{parent}" if parent else f"{data.NATIONAL_CODE}-{abbr}"
    province_codes = {a.pk: code for code, a in province_by_code.items()}
    for area in area_by_code.values():
        if area.kind == AreaKind.COMMUNE:
            code = f"{area.code}-UBND"
            rows.append(
                _agency_row(
                    code,
                    f"Ủy ban nhân dân {area.name}",
                    "UBND",
                    "peoples_committee",
                    Level.COMMUNE,
                    area,
                )
            )
            aliases.append((code, f"UBND {area.name}"))
            parents[code] = f"{province_codes.get(area.province_id or 0, '')}-UBND"
    by_code = {k[0]: v for k, v in _sync(result, "agencies", Agency, ("code",), rows).items()}
    parent_rows = []
    for code, parent_code in parents.items():
        agency, parent_agency = by_code[code], by_code.get(parent_code)
        if parent_agency is not None and agency.parent_id != parent_agency.pk:
            agency.parent = parent_agency
            parent_rows.append(agency)
    if parent_rows:
        Agency.objects.bulk_update(parent_rows, ["parent"], batch_size=1000)
    _sync(
        result,
        "aliases",
        AgencyAlias,
        ("agency_id", "name"),
        [{"agency_id": by_code[c].pk, "name": n} for c, n in aliases],
    )
    return by_code


def _agency_row(code: str, name: str, abbr: str, kind: str, level: str, area: Area) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "short_name": abbr,
        "kind": kind,
        "level": level,
        "area_id": area.pk,
    }


def _load_committees(
    result: LoadResult,
    national: Area,
    province_by_code: dict[str, Area],
    area_by_code: dict[str, Area],
    agencies: dict[str, Agency],
) -> None:
    rows: list[dict[str, Any]] = [
        {
            "area_id": national.pk,
            "level": Level.NATIONAL,
            "name": "Ban Chỉ đạo quốc gia chống buôn lậu, gian lận thương mại và hàng giả (BCĐ 389 quốc gia)",
            "standing_office_id": agencies[f"{data.NATIONAL_CODE}-VPTT389"].pk,
        }
    ]
    for pcode, province in sorted(province_by_code.items()):
        rows.append(
            {
                "area_id": province.pk,
                "level": Level.PROVINCE,
                "name": f"Ban Chỉ đạo 389 {province.division_type} {province.short_name}",
                "standing_office_id": agencies[f"{pcode}-SCT"].pk,
            }
        )
    for area in area_by_code.values():
        if area.kind == AreaKind.COMMUNE:
            rows.append(
                {
                    "area_id": area.pk,
                    "level": Level.COMMUNE,
                    "name": f"Ban Chỉ đạo 389 {area.name}",
                    "standing_office_id": agencies[f"{area.code}-UBND"].pk,
                }
            )
    committees = {
        k[0]: v for k, v in _sync(result, "committees", SteeringCommittee, ("area_id",), rows).items()
    }
    by_area_id = {c.area_id: c for c in committees.values()}
    national_committee = by_area_id[national.pk]
    parent_rows = []
    area_by_id = {a.pk: a for a in area_by_code.values()}
    for committee in committees.values():
        if committee.level == Level.NATIONAL:
            continue
        parent_area_id = (
            national.pk if committee.level == Level.PROVINCE else area_by_id[committee.area_id].province_id
        )
        parent = by_area_id.get(parent_area_id, national_committee)
        if committee.parent_id != parent.pk:
            committee.parent = parent
            parent_rows.append(committee)
    if parent_rows:
        SteeringCommittee.objects.bulk_update(parent_rows, ["parent"], batch_size=1000)
    member_rows = []
    for agency in agencies.values():
        if agency.level == Level.COMMUNE:
            continue
        committee = by_area_id[agency.area_id]
        member_rows.append({"committee_id": committee.pk, "agency_id": agency.pk})
    for committee in committees.values():
        if committee.level == Level.COMMUNE:
            member_rows.append({"committee_id": committee.pk, "agency_id": committee.standing_office_id})
    _sync(result, "memberships", Membership, ("committee_id", "agency_id"), member_rows)


def _load_fields(result: LoadResult) -> None:
    field_rows = [
        {
            "code": code,
            "name": name,
            "area_kinds": [str(k) for k in kinds],
            "lead_kinds": [str(k) for k in data.LEAD_KINDS.get(code, ([], ""))[0]],
            "lead_basis": data.LEAD_KINDS.get(code, ([], ""))[1],
            "sort_order": i,
        }
        for i, (code, name, kinds) in enumerate(data.FIELDS)
    ]
    fields = {k[0]: v for k, v in _sync(result, "fields", Field, ("code",), field_rows).items()}
    _sync(
        result,
        "goods_groups",
        GoodsGroup,
        ("code",),
        [
            {"code": code, "name": name, "field_id": fields[fcode].pk, "sort_order": i}
            for i, (code, name, fcode) in enumerate(data.GOODS_GROUPS)
        ],
    )


HOLIDAY_YEARS = range(2024, 2032)


def _load_holidays(result: LoadResult) -> None:
    """Vietnamese public holidays and days off in lieu from the `holidays` package; days an
    administrator added stay (rows are only created or renamed, never deleted)."""
    calendar = holidays.country_holidays("VN", years=HOLIDAY_YEARS, language="vi")
    _sync(
        result,
        "holidays",
        Holiday,
        ("day",),
        [{"day": d, "name": n[:200]} for d, n in sorted(calendar.items())],
    )
