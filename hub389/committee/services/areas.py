"""Area responsibility: the standing office gives each commune, ward and special area, by a
decision and for a period, to a team of an agency and its named officer ("rõ người"). When
another force records a case or takes a tip there in the assignment's field, the officer is
told at once (`cases_found`, `tip_found`, called by the cases' and tips' services in their
transaction) and the finding counts in the team's and the officer's evaluation.

This module reads cases and tips but imports neither app's services: they call it."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from hub389 import policy
from hub389.accounts.models import User
from hub389.audit import services as audit
from hub389.committee.models import AreaAssignment, AreaFinding
from hub389.committee.services.common import Errors, committee_for
from hub389.notifications.services import notify_users
from hub389.registry.models import Agency, Area, AreaKind, Field


@dataclass
class AssignmentInput:
    area: Area | None
    agency: Agency | None
    unit: str
    officer: User | None
    field: Field | None
    decision_no: str
    decision_date: datetime.date | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None = None


def _period(a: AreaAssignment) -> str:
    end = f"{a.valid_to:%d/%m/%Y}" if a.valid_to else "nay"
    return f"{a.valid_from:%d/%m/%Y}–{end}"


def active_on(day: datetime.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _overlapping(data: AssignmentInput, exclude: int | None = None) -> AreaAssignment | None:
    """Another assignment of the same force (kind of agency) for the same area, whose field
    and period meet this one's."""
    assert data.area is not None and data.agency is not None and data.valid_from is not None
    rows = AreaAssignment.objects.filter(area=data.area, agency__kind=data.agency.kind).select_related(
        "officer"
    )
    if exclude:
        rows = rows.exclude(pk=exclude)
    rows = rows.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=data.valid_from))
    if data.valid_to is not None:
        rows = rows.filter(valid_from__lte=data.valid_to)
    if data.field is not None:
        rows = rows.filter(Q(field__isnull=True) | Q(field=data.field))
    return rows.first()


def assign(actor: User, data: AssignmentInput) -> AreaAssignment:
    """The standing office of the area's committee assigns it; the officer is told."""
    with transaction.atomic():
        errors = Errors()
        if data.area is None:
            errors.add("area", "Chọn xã, phường, đặc khu hoặc địa bàn đặc thù.")
        elif data.area.kind in (AreaKind.NATIONAL, AreaKind.PROVINCE):
            errors.add(
                "area", "Giao địa bàn cấp xã hoặc địa bàn đặc thù (cửa khẩu, cảng…), không giao cả tỉnh."
            )
        committee = committee_for(data.area.province or data.area) if data.area is not None else None
        if committee is not None and not policy.can(actor, "manage_plans", committee):
            raise PermissionDenied("Chỉ Cơ quan Thường trực của Ban Chỉ đạo giao địa bàn phụ trách.")
        if data.agency is None:
            errors.add("agency", "Chọn cơ quan, đơn vị được giao.")
        if not data.unit.strip():
            errors.add("unit", "Hãy ghi đội, tổ, đồn được giao (ví dụ Đội Quản lý thị trường số 1).")
        if data.officer is None:
            errors.add("officer", "Chọn người chịu trách nhiệm.")
        elif data.agency is not None and data.officer.agency_id != data.agency.pk:
            errors.add(
                "officer",
                f"{data.officer.full_name or data.officer.username} không thuộc {data.agency.name}: "
                "người chịu trách nhiệm phải là cán bộ của cơ quan được giao.",
            )
        if not data.decision_no.strip():
            errors.add("decision_no", "Ghi số quyết định giao địa bàn.")
        if data.decision_date is None:
            errors.add("decision_date", "Ngày quyết định không hợp lệ (dd/mm/yyyy).")
        elif data.decision_date > timezone.localdate():
            errors.add("decision_date", "Ngày quyết định không thể ở tương lai.")
        if data.valid_from is None:
            errors.add("valid_from", "Ngày bắt đầu phụ trách không hợp lệ (dd/mm/yyyy).")
        elif data.valid_from > timezone.localdate() + datetime.timedelta(days=366):
            errors.add("valid_from", "Chỉ giao địa bàn bắt đầu trong vòng một năm tới.")
        elif data.valid_to is not None and data.valid_to < data.valid_from:
            errors.add("valid_to", "Ngày kết thúc phải sau ngày bắt đầu.")
        errors.raise_any()
        assert data.area is not None and data.agency is not None and data.officer is not None
        assert committee is not None and data.valid_from is not None and data.decision_date is not None
        # Two officers assigning the same commune at once: the area's row serialises them.
        Area.objects.select_for_update().filter(pk=data.area.pk).first()
        clash = _overlapping(data)
        if clash is not None:
            errors.add(
                "area",
                f"{data.area.name} đã giao cho {clash.unit} "
                f"({clash.officer.full_name or clash.officer.username}, quyết định {clash.decision_no}) "
                f"trong thời gian {_period(clash)}: hãy kết thúc giao địa bàn đó trước.",
            )
            errors.raise_any()
        row = AreaAssignment.objects.create(
            committee=committee,
            area=data.area,
            agency=data.agency,
            unit=data.unit.strip()[:150],
            officer=data.officer,
            field=data.field,
            decision_no=data.decision_no.strip()[:60],
            decision_date=data.decision_date,
            valid_from=data.valid_from,
            valid_to=data.valid_to,
            assigned_by=actor,
        )
        audit.record(
            actor,
            "area.assign",
            row,
            object_repr=str(row),
            changes={"decision": row.decision_no, "from": row.valid_from, "to": row.valid_to},
        )
        notify_users(
            [data.officer],
            f"Bạn được giao phụ trách địa bàn {data.area.name} ({row.decision_no})",
            url="/committee/areas/",
        )
    return row


def end(
    actor: User, assignment: AreaAssignment, valid_to: datetime.date | None, reason: str
) -> AreaAssignment:
    """End an assignment (a new decision, a transfer): kept, with its period, in the history."""
    with transaction.atomic():
        row = (
            AreaAssignment.objects.select_for_update(of=("self",))
            .select_related("committee__area")
            .get(pk=assignment.pk)
        )
        if not policy.can(actor, "manage_plans", row.committee):
            raise PermissionDenied("Chỉ Cơ quan Thường trực của Ban Chỉ đạo kết thúc giao địa bàn.")
        errors = Errors()
        if valid_to is None:
            errors.add("valid_to", "Ghi ngày kết thúc (dd/mm/yyyy).")
        elif valid_to < row.valid_from - datetime.timedelta(days=1):
            errors.add(
                "valid_to",
                f"Ngày kết thúc không thể trước ngày bắt đầu ({row.valid_from:%d/%m/%Y}); để hủy một giao "
                f"địa bàn chưa có hiệu lực, ghi ngày {row.valid_from - datetime.timedelta(days=1):%d/%m/%Y}.",
            )
        elif row.valid_to is not None and row.valid_to < valid_to:
            errors.add("valid_to", f"Giao địa bàn đã kết thúc ngày {row.valid_to:%d/%m/%Y}.")
        if not reason.strip():
            errors.add("reason", "Ghi lý do kết thúc (quyết định mới, điều động…).")
        errors.raise_any()
        before = row.valid_to
        row.valid_to, row.end_reason = valid_to, reason.strip()[:300]
        row.save(update_fields=["valid_to", "end_reason"])
        audit.record(
            actor,
            "area.end",
            row,
            object_repr=str(row),
            changes={"valid_to": [before, valid_to]},
            reason=row.end_reason,
        )
    return row


def _matches(
    rows: Iterable[AreaAssignment], area_id: int, field_id: int, agency_id: int, day: datetime.date
) -> list[AreaAssignment]:
    return [
        a
        for a in rows
        if a.area_id == area_id
        and a.agency_id != agency_id
        and (a.field_id is None or a.field_id == field_id)
        and a.current(day)
    ]


def cases_found(cases: list[Any]) -> list[AreaFinding]:
    """New cases recorded by one force in areas another force answers for: a finding each, and
    the responsible officers told (one message per officer). A confidential case tells no one."""
    cases = [c for c in cases if not c.confidential]
    if not cases:
        return []
    rows = list(
        AreaAssignment.objects.filter(area_id__in={c.area_id for c in cases})
        .filter(valid_from__lte=max(c.detected_on for c in cases))
        .select_related("officer", "area")
    )
    found = [
        AreaFinding(assignment=a, case=c, found_by_id=c.owner_id, found_on=c.detected_on)
        for c in cases
        for a in _matches(rows, c.area_id, c.field_id, c.owner_id, c.detected_on)
    ]
    return _tell(AreaFinding.objects.bulk_create(found, ignore_conflicts=True) if found else [], "vụ việc")


def tip_found(tip: Any) -> list[AreaFinding]:
    """A tip routed to another force in an assigned area (the tip's content is not told)."""
    if tip.agency_id is None:
        return []
    rows = list(AreaAssignment.objects.filter(area_id=tip.area_id).select_related("officer", "area"))
    found = [
        AreaFinding(assignment=a, tip=tip, found_by_id=tip.agency_id, found_on=tip.received_on)
        for a in _matches(rows, tip.area_id, tip.field_id, tip.agency_id, tip.received_on)
    ]
    return _tell(AreaFinding.objects.bulk_create(found, ignore_conflicts=True) if found else [], "tin báo")


def _tell(found: list[AreaFinding], what: str) -> list[AreaFinding]:
    by_officer: dict[int, list[AreaFinding]] = defaultdict(list)
    for f in found:
        by_officer[f.assignment.officer_id].append(f)
    for items in by_officer.values():
        a = items[0].assignment
        agencies = sorted({f.found_by_id for f in items})
        names = ", ".join(Agency.objects.filter(pk__in=agencies).values_list("name", flat=True))
        notify_users(
            [a.officer],
            f"{len(items)} {what} trên địa bàn bạn phụ trách ({a.area.name}) do {names} phát hiện",
            url="/committee/areas/findings/",
        )
    return found


def set_began(actor: User, finding: AreaFinding, began_on: datetime.date | None) -> AreaFinding:
    """When the violation began, once the case establishes it (how long it went undetected)."""
    with transaction.atomic():
        row = (
            AreaFinding.objects.select_for_update(of=("self",))
            .select_related("assignment__committee__area")
            .get(pk=finding.pk)
        )
        if not policy.can(actor, "manage_plans", row.assignment.committee):
            raise PermissionDenied("Chỉ Cơ quan Thường trực ghi thời điểm bắt đầu vi phạm.")
        errors = Errors()
        if began_on is None:
            errors.add("began_on", "Ngày không hợp lệ (dd/mm/yyyy).")
        elif began_on > row.found_on:
            errors.add("began_on", f"Vi phạm không thể bắt đầu sau ngày phát hiện ({row.found_on:%d/%m/%Y}).")
        errors.raise_any()
        before = row.began_on
        row.began_on = began_on
        row.save(update_fields=["began_on"])
        audit.record(actor, "area.began", row, object_repr=str(row), changes={"began_on": [before, began_on]})
    return row


def gaps(committee_area: Area, day: datetime.date) -> QuerySet[Area]:
    """The communes of a province with no responsible person on `day`."""
    province = committee_area.province or committee_area
    covered = AreaAssignment.objects.filter(active_on(day), area__province=province).values("area_id")
    return (
        Area.objects.filter(province=province, kind=AreaKind.COMMUNE).exclude(pk__in=covered).order_by("name")
    )
