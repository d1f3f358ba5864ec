"""The home page's "my work": what is waiting for this officer, each item with its legal
deadline and a link. Every list is taken from `policy.visible(...)` (what the user may see)
and narrowed to what is theirs to do; a role sees only the sections it acts on.

- my tips, by deadline (BLTTHS Art. 147): the ones I handle; for an agency head, also the
  agency's new and overdue ones;
- my agency's cases: sanction decisions due (LXLVPHC Art. 66), temporary seizures ending
  (Art. 125), limitation periods ending (Art. 6);
- task occurrences due (the plan's "6 rõ": who, by when);
- the reports my agency owes its committees (the period's due day, "trước ngày 17");
- lead-agency notices to answer (Decision 19/2016);
- what awaits my approval: reports sent to my committee (standing office);
- flash reports waiting for a leader's acknowledgement, first."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389 import policy
from hub389.accounts.access import is_head, is_standing_office
from hub389.accounts.models import Role, User
from hub389.cases import deadlines
from hub389.cases.models import DECIDING_MEASURES, Case, CaseStatus, LeadNotice, NoticeStatus, Sanction
from hub389.committee.models import AreaAssignment, AreaFinding
from hub389.committee.services import flash
from hub389.lib import periods
from hub389.plans.models import Occurrence, OccurrenceStatus, Task
from hub389.registry.models import Membership
from hub389.registry.workdays import holidays_between
from hub389.reports.models import ReportType, Submission, SubmissionStatus, report_title
from hub389.tips.models import Status, Tip
from hub389.warehouse.models import Lot, LotStatus
from hub389.warehouse.services import seizure_due

LIMIT = 8
SOON = datetime.timedelta(days=30)


@dataclass
class Item:
    title: str
    link: str
    due: datetime.date | None
    basis: str  # the rule the deadline comes from
    note: str = ""
    due_text: str = ""  # the deadline as the law words it, instead of "hạn dd/mm/yyyy"

    def days_left(self, today: datetime.date) -> int | None:
        return (self.due - today).days if self.due else None


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    more: str = ""  # the page with all of them


def _sorted(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.due or datetime.date.max, i.title))[:LIMIT]


def my_tips(user: User, today: datetime.date) -> Section:
    seen = policy.visible(user, "view", Tip).filter(status__in=[Status.NEW, Status.IN_PROGRESS])
    mine = Q(handler=user)
    if is_head(user):  # the head also sees the agency's unassigned and overdue tips
        mine |= Q(agency_id=user.agency_id, handler__isnull=True) | Q(
            agency_id=user.agency_id, due_on__lt=today
        )
    tips = seen.filter(mine).order_by("due_on", "pk").only("pk", "book_year", "summary", "due_on", "status")
    items = [
        Item(
            f"{t.reference} · {t.summary}",
            reverse("tips:detail", args=[t.pk]),
            t.due_on,
            _("BLTTHS Điều 147"),
        )
        for t in tips[:LIMIT]
    ]
    return Section("tips", _("Tin báo của tôi"), items, reverse("tips:queue") + "?tab=mine")


def my_cases(user: User, today: datetime.date) -> Section:
    cases = policy.visible(user, "view", Case).filter(owner_id=user.agency_id)
    items: list[Item] = []
    for s in (
        Sanction.objects.filter(case__in=cases, decision_date__isnull=True)
        .select_related("case")
        .order_by("decision_due")[:LIMIT]
    ):
        items.append(
            Item(
                _("Ra quyết định xử phạt · %(ref)s (biên bản %(no)s)")
                % {"ref": s.case.reference, "no": s.record_no},
                reverse("cases:detail", args=[s.case_id]),
                s.decision_due,
                _("LXLVPHC Điều 66"),
            )
        )
    # A decision that confiscates or destroys the goods ends the seizure: its lots wait for the
    # disposal's approval, not for a seizure deadline (as on the warehouse page).
    lots = list(
        Lot.objects.filter(case__in=cases, status=LotStatus.HELD, disposal__isnull=True)
        .select_related("case")
        .order_by("seized_on")[: LIMIT * 4]
    )
    decided = {
        case_id
        for case_id, measures in Sanction.objects.filter(
            case__in={lot.case_id for lot in lots}, decision_date__isnull=False, annulled_on=None
        ).values_list("case_id", "measures")
        if set(measures) & DECIDING_MEASURES
    }
    lots = [lot for lot in lots if lot.case_id not in decided][: LIMIT * 2]
    if lots:
        off = holidays_between(lots[0].seized_on, today + SOON)
        for lot in lots:
            due = seizure_due(lot, off)
            if due <= today + SOON:
                items.append(
                    Item(
                        _("Hết hạn tạm giữ · %(lot)s (%(ref)s)")
                        % {"lot": lot.description, "ref": lot.case.reference},
                        reverse("cases:detail", args=[lot.case_id]),
                        due,
                        _("LXLVPHC Điều 125"),
                    )
                )
    open_cases = cases.filter(status=CaseStatus.OPEN).only(
        "pk", "year", "summary", "detected_on", "violation_ended_on"
    )
    for case in open_cases.filter(detected_on__lte=today - datetime.timedelta(days=300))[:LIMIT]:
        ends = deadlines.limitation_ends(case.violation_ended_on or case.detected_on)
        if ends <= today + datetime.timedelta(days=90):
            items.append(
                Item(
                    _("Hết thời hiệu xử phạt · %(ref)s %(summary)s")
                    % {"ref": case.reference, "summary": case.summary},
                    reverse("cases:detail", args=[case.pk]),
                    ends,
                    _("LXLVPHC Điều 6"),
                )
            )
    return Section("cases", _("Hạn xử lý vụ việc của cơ quan"), _sorted(items), reverse("cases:list"))


def my_tasks(user: User, today: datetime.date) -> Section:
    tasks = policy.visible(user, "view", Task)
    theirs = Q(task__responsible=user)
    if is_head(user):
        theirs |= Q(task__lead_agency_id=user.agency_id)
    occurrences = (
        Occurrence.objects.filter(task__in=tasks, status=OccurrenceStatus.OPEN, due_on__lte=today + SOON)
        .filter(theirs)
        .select_related("task")
        .order_by("due_on")[:LIMIT]
    )
    items = [
        Item(
            f"{o.task.number} · {o.task.title[:120]} ({o.label})",
            reverse("plans:task", args=[o.task_id]),
            o.due_on,
            o.task.authority or _("Kế hoạch"),
        )
        for o in occurrences
    ]
    return Section("tasks", _("Nhiệm vụ đến hạn"), items, reverse("plans:index"))


def my_reports(user: User, today: datetime.date) -> Section:
    """The monthly report the agency owes each committee it is a member of: this period, and the
    last one while it is not locked."""
    monthly = ReportType.objects.filter(code="monthly", active=True).first()
    if monthly is None or user.agency_id is None:
        return Section("reports", _("Báo cáo cơ quan phải gửi"))
    committees = [
        m.committee
        for m in Membership.objects.filter(agency_id=user.agency_id).select_related("committee__area")
    ]
    current = periods.containing(monthly.period_kind, today)
    chosen = [p for p in (current.previous(), current) if today <= monthly.locks_on(p)]
    sent = {
        (s.committee_id, s.period_code)
        for s in policy.visible(user, "view", Submission).filter(
            report_type=monthly,
            agency_id=user.agency_id,
            period_code__in=[p.code for p in chosen],
            status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED],
        )
    }
    items = [
        Item(
            f"{report_title(monthly, p)} · {c.name}",
            reverse("reports:index") + f"?type=monthly&period={p.code}&committee={c.code}",
            monthly.due_on(p),
            "",
            due_text=monthly.due_text(p),
        )
        for c in committees
        for p in chosen
        if (c.pk, p.code) not in sent
    ]
    return Section("reports", _("Báo cáo cơ quan phải gửi"), _sorted(items), reverse("reports:index"))


def my_notices(user: User, today: datetime.date) -> Section:
    notices = (
        LeadNotice.objects.filter(
            to_agency_id=user.agency_id,
            status=NoticeStatus.SENT,
            case__in=policy.visible(user, "view", Case),
        )
        .select_related("case")
        .order_by("sent_at")[:LIMIT]
    )
    items = [
        Item(
            f"{n.case.reference} · {n.case.summary}",
            reverse("cases:detail", args=[n.case_id]),
            None,
            _("QĐ 19/2016/QĐ-TTg"),
            _("nhận %(day)s") % {"day": f"{timezone.localtime(n.sent_at):%d/%m/%Y}"},
        )
        for n in notices
    ]
    return Section("notices", _("Thông báo cơ quan chủ trì cần trả lời"), items)


def my_approvals(user: User, today: datetime.date) -> Section:
    sent = (
        policy.visible(user, "view", Submission)
        .filter(status=SubmissionStatus.SUBMITTED)
        .select_related("report_type", "agency", "committee", "source_committee")
        .order_by("submitted_at")
    )
    items = [
        Item(
            f"{s.title} · {s.author}",
            reverse("reports:submission", args=[s.pk]),
            s.report_type.locks_on(s.period),
            _("khóa số liệu"),
        )
        for s in sent[: LIMIT * 3]
        if policy.can(user, "review_report", s.committee)
    ][:LIMIT]
    return Section("approvals", _("Chờ tôi duyệt"), items)


def my_flash(user: User, today: datetime.date) -> Section:
    """Flash reports waiting for this leader's acknowledgement, within the committee's hours."""
    items = [
        Item(
            f"{s.flash.reference} · {s.flash.title} ({s.flash.agency.short_name or s.flash.agency.name})",
            reverse("committee:flash", args=[s.flash_id]),
            timezone.localdate(s.due_at),
            _("Quy chế Ban Chỉ đạo"),
            _("xác nhận trước %(at)s") % {"at": f"{timezone.localtime(s.due_at):%H:%M}"},
        )
        for s in flash.waiting_for(user)[:LIMIT]
    ]
    return Section("flash", _("Báo cáo nhanh chờ tôi xác nhận"), items, reverse("committee:flash_list"))


def my_areas(user: User, today: datetime.date) -> Section:
    """What other forces found in the last 30 days in the areas this officer answers for."""
    rows = (
        policy.visible(user, "view", AreaFinding)
        .filter(assignment__officer=user, found_on__gte=today - SOON)
        .select_related("assignment__area", "found_by")
        .order_by("-found_on", "-pk")[:LIMIT]
    )
    items = [
        Item(
            (
                _("Vụ việc trên địa bàn %(area)s do %(agency)s phát hiện")
                if f.case_id
                else _("Tin báo trên địa bàn %(area)s do %(agency)s phát hiện")
            )
            % {
                "area": f.assignment.area.name,
                "agency": f.found_by.short_name or f.found_by.name,
            },
            reverse("committee:findings"),
            None,
            _("Phụ trách địa bàn"),
            _("ngày %(day)s") % {"day": f"{f.found_on:%d/%m/%Y}"},
        )
        for f in rows
    ]
    return Section(
        "areas",
        _("Vi phạm trên địa bàn tôi phụ trách do lực lượng khác phát hiện"),
        items,
        reverse("committee:findings"),
    )


def sections(user: Any, today: datetime.date | None = None) -> list[Section]:
    """The sections of the user's home page, in the order they act on them."""
    today = today or timezone.localdate()
    if user.agency_id is None:
        return []
    out = [my_flash(user, today)] if user.role == Role.LEADER else []
    out += [my_tips(user, today), my_cases(user, today), my_notices(user, today), my_tasks(user, today)]
    out.append(my_reports(user, today))
    if AreaAssignment.objects.filter(officer=user).exists():
        out.append(my_areas(user, today))
    if is_standing_office(user) or is_head(user):
        out.append(my_approvals(user, today))
    return out
