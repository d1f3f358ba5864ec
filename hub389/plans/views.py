"""Plan pages: the committee's plans, directives and campaigns; a plan's task tree and
timeline; a task with its six parts, occurrences and progress; a directive's chain; a
campaign's live figures; the year-end ranking of member agencies."""

import datetime
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.accounts.models import User
from hub389.attachments.models import Attachment
from hub389.lib.actions import Action, perform
from hub389.lib.dates import parse_date, require_date
from hub389.lib.http import year_from
from hub389.plans import campaigns, evaluation, importer, services
from hub389.plans.models import (
    Campaign,
    Criterion,
    CriterionSource,
    Directive,
    DirectiveKind,
    Occurrence,
    OccurrenceStatus,
    Plan,
    Product,
    Progress,
    Task,
    TaskStatus,
    TaskTemplate,
    Timing,
)
from hub389.registry.http import visible_committee
from hub389.registry.models import Agency, Area, AreaKind, GoodsGroup, Level


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _error(request: AuthedRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    committee = visible_committee(request)
    if committee is None:
        return redirect("plans:index")
    today = timezone.localdate()
    user = request.user
    mine = (
        Occurrence.objects.filter(task__status=TaskStatus.ISSUED)
        .filter(Q(task__responsible=user) | Q(task__lead_agency_id=user.agency_id))
        .exclude(status=OccurrenceStatus.DONE)
        .filter(due_on__lte=today + datetime.timedelta(days=60))
        .select_related("task__plan")
        .order_by("due_on")[:50]
    )
    plans = (
        policy.visible(user, "view", Plan)
        .filter(committee=committee)
        .annotate(
            n_tasks=Count("tasks", filter=Q(tasks__is_section=False)),
            n_issued=Count("tasks", filter=Q(tasks__status__in=[TaskStatus.ISSUED, TaskStatus.DONE])),
        )
    )
    return render(
        request,
        "plans/index.html",
        {
            "committee": committee,
            "plans": plans,
            "campaigns": policy.visible(user, "view", Campaign).filter(committee=committee)[:20],
            "mine": mine,
            "today": today,
            "can_manage": policy.can(user, "manage_plans", committee),
        },
    )


@login_required
@require_POST
def plan_new(request: AuthedRequest) -> HttpResponse:
    """A new plan, empty or from an XLSX sheet with the appendix's columns."""
    committee = visible_committee(request)
    if committee is None:
        return redirect("plans:index")
    p = request.POST
    try:
        start, end = require_date(p.get("starts_on", "")), require_date(p.get("ends_on", ""))
        upload = request.FILES.get("xlsx")
        if upload is not None:
            policy.require(request.user, "manage_plans", committee)
            rows = importer.read_xlsx(upload)
            meta = {
                "title": p.get("title", ""),
                "starts_on": start,
                "ends_on": end,
                "authority": p.get("authority", ""),
                "source": upload.name or "xlsx",
            }
            result = importer.load_rows(committee, meta, rows, request.user)
            plan = result.plan
            messages.success(
                request, _("Đã nạp %(s)s mục, %(t)s nhiệm vụ.") % {"s": result.sections, "t": result.tasks}
            )
            for line in result.to_complete[:20]:
                messages.warning(request, line)
        else:
            plan = services.create_plan(
                request.user, committee, title=p.get("title", ""), starts_on=start, ends_on=end
            )
    except ValidationError as exc:
        _error(request, exc)
        return redirect(f"/plans/?committee={committee.code}")
    return redirect("plans:plan", pk=plan.pk)


def _colour(task: Task, counts: dict[str, int] | None) -> dict[str, Any]:
    """The tree's colour of a task: draft, overdue (an occurrence past due), done, or ok."""
    counts = counts or {"overdue": 0, "done": 0, "total": 0}
    if task.is_section:
        colour = "section"
    elif task.status == TaskStatus.DRAFT:
        colour = "draft"
    elif counts["overdue"]:
        colour = "overdue"
    elif task.status == TaskStatus.DONE or (counts["total"] and counts["done"] == counts["total"]):
        colour = "done"
    else:
        colour = "ok"
    return {"colour": colour, "counts": counts}


@login_required
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("committee__area", "directive"), pk=pk)
    policy.require(request.user, "view", plan)
    today = timezone.localdate()
    occurrences = Occurrence.objects.filter(task__plan=plan).only("task_id", "due_on", "status")
    state: dict[int, dict[str, int]] = defaultdict(lambda: {"overdue": 0, "done": 0, "total": 0})
    months: dict[str, dict[str, int]] = defaultdict(lambda: {"done": 0, "open": 0, "overdue": 0})
    horizon = today + datetime.timedelta(days=365)
    for o in occurrences:
        kind = "done" if o.status == OccurrenceStatus.DONE else ("overdue" if o.due_on < today else "open")
        state[o.task_id]["total"] += 1
        if kind != "open":
            state[o.task_id][kind] += 1
        if today - datetime.timedelta(days=365) <= o.due_on <= horizon:
            months[f"{o.due_on:%Y-%m}"][kind] += 1
    tasks = list(
        plan.tasks.select_related("lead_agency", "responsible")
        .prefetch_related("coordinators")
        .order_by("sort_key")
    )
    rows = [{"task": t, "depth": min(t.sort_key.count("."), 6), **_colour(t, state.get(t.pk))} for t in tasks]
    top = max([sum(m.values()) for m in months.values()] or [1]) or 1
    timeline = [
        {"month": f"{k[5:]}/{k[:4]}", "top": top, **v, **{f"w_{n}": 100 * v[n] / top for n in v}}
        for k, v in sorted(months.items())
    ]
    can_manage = policy.can(request.user, "manage_plans", plan.committee)
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "rows": rows,
            "timeline": timeline,
            "can_manage": can_manage,
            "legend": TaskStatus.choices,
            "templates": TaskTemplate.objects.filter(committee=plan.committee) if can_manage else [],
            "sections": [t for t in tasks if t.is_section],
            "n_tasks": sum(1 for r in rows if not r["task"].is_section),
            "drafts": sum(1 for r in rows if r["colour"] == "draft"),
            "overdue": sum(1 for r in rows if r["colour"] == "overdue"),
        },
    )


def _add_task(u: User, plan: Plan, r: Any) -> Task:
    parent = Task.objects.filter(plan=plan, pk=r.POST.get("parent") or 0).first()
    return services.add_task(u, plan, parent, title=r.POST.get("title", ""))


def _apply_template(u: User, plan: Plan, r: Any) -> tuple[TaskTemplate, list[Task]]:
    template = get_object_or_404(TaskTemplate, pk=r.POST.get("template") or 0, committee=plan.committee)
    return template, services.apply_template(u, template, plan, r.POST.get("title", "") or template.name)


# What the plan page's forms do: each reads its form and calls one service.
PLAN_ACTIONS: dict[str, Action] = {
    "add": Action(_add_task, lambda task: f"Đã thêm {task.number}."),
    "save_template": Action(
        lambda u, plan, r: services.save_template(u, plan, r.POST.get("name", "")), "Đã lưu mẫu nhiệm vụ."
    ),
    "apply_template": Action(
        _apply_template, lambda done: f"Đã tạo {len(done[1])} nhiệm vụ dự thảo từ mẫu “{done[0].name}”."
    ),
}


@login_required
@require_POST
def plan_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    outcome = perform(request, PLAN_ACTIONS, action, plan)
    if outcome.ok and action == "add" and outcome.result.parent_id is not None:
        return redirect("plans:task", pk=outcome.result.pk)
    return redirect("plans:plan", pk=plan.pk)


def _task_values(p: Any) -> dict[str, Any]:
    lead = Agency.objects.filter(pk=p.get("lead_agency") or 0).first()
    responsible = User.objects.filter(pk=p.get("responsible") or 0).first()
    day, month = p.get("due_day", ""), p.get("due_month", "")
    return {
        "title": p.get("title", "").strip(),
        "lead_agency": lead,
        "responsible": responsible,
        "timing": p.get("timing", ""),
        "due_on": parse_date(p.get("due_on", "")),
        "due_day": int(day) if day.isdigit() and 1 <= int(day) <= 31 else None,
        "due_month": int(month) if month.isdigit() and 1 <= int(month) <= 12 else None,
        "trigger": p.get("trigger", "").strip(),
        "product_kind": p.get("product_kind", "") if p.get("product_kind", "") in Product.values else "",
        "product": p.get("product", "").strip(),
        "authority": p.get("authority", "").strip(),
    }


@login_required
def task_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(
        Task.objects.select_related("plan__committee__area", "lead_agency", "responsible", "parent"), pk=pk
    )
    policy.require(request.user, "view", task)
    today = timezone.localdate()
    occurrences = list(
        task.occurrences.select_related("directive").prefetch_related(
            Prefetch("reports", queryset=Progress.objects.select_related("agency", "author"))
        )
    )
    files: dict[str, list[Attachment]] = defaultdict(list)
    report_ids = [str(r.pk) for o in occurrences for r in o.reports.all()]
    for f in Attachment.objects.filter(
        owner_type__app_label="plans", owner_type__model="progress", owner_id__in=report_ids
    ):
        files[f.owner_id].append(f)
    for o in occurrences:
        for r in o.reports.all():
            r.files = files.get(str(r.pk), [])  # type: ignore[attr-defined]
    committee = task.plan.committee
    can_manage = policy.can(request.user, "manage_plans", committee)
    province = committee.area.province or committee.area
    agencies = Agency.objects.filter(
        Q(area=province) | Q(level=Level.NATIONAL) | Q(pk=task.lead_agency_id)
    ).order_by("level", "code")
    return render(
        request,
        "plans/task.html",
        {
            "task": task,
            "occurrences": occurrences,
            "today": today,
            "can_manage": can_manage,
            "can_report": policy.can(request.user, "report", task),
            "is_lead": request.user.agency_id == task.lead_agency_id,
            "missing": services.six_clear_errors(task)
            if task.status == TaskStatus.DRAFT and not task.is_section
            else {},
            "agencies": agencies if can_manage else [],
            "officers": User.objects.officers().filter(agency=task.lead_agency)
            if can_manage and task.lead_agency
            else [],
            "timings": Timing.choices,
            "products": Product.choices,
            "directives": Directive.objects.filter(committee=committee)[:50] if can_manage else [],
            "children": task.children.order_by("sort_key"),
        },
    )


def _update_task(u: User, task: Task, r: Any) -> Task:
    coordinators = list(Agency.objects.filter(pk__in=_ids(r.POST.getlist("coordinators"))))
    return services.update_task(u, task, coordinators=coordinators, **_task_values(r.POST))


def _report(u: User, task: Task, r: Any) -> Any:
    p = r.POST
    occurrence = get_object_or_404(Occurrence, pk=p.get("occurrence") or 0, task=task)
    percent = p.get("percent", "0")
    return services.report_progress(
        u,
        occurrence,
        status=p.get("status", ""),
        percent=int(percent) if percent.isdigit() else -1,
        text=p.get("text", ""),
        product_delivered=p.get("product_delivered", ""),
        files=[(f, f.name or "tep") for f in r.FILES.getlist("files")],
    )


def _direction(u: User, task: Task, r: Any) -> Any:
    directive = get_object_or_404(Directive, pk=r.POST.get("directive") or 0, committee=task.plan.committee)
    return services.record_direction(u, task, directive, require_date(r.POST.get("due_on", "")))


# What the task page's forms do: each reads its form and calls one service.
TASK_ACTIONS: dict[str, Action] = {
    "update": Action(_update_task, _("Đã lưu nhiệm vụ.")),
    "issue": Action(lambda u, task, r: services.issue_task(u, task), _("Đã giao nhiệm vụ.")),
    "report": Action(_report, _("Đã ghi báo cáo tiến độ.")),
    "direction": Action(_direction, _("Đã ghi văn bản chỉ đạo và thời hạn.")),
}


@login_required
@require_POST
def task_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("plan__committee"), pk=pk)
    perform(request, TASK_ACTIONS, action, task)
    return redirect("plans:task", pk=task.pk)


@login_required
def directives(request: AuthedRequest) -> HttpResponse:
    committee = visible_committee(request)
    if committee is None:
        return redirect("plans:directives")
    if request.method == "POST":
        p = request.POST
        try:
            upload = request.FILES.get("file")
            services.register_directive(
                request.user,
                committee,
                kind=p.get("kind", ""),
                number=p.get("number", ""),
                issued_on=require_date(p.get("issued_on", "")),
                issuer=p.get("issuer", ""),
                summary=p.get("summary", ""),
                received_on=parse_date(p.get("received_on", "")),
                parent=Directive.objects.filter(pk=p.get("parent") or 0, committee=committee).first(),
                file=upload,
                file_name=upload.name or "" if upload else "",
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Đã vào sổ văn bản."))
            return redirect(f"/plans/directives/?committee={committee.code}")
    rows = (
        policy.visible(request.user, "view", Directive)
        .filter(committee=committee)
        .select_related("parent")
        .annotate(n_plans=Count("plans", distinct=True), n_passed=Count("passed_on", distinct=True))
    )
    return render(
        request,
        "plans/directives.html",
        {
            "committee": committee,
            "rows": rows,
            "kinds": DirectiveKind.choices,
            "can_manage": policy.can(request.user, "manage_plans", committee),
        },
    )


@login_required
def directive_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The chain of seed 002: directive received → passed on → our plans → tasks → results."""
    directive = get_object_or_404(Directive.objects.select_related("committee", "parent"), pk=pk)
    policy.require(request.user, "view", directive)
    plans = directive.plans.prefetch_related(
        Prefetch(
            "tasks",
            queryset=Task.objects.filter(is_section=False)
            .select_related("lead_agency")
            .annotate(
                n_occ=Count("occurrences"),
                n_done=Count("occurrences", filter=Q(occurrences__status=OccurrenceStatus.DONE)),
            )
            .order_by("sort_key"),
        )
    )
    return render(
        request,
        "plans/directive.html",
        {
            "directive": directive,
            "passed_on": directive.passed_on.all(),
            "plans": plans,
            "occurrences": directive.occurrences.select_related("task"),
            "files": Attachment.objects.filter(
                owner_type__app_label="plans", owner_type__model="directive", owner_id=str(directive.pk)
            ),
        },
    )


@login_required
def campaign_list(request: AuthedRequest) -> HttpResponse:
    committee = visible_committee(request)
    if committee is None:
        return redirect("plans:campaigns")
    if request.method == "POST":
        p = request.POST
        try:
            campaign = services.create_campaign(
                request.user,
                committee,
                name=p.get("name", ""),
                starts_on=require_date(p.get("starts_on", "")),
                ends_on=require_date(p.get("ends_on", "")),
                goods_groups=list(GoodsGroup.objects.filter(pk__in=_ids(p.getlist("goods_groups")))),
                areas=list(Area.objects.filter(pk__in=_ids(p.getlist("areas")))),
                agencies=list(Agency.objects.filter(pk__in=_ids(p.getlist("agencies")))),
                members=list(User.objects.filter(pk__in=_ids(p.getlist("members")))),
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            return redirect("plans:campaign", pk=campaign.pk)
    province = committee.area.province or committee.area
    return render(
        request,
        "plans/campaigns.html",
        {
            "committee": committee,
            "campaigns": policy.visible(request.user, "view", Campaign)
            .filter(committee=committee)
            .annotate(n_cases=Count("cases", distinct=True), n_tips=Count("tips", distinct=True)),
            "can_manage": policy.can(request.user, "manage_plans", committee),
            "goods": GoodsGroup.objects.order_by("sort_order"),
            "areas": Area.objects.filter(Q(pk=committee.area_id) | Q(parent=committee.area_id))
            .exclude(kind=AreaKind.NATIONAL)
            .order_by("kind", "name")[:400],
            "agencies": Agency.objects.filter(Q(area=province) | Q(level=Level.NATIONAL)).order_by(
                "level", "code"
            ),
            "officers": User.objects.officers().filter(agency__area=province).select_related("agency"),
        },
    )


@login_required
def campaign_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("committee"), pk=pk)
    policy.require(request.user, "view", campaign)
    fig = campaigns.figures(campaign)
    windows = [
        (start, end, campaigns.figures(campaign, start, end)) for start, end in campaigns.slices(campaign)
    ]
    top = max([w[2].cases for w in windows] or [1]) or 1
    return render(
        request,
        "plans/campaign.html",
        {
            "campaign": campaign,
            "fig": fig,
            "windows": [(s, e, f, 100 * f.cases / top) for s, e, f in windows],
            "tips": campaign.tips.count(),
            "print": request.GET.get("print") == "1",
            "scope": {
                "goods": campaign.goods_groups.all(),
                "areas": campaign.areas.all(),
                "agencies": campaign.agencies.all(),
                "members": campaign.members.all(),
            },
        },
    )


@login_required
def ranking(request: AuthedRequest) -> HttpResponse:
    committee = visible_committee(request)
    if committee is None:
        return redirect("plans:evaluation")
    year_n = year_from(request, timezone.localdate())
    can_manage = policy.can(request.user, "manage_plans", committee)
    if request.method == "POST" and can_manage:
        services.set_weights(
            request.user,
            committee,
            {s: request.POST.get(s, "") for s in CriterionSource.values},
        )
        messages.success(request, _("Đã lưu trọng số tiêu chí."))
        return redirect(f"/plans/evaluation/?committee={committee.code}&year={year_n}")
    return render(
        request,
        "plans/evaluation.html",
        {
            "committee": committee,
            "year": year_n,
            "scores": evaluation.evaluate(committee, year_n),
            "keepers": evaluation.keepers(committee, year_n),
            "weights": evaluation.criteria(committee),
            "sources": CriterionSource.choices,
            "can_manage": can_manage,
            "custom": Criterion.objects.filter(committee=committee).exists(),
        },
    )
