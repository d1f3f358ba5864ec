"""The officers' side of tips: queue, reception, handling, reception book, deadlines, KPIs."""

import datetime
from typing import cast

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.accounts.models import User
from hub389.attachments.models import Attachment
from hub389.lib.actions import Action, perform
from hub389.lib.dates import require_date
from hub389.lib.http import period_from
from hub389.registry.http import visible_committee
from hub389.registry.models import Agency, Area, AreaKind, Level
from hub389.tips import clocks, kpi, services, vault, xlsx
from hub389.tips.forms import OfficerTipForm, SettleForm
from hub389.tips.models import OPEN_STATUSES, Nature, Routing, Status, Tip, TipQuerySet
from hub389.tips.public import add_service_errors

PAGE_SIZE = 50
TABS = [
    ("new", _("Mới")),
    ("mine", _("Của tôi")),
    ("overdue", _("Quá hạn / sắp hết hạn")),
    ("open", _("Đang giải quyết")),
    ("all", _("Tất cả")),
    ("coordinating", _("Phối hợp")),
]


def _list_related(qs: TipQuerySet) -> TipQuerySet:
    return qs.select_related("area", "agency", "handler", "goods_group", "locked_by")


def _agency_id(user: User) -> int:
    if user.agency_id is None:
        raise PermissionDenied(_("Tài khoản chưa gắn với cơ quan."))
    return user.agency_id


def _visible(user: User) -> TipQuerySet:
    return cast(TipQuerySet, policy.visible(user, "view", Tip))


def _queue(user: User, tab: str, today: datetime.date) -> TipQuerySet:
    seen = _visible(user)
    own = seen.filter(agency_id=_agency_id(user))
    if tab == "new":
        return own.filter(status=Status.NEW)
    if tab == "mine":
        return own.filter(handler=user).filter(status__in=OPEN_STATUSES)
    if tab == "overdue":
        return own.open().filter(due_on__lte=today + datetime.timedelta(days=clocks.NEAR_DUE_DAYS))
    if tab == "open":
        return own.open()
    if tab == "coordinating":
        return seen.filter(coordinators=_agency_id(user))
    return seen  # "all": every tip the user may see (own agency's, coordinated, the area's)


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    tab = request.GET.get("tab", "new")
    if tab not in dict(TABS):
        tab = "new"
    qs = _queue(user, tab, today)
    q = request.GET.get("q", "").strip()
    if q:
        number = q.rsplit("-", 1)[-1]
        qs = qs.filter(Q(summary__icontains=q) | Q(pk=int(number) if number.isdigit() else 0))
    order = "due_on" if tab in ("overdue", "open", "mine") else "-received_at"
    page = Paginator(_list_related(qs).order_by(order, "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {key: _queue(user, key, today).count() for key in ("new", "mine", "overdue")}
    colleagues = User.objects.officers().filter(agency_id=_agency_id(user)).order_by("full_name")
    can_triage = policy.can(user, "triage", Tip)
    # A row has a checkbox only when the bulk actions may act on it (the user's own agency's
    # tips, for those who triage); read-only rows have none.
    selectable = {t.pk for t in page.object_list if policy.can(user, "triage", t)} if can_triage else set()
    return render(
        request,
        "tips/queue.html",
        {
            "page": page,
            "tab": tab,
            "tabs": TABS,
            "q": q,
            "counts": counts,
            "colleagues": colleagues,
            "can_triage": can_triage,
            "selectable": selectable,
            "today": today,
        },
    )


@login_required
@require_POST
def bulk(request: AuthedRequest) -> HttpResponse:
    """Bulk triage from the queue: assign, merge duplicates, mark as not a tip."""
    user = request.user
    ids = [int(i) for i in request.POST.getlist("tip") if i.isdigit()]
    tips = list(_visible(user).filter(pk__in=ids).select_related("agency").order_by("received_at", "pk"))
    action = request.POST.get("action", "")
    if not tips:
        messages.error(request, _("Chưa chọn tin nào."))
        return redirect(request.POST.get("next") or "tips:queue")
    try:
        if action == "assign":
            handler = User.objects.filter(pk=request.POST.get("handler") or 0).first()
            if handler is None:
                raise ValidationError(_("Chọn cán bộ được giao."))
            services.assign_many(user, tips, handler)
            messages.success(
                request, _("Đã giao %(n)s tin cho %(who)s.") % {"n": len(tips), "who": handler.full_name}
            )
        elif action == "merge":
            if len(tips) < 2:
                raise ValidationError(_("Chọn ít nhất hai tin để gộp."))
            primary = services.merge(user, tips[0], tips[1:])
            messages.success(
                request,
                _("Đã gộp %(n)s tin trùng vào %(ref)s.") % {"n": len(tips) - 1, "ref": primary.reference},
            )
        elif action == "not_a_tip":
            services.mark_many_not_tips(user, tips, request.POST.get("reason", ""))
            messages.success(request, _("Đã đánh dấu %(n)s tin không phải tin báo.") % {"n": len(tips)})
        else:
            raise ValidationError(_("Chọn thao tác."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("Bạn không có quyền thực hiện thao tác này với một số tin đã chọn."))
    return redirect(request.POST.get("next") or "tips:queue")


@login_required
@sensitive_post_parameters("full_name", "phone", "email", "address", "id_number")
@never_cache
def new(request: AuthedRequest) -> HttpResponse:
    policy.require(request.user, "create", Tip)
    form = OfficerTipForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            tip, code = services.record_tip(request.user, form.tip_input(), form.cleaned_data["attachments"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(
                request, "tips/officer_receipt.html", {"tip": tip, "code": vault.format_receipt(code)}
            )
    return render(
        request,
        "tips/tip_form.html",
        {"form": form, "provinces": Area.objects.filter(kind=AreaKind.PROVINCE).order_by("name")},
    )


def _tip(request: AuthedRequest, pk: int) -> Tip:
    tip = get_object_or_404(
        Tip.objects.select_related(
            "area__province",
            "agency",
            "handler",
            "goods_group",
            "field",
            "reception_agency",
            "source_agency",
            "locked_by",
            "merged_into",
        ),
        pk=pk,
    )
    policy.require(request.user, "view", tip)
    return tip


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    tip = _tip(request, pk)
    user = request.user
    actions = ("handle", "take", "assign", "transfer", "reveal", "triage", "unlock")
    can = {a: policy.can(user, a, tip) for a in actions}
    holder = tip.lock_holder()
    case_model = apps.get_model("cases", "Case")
    tip_cases = list(
        policy.visible(user, "view", case_model).filter(tip=tip).order_by("pk").only("pk", "year")
    )
    return render(
        request,
        "tips/detail.html",
        {
            "tip": tip,
            "events": tip.events.select_related("actor", "from_agency", "to_agency"),
            "files": Attachment.objects.filter(owner_type__model="tip", owner_id=str(tip.pk)),
            "can": can,
            "read_only": not (can["handle"] or can["take"] or can["assign"]),
            "holder": holder,
            "locked_by_other": holder is not None and holder.pk != user.pk,
            "colleagues": User.objects.officers().filter(agency_id=tip.agency_id).order_by("full_name"),
            "suggested": services.suggested_transfer(tip) if tip.must_transfer else None,
            # Transfer targets: the province's agencies and the national ones (not all 700).
            "agencies": Agency.objects.filter(
                Q(area=tip.area.province or tip.area) | Q(level=Level.NATIONAL), is_active=True
            )
            .order_by("code")
            .only("pk", "code", "name"),
            "settle_form": SettleForm(),
            "outcomes": services.outcomes_for(tip),
            # The cases opened from the tip that this reader may open (the others are not named).
            "tip_cases": tip_cases,
            "seen_refs": {c.reference for c in tip_cases},
            # Cases depend on tips, not the other way: the case model is looked up by name.
            "can_open_case": tip.status != Status.NOT_A_TIP
            and policy.can(user, "create", apps.get_model("cases", "Case"))
            and (can["handle"] or can["take"] or tip.agency_id == user.agency_id),
            "natures": Nature.choices,
            "coordinators": tip.coordinators.all(),
            "latest_procuracy": clocks.latest_procuracy_extension(tip.clock) if tip.extended_on else None,
            "is_open": tip.is_open,
            "today": timezone.localdate(),
            "lock_minutes": services.LOCK_MINUTES,
        },
    )


# What the tip page's forms do: each reads its form and calls one service.
ACTIONS: dict[str, Action] = {
    "lock": Action(
        lambda u, t, r: services.acquire_lock(u, t),
        format_lazy(_("Bạn đang giữ tin này trong {n} phút."), n=services.LOCK_MINUTES),
    ),
    "unlock": Action(
        lambda u, t, r: services.release_lock(u, t),
        _("Đã mở khoá."),
    ),
    "take": Action(
        lambda u, t, r: services.assign(u, t, u),
        _("Bạn đã nhận xử lý tin."),
    ),
    "assign": Action(
        lambda u, t, r: services.assign(u, t, get_object_or_404(User, pk=r.POST.get("handler") or 0)),
        _("Đã giao cán bộ xử lý."),
    ),
    "note": Action(
        lambda u, t, r: services.add_note(u, t, r.POST.get("text", "")),
        _("Đã ghi chú."),
    ),
    "ask": Action(
        lambda u, t, r: services.ask_informant(u, t, r.POST.get("text", "")),
        _("Đã gửi câu hỏi cho người báo tin."),
    ),
    "classify": Action(
        lambda u, t, r: services.classify(u, t, r.POST.get("nature", "")),
        _("Đã xác định tính chất."),
    ),
    "transfer": Action(
        lambda u, t, r: services.transfer(
            u, t, get_object_or_404(Agency, pk=r.POST.get("to_agency") or 0), r.POST.get("reason", "")
        ),
        _("Đã chuyển tin."),
    ),
    "extend": Action(
        lambda u, t, r: services.extend(u, t, r.POST.get("reason", "")),
        _("Đã gia hạn."),
    ),
    "procuracy_extend": Action(
        lambda u, t, r: services.procuracy_extend(
            u, t, require_date(r.POST.get("until", "")), r.POST.get("decision", "")
        ),
        _("Đã ghi gia hạn của Viện kiểm sát."),
    ),
    "suspend": Action(
        lambda u, t, r: services.suspend(u, t, r.POST.get("reason", "")),
        _("Đã tạm đình chỉ: thời hạn dừng."),
    ),
    "resume": Action(
        lambda u, t, r: services.resume(u, t, r.POST.get("reason", "")),
        _("Đã phục hồi giải quyết."),
    ),
    "procuracy_notified": Action(
        lambda u, t, r: services.procuracy_notified(
            u, t, require_date(r.POST.get("on", "")), r.POST.get("reference", "")
        ),
        _("Đã ghi thông báo Viện kiểm sát."),
    ),
    "settle": Action(
        lambda u, t, r: services.settle(u, t, r.POST.get("outcome", ""), r.POST.get("public_result", "")),
        _("Đã kết luận giải quyết tin."),
    ),
    "not_a_tip": Action(
        lambda u, t, r: services.mark_not_a_tip(u, t, r.POST.get("reason", "")),
        _("Đã đánh dấu không phải tin báo."),
    ),
}


@login_required
@require_POST
def act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    tip = _tip(request, pk)
    outcome = perform(request, ACTIONS, action, tip)
    if outcome.ok and action == "transfer" and not policy.can(request.user, "view", outcome.result):
        return redirect("tips:queue")
    return redirect("tips:detail", pk=tip.pk)


@login_required
@never_cache
def reveal(request: AuthedRequest, pk: int) -> HttpResponse:
    tip = _tip(request, pk)
    policy.require(request.user, "reveal", tip)
    identity = None
    error = ""
    if request.method == "POST":
        try:
            identity = services.reveal_informant(request.user, tip, request.POST.get("reason", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(request, "tips/reveal.html", {"tip": tip, "identity": identity, "error": error})


@login_required
def book(request: AuthedRequest) -> HttpResponse:
    """The agency's reception book (sổ tiếp nhận), printable. Never shows who the informant is."""
    user = request.user
    if user.agency is None:
        raise PermissionDenied(_("Tài khoản chưa gắn với cơ quan."))
    start, end = period_from(request, timezone.localdate())
    tips = (
        policy.visible(user, "view", Tip)
        .filter(reception_agency=user.agency, received_on__range=(start, end))
        .select_related("area", "agency", "goods_group")
        # In the order they arrived; a letter recorded a day late keeps its place by its date.
        .order_by("received_at", "book_year", "book_number")
    )
    return render(
        request, "tips/book.html", {"tips": tips, "agency": user.agency, "start": start, "end": end}
    )


@login_required
def deadlines(request: AuthedRequest) -> HttpResponse:
    """The agency head's page: overdue and near-due tips, procuracy notices due."""
    user, today = request.user, timezone.localdate()
    own = _list_related(_visible(user).filter(agency_id=_agency_id(user)))
    return render(
        request,
        "tips/deadlines.html",
        {
            "overdue": own.overdue(today).order_by("due_on"),
            "near": own.near_due(today).order_by("due_on"),
            "notices": own.open()
            .filter(procuracy_notified_on__isnull=True, procuracy_notice_due__lte=today)
            .order_by("procuracy_notice_due"),
            "stopped": own.filter(status=Status.SUSPENDED).order_by("suspended_on"),
            "must_transfer": own.must_transfer(),
            "flagged": own.open().exclude(routing__in=[Routing.RULE, Routing.TRANSFER]),
            "today": today,
        },
    )


@login_required
def kpi_page(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    committee = visible_committee(request)
    if committee is None:
        return redirect("tips:kpi")
    start, end = period_from(request, today)
    report = kpi.compute(committee, start, end, today)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            xlsx.workbook(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"kpi-tin-bao-{committee.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    top = max([r.received for r in report.agencies] or [1]) or 1
    bars = [
        {"row": r, "received": 100 * r.received / top, "settled": 100 * r.settled / top}
        for r in report.agencies[:15]
    ]
    return render(
        request,
        "tips/kpi.html",
        {
            "report": report,
            "bars": bars,
            "start": start,
            "end": end,
            "committee": committee,
            "targets": (kpi.ACCEPT_TARGET, kpi.SETTLE_TARGET),
        },
    )
