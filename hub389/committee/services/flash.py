"""Flash reports: a serious incident reported at once to the committee's standing office and
leaders, acknowledged by a leader within the committee's hours, forwarded up on the
committee's decision. The text is the reporter's: nothing is copied from a tip, so nothing of
an informant can be in it."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from hub389 import policy
from hub389.accounts.models import Role, User
from hub389.audit import services as audit
from hub389.cases.models import Case
from hub389.cases.services import add_event
from hub389.committee.models import FlashDeadline, FlashReport, FlashStep, Incident
from hub389.committee.services.common import Errors, committee_for, office_and_leaders
from hub389.notifications.services import notify_agency, notify_users
from hub389.registry.models import Agency, Area, SteeringCommittee
from hub389.reports.services import next_number


@dataclass
class FlashInput:
    incident: str
    title: str
    happened_at: datetime.datetime | None
    area: Area | None
    place: str
    what: str
    goods: str
    value_vnd: int
    measures: str
    lead_agency: Agency | None
    case: Case | None = None


def deadlines(committee: SteeringCommittee) -> FlashDeadline:
    """The committee's hours, or the defaults (unsaved) until it sets its own."""
    found = FlashDeadline.objects.filter(committee=committee).first()
    return found or FlashDeadline(committee=committee)


def _hours(n: int) -> datetime.timedelta:
    return datetime.timedelta(hours=n)


def _url(flash: FlashReport) -> str:
    return f"/committee/flash/{flash.pk}/"


def report(actor: User, data: FlashInput) -> FlashReport:
    """Send a flash report to the committee of the reporter's agency (its standing office and
    leaders are told at once). From a case, only a case the reporter may open."""
    with transaction.atomic():
        policy.require(actor, "create", FlashReport)
        errors = Errors()
        case = None
        if data.case is not None:
            case = Case.objects.select_related("area").get(pk=data.case.pk)
            if not policy.can(actor, "view", case):
                raise PermissionDenied(
                    "Bạn không xem được vụ việc này nên không báo cáo nhanh từ vụ việc đó."
                )
        now = timezone.now()
        if data.incident not in Incident.values:
            errors.add("incident", "Chọn loại sự việc.")
        if not data.title.strip():
            errors.add("title", "Hãy ghi tiêu đề sự việc.")
        if not data.what.strip():
            errors.add("what", "Hãy ghi diễn biến sự việc.")
        if data.happened_at is None:
            errors.add("happened_at", "Hãy ghi thời điểm xảy ra (dd/mm/yyyy hh:mm).")
        elif data.happened_at > now + datetime.timedelta(minutes=5):
            errors.add("happened_at", "Thời điểm xảy ra không thể ở tương lai.")
        if data.area is None:
            errors.add("area", "Chọn địa bàn xảy ra.")
        if data.lead_agency is None:
            errors.add("lead_agency", "Chọn cơ quan chủ trì xử lý.")
        if data.value_vnd < 0:
            errors.add("value_vnd", "Trị giá không thể âm.")
        errors.raise_any()
        assert data.happened_at is not None and data.area is not None and data.lead_agency is not None
        assert actor.agency is not None
        agency = Agency.objects.select_related("area").get(pk=actor.agency.pk)
        committee = committee_for(agency.area)
        hours = deadlines(committee)
        year = timezone.localdate().year
        flash = FlashReport.objects.create(
            agency=agency,
            committee=committee,
            case=case,
            number=next_number(agency.code, year),  # the agency's BC sequence, as its reports
            year=year,
            incident=data.incident,
            title=data.title.strip()[:200],
            happened_at=data.happened_at,
            area=data.area,
            place=data.place.strip()[:300],
            what=data.what.strip(),
            goods=data.goods.strip()[:600],
            value_vnd=data.value_vnd,
            measures=data.measures.strip(),
            lead_agency=data.lead_agency,
            reported_by=actor,
            reported_at=now,
            report_due=data.happened_at + _hours(hours.report_hours),
        )
        FlashStep.objects.create(
            flash=flash,
            committee=committee,
            sent_by=actor,
            sent_at=now,
            due_at=now + _hours(hours.acknowledge_hours),
        )
        audit.record(
            actor, "flash.report", flash, object_repr=str(flash), changes={"committee": committee.name}
        )
        if case is not None:
            add_event(case, "flash_report", actor, f"Báo cáo nhanh {flash.reference}", agency)
        notify_users(
            office_and_leaders(committee),
            f"Báo cáo nhanh: {flash.title}",
            f"{agency.short_name or agency.name} báo cáo nhanh, cần lãnh đạo xác nhận "
            f"trong {hours.acknowledge_hours} giờ.",
            url=_url(flash),
        )
    return flash


def acknowledge(actor: User, step: FlashStep, instruction: str = "") -> FlashStep:
    """The committee's leader has read it (and may direct what to do)."""
    with transaction.atomic():
        step = (
            FlashStep.objects.select_for_update(of=("self",))
            .select_related("committee", "flash")
            .get(pk=step.pk)
        )
        if step.acknowledged_at is not None:
            raise PermissionDenied("Báo cáo nhanh này đã được xác nhận.")
        policy.require(actor, "acknowledge", step)
        step.acknowledged_by, step.acknowledged_at = actor, timezone.now()
        step.instruction = instruction.strip()
        step.save(update_fields=["acknowledged_by", "acknowledged_at", "instruction"])
        audit.record(
            actor,
            "flash.acknowledge",
            step.flash,
            object_repr=str(step.flash),
            changes={"committee": step.committee.name},
        )
        notify_agency(
            step.flash.agency,
            f"Lãnh đạo {step.committee.name} đã xác nhận báo cáo nhanh {step.flash.reference}",
            step.instruction,
            url=_url(step.flash),
        )
    return step


def forward(actor: User, flash: FlashReport, decision: str) -> FlashStep:
    """Report it to the level above, on the committee's decision."""
    with transaction.atomic():
        flash = FlashReport.objects.select_for_update().get(pk=flash.pk)
        policy.require(actor, "forward", flash)
        top = flash.steps.select_related("committee__parent__area").order_by("-sent_at", "-pk").first()
        assert top is not None and top.committee.parent is not None
        parent = top.committee.parent
        if not decision.strip():
            errors = Errors()
            errors.add("decision", "Hãy ghi quyết định của Ban Chỉ đạo về việc báo cáo lên cấp trên.")
            errors.raise_any()
        now = timezone.now()
        step = FlashStep.objects.create(
            flash=flash,
            committee=parent,
            sent_by=actor,
            sent_at=now,
            decision=decision.strip()[:300],
            due_at=now + _hours(deadlines(parent).acknowledge_hours),
        )
        late = now > top.sent_at + _hours(deadlines(top.committee).forward_hours)
        audit.record(
            actor, "flash.forward", flash, object_repr=str(flash), changes={"to": parent.name, "late": late}
        )
        notify_users(
            office_and_leaders(parent),
            f"Báo cáo nhanh từ {top.committee.name}: {flash.title}",
            url=_url(flash),
        )
    return step


def set_deadlines(
    actor: User, committee: SteeringCommittee, report_hours: int, acknowledge_hours: int, forward_hours: int
) -> FlashDeadline:
    """The committee's standing office sets its hours (1 to 72 each)."""
    with transaction.atomic():
        if not policy.can(actor, "manage_plans", committee):
            raise PermissionDenied("Chỉ Cơ quan Thường trực của Ban Chỉ đạo đặt thời hạn báo cáo nhanh.")
        errors = Errors()
        for key, value in (
            ("report_hours", report_hours),
            ("acknowledge_hours", acknowledge_hours),
            ("forward_hours", forward_hours),
        ):
            if not 1 <= value <= 72:
                errors.add(key, "Thời hạn tính bằng giờ, từ 1 đến 72.")
        errors.raise_any()
        row, _ = FlashDeadline.objects.select_for_update().get_or_create(committee=committee)
        before = (row.report_hours, row.acknowledge_hours, row.forward_hours)
        row.report_hours, row.acknowledge_hours, row.forward_hours = (
            report_hours,
            acknowledge_hours,
            forward_hours,
        )
        row.save()
        audit.record(
            actor,
            "flash.deadlines",
            committee,
            changes={"before": before, "after": (report_hours, acknowledge_hours, forward_hours)},
        )
    return row


def _waiting(user: User) -> Any:
    if user.agency is None or user.role != Role.LEADER:
        return FlashStep.objects.none()
    return FlashStep.objects.filter(acknowledged_at=None, committee__area_id=user.agency.area_id)


def waiting_for(user: User) -> list[FlashStep]:
    """The steps this leader has to acknowledge ("my work", the list page)."""
    return list(_waiting(user).select_related("flash__agency", "committee").order_by("due_at")[:20])


def waiting_count(user: User) -> int:
    """How many wait for this leader (the banner on every page): one query, for leaders only."""
    return _waiting(user).count() if user.role == Role.LEADER else 0
