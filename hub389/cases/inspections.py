"""Joint inspections, with the warning seed 002 asks for: the same business must not be
inspected again and again by different agencies. Before an inspection is planned, hub389 looks
for inspections and cases of other agencies on the same subject within `RECENT_DAYS`."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389 import policy
from hub389.accounts.models import User
from hub389.audit import services as audit
from hub389.cases.models import Case, Inspection, InspectionStatus
from hub389.registry.models import Agency, Area
from hub389.subjects.models import Source, Subject
from hub389.subjects.services import find_or_create

RECENT_DAYS = 180


def recent_checks(subject: Subject, agency: Agency, around: datetime.date) -> list[str]:
    """Lines describing other agencies' inspections and cases on `subject` near `around`: on
    the subject as resolved across agencies (its cluster: "NGUYEN VAN HUNG" at Customs is the
    "Nguyễn Văn Hùng" of Market Surveillance once linked), not only the exact record."""
    since = around - datetime.timedelta(days=RECENT_DAYS)
    lines = []
    one = subject.cluster_ids() if subject.pk else []
    for other in (
        Inspection.objects.filter(subject__in=one, planned_on__range=(since, around))
        .exclude(status=InspectionStatus.CANCELLED)
        .exclude(Q(lead_agency=agency) | Q(members=agency))
        .select_related("lead_agency")
        .distinct()
    ):
        lines.append(f"{other.lead_agency.name} kiểm tra ngày {other.planned_on:%d/%m/%Y}")
    for case in (
        Case.objects.filter(subjects__subject__in=one, detected_on__range=(since, around), confidential=False)
        .exclude(owner=agency)
        .select_related("detected_by")
        .distinct()
    ):
        lines.append(f"{case.detected_by.name} lập vụ việc {case.reference} ngày {case.detected_on:%d/%m/%Y}")
    return lines


def plan(
    actor: User,
    *,
    subject: Subject | dict[str, str],
    area: Area,
    planned_on: datetime.date,
    purpose: str,
    members: list[Agency],
    team: list[User] | None = None,
    confirm_overlap: bool = False,
) -> tuple[Inspection | None, list[str]]:
    """Plan an inspection led by the actor's agency, with its team (officers of the lead and
    member agencies); `subject` may be the fields typed for it (found or created here). When
    other agencies checked the same subject recently, nothing is saved and the lines are
    returned, unless `confirm_overlap` (then they are kept on the inspection)."""
    team = team or []
    agency = actor.agency
    if agency is None:
        raise ValidationError(_("Tài khoản chưa gắn với cơ quan."))
    errors: dict[str, str] = {}
    if planned_on < timezone.localdate():
        errors["planned_on"] = "Ngày kiểm tra không được ở quá khứ."
    if len(purpose.strip()) < 5:
        errors["purpose"] = "Ghi rõ nội dung kiểm tra."
    if any(m.pk == agency.pk for m in members):
        errors["members"] = "Cơ quan chủ trì không đồng thời là thành viên đoàn."
    allowed = {agency.pk, *(m.pk for m in members)}
    outsiders = [u.username for u in team if u.agency_id not in allowed]
    if outsiders:
        errors["team"] = f"Cán bộ không thuộc cơ quan trong đoàn: {', '.join(outsiders)}."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if isinstance(subject, dict):  # typed on the form: found or created with the plan
            subject, _created = find_or_create(actor, source=Source.INSPECTION, **subject)
        overlaps = recent_checks(subject, agency, planned_on)
        if overlaps and not confirm_overlap:
            transaction.set_rollback(True)  # a new subject is not kept for an unsaved plan
            return None, overlaps
        inspection = Inspection.objects.create(
            subject=subject,
            lead_agency=agency,
            area=area,
            planned_on=planned_on,
            purpose=purpose.strip(),
            created_by=actor,
            overlap_note="; ".join(overlaps)[:500],
        )
        inspection.members.set(members)
        inspection.team.set(team)
        audit.record(
            actor,
            "inspection.plan",
            inspection,
            object_repr=f"Kiểm tra #{inspection.pk}",
            changes={
                "members": [m.code for m in members],
                "team": [u.username for u in team],
                "overlaps": len(overlaps),
            },
        )
    return inspection, overlaps


def record_result(
    actor: Any, inspection: Inspection, status: str, case: Case | None = None, findings: str = ""
) -> Inspection:
    """The lead agency records what the inspection found (and the case it opened, if any)."""
    policy.require(actor, "record", inspection)
    if status not in (InspectionStatus.DONE, InspectionStatus.CANCELLED):
        raise ValidationError({"status": "Trạng thái không hợp lệ."})
    if inspection.status != InspectionStatus.PLANNED:
        raise ValidationError(_("Kết quả kiểm tra đã được ghi."))
    if status == InspectionStatus.DONE and len(findings.strip()) < 5:
        raise ValidationError({"findings": "Ghi kết quả kiểm tra (ít nhất 5 ký tự)."})
    if case is not None and not policy.can(actor, "view", case):
        raise ValidationError({"case": "Không tìm thấy vụ việc này trong các hồ sơ bạn được xem."})
    with transaction.atomic():
        inspection.status, inspection.case, inspection.findings = status, case, findings.strip()
        inspection.save(update_fields=["status", "case", "findings"])
        audit.record(
            actor,
            "inspection.result",
            inspection,
            object_repr=f"Kiểm tra #{inspection.pk}",
            changes={"status": status},
        )
    return inspection
