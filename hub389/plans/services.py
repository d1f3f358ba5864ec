"""Every write on directives, plans, tasks, progress and campaigns: validated with Vietnamese
messages naming the field (nothing saved on error), checked against the access policy,
audited, and announced to whom it concerns."""

import datetime
from collections.abc import Iterable
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389 import policy
from hub389.accounts.models import Role, User
from hub389.attachments.services import attach
from hub389.audit import services as audit
from hub389.exchange import outbox
from hub389.exchange.models import EventKind
from hub389.notifications.services import notify_agency, notify_users
from hub389.plans import timing
from hub389.plans.models import (
    ROMAN,
    Campaign,
    Criterion,
    CriterionSource,
    Directive,
    DirectiveKind,
    Occurrence,
    OccurrenceStatus,
    Plan,
    Progress,
    Task,
    TaskStatus,
    TaskTemplate,
    Timing,
)
from hub389.registry.models import Agency, Area, GoodsGroup, SteeringCommittee
from hub389.reports import effects

# --------------------------------------------------------------------------- directives


def register_directive(
    actor: User,
    committee: SteeringCommittee,
    *,
    kind: str,
    number: str,
    issued_on: datetime.date,
    issuer: str,
    summary: str,
    received_on: datetime.date | None = None,
    parent: Directive | None = None,
    file: IO[bytes] | None = None,
    file_name: str = "",
) -> Directive:
    """A directive received (or passed on: `parent` is the one it implements)."""
    policy.require(actor, "manage_plans", committee)
    errors: dict[str, str] = {}
    if kind not in DirectiveKind.values:
        errors["kind"] = "Chọn loại văn bản."
    if not number.strip():
        errors["number"] = "Hãy nhập số, ký hiệu văn bản."
    if len(summary.strip()) < 5:
        errors["summary"] = "Hãy nhập trích yếu văn bản."
    if not issuer.strip():
        errors["issuer"] = "Hãy nhập cơ quan ban hành."
    if issued_on > timezone.localdate():
        errors["issued_on"] = "Ngày ban hành không được ở tương lai."
    if received_on is not None and received_on < issued_on:
        errors["received_on"] = "Ngày nhận không được trước ngày ban hành."
    if parent is not None and parent.issued_on > issued_on:
        errors["parent"] = "Văn bản triển khai không thể ban hành trước văn bản được triển khai."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        directive = Directive.objects.create(
            committee=committee,
            kind=kind,
            number=number.strip(),
            issued_on=issued_on,
            issuer=issuer.strip(),
            summary=summary.strip(),
            received_on=received_on,
            parent=parent,
            created_by=actor,
        )
        if file is not None:
            attach(actor, directive, file, file_name or "van-ban")
        audit.record(actor, "directive.register", directive, object_repr=str(directive))
    return directive


# --------------------------------------------------------------------------- plans and tasks


def create_plan(
    actor: Any,
    committee: SteeringCommittee,
    *,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    number: str = "",
    directive: Directive | None = None,
    source: str = "",
) -> Plan:
    """A plan of `committee`. The importer (a command, no actor) creates plans too."""
    if actor is not None:
        policy.require(actor, "manage_plans", committee)
    errors: dict[str, str] = {}
    if len(title.strip()) < 5:
        errors["title"] = "Hãy nhập tên kế hoạch."
    if ends_on < starts_on:
        errors["ends_on"] = "Ngày kết thúc phải sau ngày bắt đầu."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = Plan.objects.create(
            committee=committee,
            title=title.strip(),
            number=number.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            directive=directive,
            source=source,
            created_by=actor or _system_user(),
        )
        audit.record(actor, "plan.create", plan, object_repr=plan.title[:100])
    return plan


def _system_user() -> User:
    """Plans loaded by a command belong to the first administrator."""
    user = User.objects.filter(role=Role.ADMIN).order_by("pk").first() or User.objects.order_by("pk").first()
    if user is None:
        raise ValidationError(_("Chưa có tài khoản quản trị: hãy tạo trước khi nạp kế hoạch."))
    return user


TASK_FIELDS = (
    "title",
    "lead_agency",
    "responsible",
    "timing",
    "due_on",
    "due_day",
    "due_month",
    "trigger",
    "product_kind",
    "product",
    "authority",
)


def _next_key(plan: Plan, parent: Task | None) -> tuple[str, str]:
    siblings = Task.objects.filter(plan=plan, parent=parent).count()
    if parent is None:
        index = siblings + 1
        return f"{index:02d}", ROMAN[index - 1] if index <= len(ROMAN) else str(index)
    number = f"{parent.number}.{siblings + 1}" if not parent.is_section else str(siblings + 1)
    return f"{parent.sort_key}.{siblings + 1:03d}", number


def add_task(actor: User, plan: Plan, parent: Task | None, **values: Any) -> Task:
    """A draft task (or a section when `parent` is None) under `parent`; issue it when the six
    parts are clear. `coordinators` (a list of agencies) may be given too."""
    policy.require(actor, "manage_plans", plan.committee)
    coordinators = values.pop("coordinators", [])
    unknown = set(values) - set(TASK_FIELDS)
    if unknown:
        raise ValueError(f"unknown task fields: {unknown}")
    if len((values.get("title") or "").strip()) < 5:
        raise ValidationError({"title": "Hãy ghi rõ việc phải làm (rõ việc)."})
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError({"parent": "Mục cha không thuộc kế hoạch này."})
    with transaction.atomic():
        key, number = _next_key(plan, parent)
        task = Task.objects.create(
            plan=plan, parent=parent, sort_key=key, number=number, is_section=parent is None, **values
        )
        task.coordinators.set(coordinators)
        audit.record(actor, "task.add", task, object_repr=f"{task.number} {task.title[:60]}")
    return task


def update_task(actor: User, task: Task, coordinators: list[Agency] | None = None, **values: Any) -> Task:
    """Complete or correct a draft task (an issued one keeps its six parts)."""
    policy.require(actor, "manage_plans", task.plan.committee)
    if task.status != TaskStatus.DRAFT:
        raise ValidationError(_("Nhiệm vụ đã giao: không sửa được (hãy hủy và giao nhiệm vụ mới)."))
    unknown = set(values) - set(TASK_FIELDS)
    if unknown:
        raise ValueError(f"unknown task fields: {unknown}")
    with transaction.atomic():
        for name, value in values.items():
            setattr(task, name, value)
        task.save()
        if coordinators is not None:
            task.coordinators.set(coordinators)
        audit.record(actor, "task.update", task, changes={"fields": sorted(values)})
    return task


def six_clear_errors(task: Task) -> dict[str, str]:
    """What the "6 clear" rule (seed 001 §I.6) still misses on `task`, by field."""
    errors: dict[str, str] = {}
    if len(task.title.strip()) < 5:
        errors["title"] = "Rõ việc: ghi rõ việc phải làm."
    if task.lead_agency_id is None:
        errors["lead_agency"] = "Rõ trách nhiệm: chọn một cơ quan chủ trì."
    if task.responsible_id is None:
        errors["responsible"] = "Rõ người: chọn cán bộ chịu trách nhiệm của cơ quan chủ trì."
    elif task.lead_agency_id is not None and task.responsible.agency_id != task.lead_agency_id:  # type: ignore[union-attr]
        errors["responsible"] = "Rõ người: cán bộ chịu trách nhiệm phải thuộc cơ quan chủ trì."
    plan = task.plan
    if task.timing not in Timing.values:
        errors["timing"] = "Rõ thời gian: chọn thời hạn, định kỳ, thường xuyên hoặc chờ văn bản chỉ đạo."
    elif task.timing == Timing.DEADLINE and task.due_on is None:
        errors["due_on"] = "Rõ thời gian: nhập thời hạn."
    elif task.timing == Timing.ON_DIRECTION and not task.trigger.strip():
        errors["trigger"] = "Rõ thời gian: ghi rõ chờ văn bản chỉ đạo của cơ quan nào."
    if task.due_on is not None and not plan.starts_on <= task.due_on <= plan.ends_on:
        period = f"{plan.starts_on:%d/%m/%Y} – {plan.ends_on:%d/%m/%Y}"
        errors["due_on"] = f"Thời hạn phải trong thời gian của kế hoạch ({period})."
    if not task.product.strip():
        errors["product"] = "Rõ sản phẩm: ghi rõ sản phẩm phải nộp (báo cáo, quyết định, số cuộc kiểm tra…)."
    if not task.authority.strip():
        errors["authority"] = "Rõ thẩm quyền: ghi căn cứ pháp lý, văn bản giao nhiệm vụ."
    return errors


def _occurrences(task: Task) -> list[Occurrence]:
    plan = task.plan
    start = max(plan.starts_on, timezone.localdate()) if task.timing != Timing.DEADLINE else plan.starts_on
    dates = timing.occurrences(
        task.timing,
        start,
        plan.ends_on,
        due_on=task.due_on,
        day=task.due_day,
        month=task.due_month,
        yearly_on=(plan.progress_month, plan.progress_day),
    )
    return [Occurrence(task=task, due_on=d, label=label) for d, label in dates]


def _task_url(task: Task) -> str:
    return reverse("plans:task", args=[task.pk])


def issue_task(actor: User, task: Task) -> Task:
    """Issue a task: refused until the six parts are clear; then its dated occurrences are
    created over the plan's period and the responsible officer and the lead agency are told."""
    policy.require(actor, "manage_plans", task.plan.committee)
    if task.is_section:
        raise ValidationError(_("Mục lớn không giao trực tiếp: hãy giao từng nhiệm vụ trong mục."))
    if task.status != TaskStatus.DRAFT:
        raise ValidationError(_("Nhiệm vụ đã được giao."))
    errors = six_clear_errors(task)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task.status, task.issued_at, task.issued_by = TaskStatus.ISSUED, timezone.now(), actor
        task.save(update_fields=["status", "issued_at", "issued_by"])
        Occurrence.objects.bulk_create(_occurrences(task))
        effects.tasks_changed(task.plan.committee)
        audit.record(actor, "task.issue", task, object_repr=f"{task.number} {task.title[:60]}")
        assert task.lead_agency is not None and task.responsible is not None
        title = f"Nhiệm vụ được giao: {task.number} {task.title[:80]}"
        notify_users([task.responsible], title, task.product, _task_url(task), agency=task.lead_agency)
        for agency, role in [
            (task.lead_agency, "lead"),
            *((a, "coordinator") for a in task.coordinators.all()),
        ]:
            outbox.emit(agency, EventKind.TASK_ISSUED, task, role=role, plan=task.plan_id)
        for agency in task.coordinators.all():
            notify_agency(
                agency, f"Phối hợp thực hiện nhiệm vụ {task.number}", task.title[:200], _task_url(task)
            )
    return task


def record_direction(actor: User, task: Task, directive: Directive, due_on: datetime.date) -> Occurrence:
    """The awaited direction arrived ("khi Bộ … có văn bản chỉ đạo"): the task now has a date."""
    policy.require(actor, "manage_plans", task.plan.committee)
    if task.timing != Timing.ON_DIRECTION or task.status != TaskStatus.ISSUED:
        raise ValidationError(_("Chỉ ghi văn bản chỉ đạo cho nhiệm vụ đã giao đang chờ chỉ đạo."))
    if due_on < directive.issued_on:
        raise ValidationError({"due_on": "Thời hạn không được trước ngày ban hành văn bản chỉ đạo."})
    if Occurrence.objects.filter(task=task, due_on=due_on).exists():
        raise ValidationError({"due_on": "Nhiệm vụ đã có một lần thực hiện với thời hạn này."})
    with transaction.atomic():
        occurrence = Occurrence.objects.create(
            task=task, due_on=due_on, label=f"Theo {directive}"[:60], directive=directive
        )
        effects.tasks_changed(task.plan.committee)
        audit.record(actor, "task.direction", task, changes={"directive": directive.pk, "due_on": due_on})
        assert task.responsible is not None
        notify_users(
            [task.responsible],
            f"Có văn bản chỉ đạo cho nhiệm vụ {task.number}",
            str(directive),
            _task_url(task),
        )
    return occurrence


def report_progress(
    actor: User,
    occurrence: Occurrence,
    *,
    status: str,
    percent: int,
    text: str,
    product_delivered: str = "",
    files: Iterable[tuple[IO[bytes], str]] = (),
) -> Progress:
    """The lead agency reports progress on an occurrence; a coordinating agency adds its
    contribution (which never closes the occurrence). A finished occurrence takes no report."""
    task = occurrence.task
    policy.require(actor, "report", task)
    assert actor.agency is not None  # the policy allows only officers of the task's agencies
    is_lead = actor.agency_id == task.lead_agency_id
    if task.status not in (TaskStatus.ISSUED, TaskStatus.DONE):
        raise ValidationError(_("Nhiệm vụ chưa được giao hoặc đã hủy: không nhận báo cáo."))
    errors: dict[str, str] = {}
    if status not in OccurrenceStatus.values or status == OccurrenceStatus.OPEN:
        errors["status"] = "Chọn tình trạng: đang thực hiện hoặc hoàn thành."
    if not 0 <= percent <= 100:
        errors["percent"] = "Tỷ lệ hoàn thành từ 0 đến 100%."
    if len(text.strip()) < 5:
        errors["text"] = "Ghi rõ kết quả thực hiện."
    if is_lead and status == OccurrenceStatus.DONE and not product_delivered.strip():
        errors["product_delivered"] = f"Hoàn thành cần ghi sản phẩm đã nộp ({task.product})."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
        if occurrence.status == OccurrenceStatus.DONE:
            raise ValidationError(_("Lần thực hiện này đã báo cáo hoàn thành: không báo cáo lại."))
        progress = Progress.objects.create(
            occurrence=occurrence,
            agency=actor.agency,
            author=actor,
            is_contribution=not is_lead,
            status=status if is_lead else OccurrenceStatus.IN_PROGRESS,
            percent=100 if is_lead and status == OccurrenceStatus.DONE else percent,
            text=text.strip(),
            product_delivered=product_delivered.strip()[:300],
        )
        for upload, name in files:
            attach(actor, progress, upload, name)
        if is_lead:
            occurrence.status, occurrence.percent = status, progress.percent
            occurrence.done_on = timezone.localdate() if status == OccurrenceStatus.DONE else None
            occurrence.save(update_fields=["status", "percent", "done_on"])
            if (
                status == OccurrenceStatus.DONE
                and task.timing == Timing.DEADLINE
                and not task.occurrences.exclude(status=OccurrenceStatus.DONE).exists()
            ):
                task.status = TaskStatus.DONE
                task.save(update_fields=["status"])
            effects.tasks_changed(task.plan.committee)
        audit.record(
            actor,
            "task.progress",
            task,
            changes={"occurrence": occurrence.pk, "status": progress.status, "percent": progress.percent},
        )
    return progress


def escalate_overdue(today: datetime.date | None = None) -> dict[str, int]:
    """Daily: an overdue occurrence goes to the lead agency's head; after
    `HUB389_TASK_ESCALATION_DAYS` more days, to the committee's standing office. Each step
    happens once per occurrence."""
    today = today or timezone.localdate()
    later = today - datetime.timedelta(days=settings.HUB389_TASK_ESCALATION_DAYS)
    counts = {"heads": 0, "standing_office": 0}
    overdue = (
        Occurrence.objects.filter(task__status=TaskStatus.ISSUED, due_on__lt=today)
        .exclude(status=OccurrenceStatus.DONE)
        .select_related("task__lead_agency", "task__plan__committee__standing_office")
    )
    for occurrence in overdue.filter(escalation=0):
        task = occurrence.task
        heads = User.objects.filter(agency=task.lead_agency, role=Role.HEAD, is_active=True)
        with transaction.atomic():
            notify_users(
                heads,
                f"Nhiệm vụ quá hạn: {task.number} ({occurrence.label})",
                f"Hạn {occurrence.due_on:%d/%m/%Y}. {task.title[:200]}",
                _task_url(task),
                agency=task.lead_agency,
            )
            occurrence.escalation = 1
            occurrence.save(update_fields=["escalation"])
            audit.record(None, "task.escalate", task, changes={"occurrence": occurrence.pk, "to": "head"})
        counts["heads"] += 1
    for occurrence in overdue.filter(escalation=1, due_on__lt=later):
        task = occurrence.task
        office = task.plan.committee.standing_office
        with transaction.atomic():
            if office is not None:
                notify_agency(
                    office,
                    f"Nhiệm vụ quá hạn {settings.HUB389_TASK_ESCALATION_DAYS} ngày: {task.number}",
                    f"{task.lead_agency.name if task.lead_agency else ''} · hạn {occurrence.due_on:%d/%m/%Y}",
                    _task_url(task),
                )
            occurrence.escalation = 2
            occurrence.save(update_fields=["escalation"])
            audit.record(
                None, "task.escalate", task, changes={"occurrence": occurrence.pk, "to": "standing_office"}
            )
        counts["standing_office"] += 1
    return counts


# --------------------------------------------------------------------------- templates


def save_template(actor: User, plan: Plan, name: str, task_ids: list[int] | None = None) -> TaskTemplate:
    """Keep a plan's tasks (or some of them) as a template for the next campaign."""
    policy.require(actor, "manage_plans", plan.committee)
    if len(name.strip()) < 3:
        raise ValidationError({"name": "Hãy đặt tên mẫu."})
    tasks = plan.tasks.filter(is_section=False).order_by("sort_key")
    if task_ids is not None:
        tasks = tasks.filter(pk__in=task_ids)
    rows = [
        {
            "title": t.title,
            "lead_agency": t.lead_agency_id,
            "coordinators": list(t.coordinators.values_list("pk", flat=True)),
            "timing": t.timing,
            "due_day": t.due_day,
            "due_month": t.due_month,
            "trigger": t.trigger,
            "product_kind": t.product_kind,
            "product": t.product,
            "authority": t.authority,
        }
        for t in tasks
    ]
    if not rows:
        raise ValidationError(_("Kế hoạch chưa có nhiệm vụ để lưu thành mẫu."))
    with transaction.atomic():
        template = TaskTemplate.objects.create(
            committee=plan.committee, name=name.strip(), rows=rows, created_by=actor
        )
        audit.record(actor, "task_template.save", template, changes={"tasks": len(rows)})
    return template


def apply_template(actor: User, template: TaskTemplate, plan: Plan, section_title: str) -> list[Task]:
    """Create the template's tasks as drafts in a new section of `plan`. Dates are not copied:
    each new campaign sets its own deadlines before issuing."""
    policy.require(actor, "manage_plans", plan.committee)
    leads = {r["lead_agency"] for r in template.rows if r["lead_agency"]}
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=leads)}
    with transaction.atomic():
        section = add_task(actor, plan, None, title=section_title)
        created = []
        for row in template.rows:
            values = {k: v for k, v in row.items() if k in TASK_FIELDS and k != "lead_agency"}
            task = add_task(
                actor,
                plan,
                section,
                lead_agency=agencies.get(row["lead_agency"]),
                coordinators=list(Agency.objects.filter(pk__in=row["coordinators"])),
                **values,
            )
            created.append(task)
    return created


# --------------------------------------------------------------------------- campaigns


def create_campaign(
    actor: User,
    committee: SteeringCommittee,
    *,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    goods_groups: list[GoodsGroup],
    areas: list[Area],
    agencies: list[Agency],
    members: list[User],
) -> Campaign:
    """A peak campaign; the cases and tips already recorded in its scope are tagged at once,
    later ones when they are recorded (`tag_case`, `tag_tip`)."""
    from hub389.plans import campaigns

    policy.require(actor, "manage_plans", committee)
    errors: dict[str, str] = {}
    if len(name.strip()) < 5:
        errors["name"] = "Hãy đặt tên đợt cao điểm."
    if ends_on < starts_on:
        errors["ends_on"] = "Ngày kết thúc phải sau ngày bắt đầu."
    outside = [a.name for a in areas if not any(x.pk == committee.area_id for x in a.ancestors())]
    if outside:
        errors["areas"] = f"Địa bàn ngoài phạm vi Ban Chỉ đạo: {', '.join(outside)}."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            committee=committee, name=name.strip(), starts_on=starts_on, ends_on=ends_on, created_by=actor
        )
        campaign.goods_groups.set(goods_groups)
        campaign.areas.set(areas)
        campaign.agencies.set(agencies)
        campaign.members.set(members)
        tagged = campaigns.backfill(campaign)
        audit.record(actor, "campaign.create", campaign, object_repr=campaign.name[:100], changes=tagged)
        notify_users(
            members,
            f"Tổ công tác đợt cao điểm: {campaign.name}",
            "",
            reverse("plans:campaign", args=[campaign.pk]),
        )
    return campaign


def set_weights(actor: User, committee: SteeringCommittee, weights: dict[str, str]) -> None:
    """The committee's evaluation weights (0–100 each, not all 0)."""
    policy.require(actor, "manage_plans", committee)
    values: dict[str, int] = {}
    for source, text in weights.items():
        if source not in CriterionSource.values:
            continue
        if not text.strip().isdigit() or int(text) > 100:
            raise ValidationError(
                {source: f"Trọng số “{CriterionSource(source).label}” phải là số từ 0 đến 100."}
            )
        values[source] = int(text)
    if not any(values.values()):
        raise ValidationError(_("Cần ít nhất một tiêu chí có trọng số lớn hơn 0."))
    with transaction.atomic():
        for source, weight in values.items():
            Criterion.objects.update_or_create(
                committee=committee, source=source, defaults={"weight": weight}
            )
        audit.record(actor, "evaluation.weights", committee, changes=values)
