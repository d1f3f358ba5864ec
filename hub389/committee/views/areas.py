"""Area responsibility (/committee/areas/): who answers for each commune of the committee's
province, the communes nobody answers for (list and map), the standing office's assignments
and their history; the findings of other forces in assigned areas (/committee/areas/findings/)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.accounts.models import User
from hub389.committee.models import AreaAssignment, AreaFinding
from hub389.committee.services import areas as services
from hub389.committee.services.common import committee_for
from hub389.lib.actions import refused
from hub389.lib.dates import parse_date
from hub389.registry.models import Agency, Area, AreaKind, Field, SteeringCommittee


def _committee(request: AuthedRequest) -> SteeringCommittee:
    """The province committee of the page: the user's, or `?committee=` they may read."""
    code = request.GET.get("committee") or request.POST.get("committee") or ""
    if code:
        found = SteeringCommittee.objects.select_related("area").filter(area__code=code).first()
        if found is None or not policy.can(request.user, "view_kpi", found):
            raise PermissionDenied
        return found
    if request.user.agency is None:
        raise PermissionDenied
    area = request.user.agency.area
    committee = committee_for(area.province or area)
    if committee.area.kind == AreaKind.NATIONAL:
        hanoi = SteeringCommittee.objects.select_related("area").filter(area__code="01").first()
        return hanoi or committee
    return committee


def _assign(request: AuthedRequest) -> None:
    p = request.POST

    def pick(model: Any, key: str) -> Any:
        value = p.get(key, "")
        return model.objects.filter(pk=value).first() if value.isdigit() else None

    services.assign(
        request.user,
        services.AssignmentInput(
            area=pick(Area, "area"),
            agency=pick(Agency, "agency"),
            unit=p.get("unit", ""),
            officer=pick(User, "officer"),
            field=pick(Field, "field"),
            decision_no=p.get("decision_no", ""),
            decision_date=parse_date(p.get("decision_date", "")),
            valid_from=parse_date(p.get("valid_from", "")),
            valid_to=parse_date(p.get("valid_to", "")) if p.get("valid_to", "").strip() else None,
        ),
    )


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    committee = _committee(request)
    user = request.user
    can_manage = policy.can(user, "manage_plans", committee)
    posted: Any = {}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "end":
                row = get_object_or_404(AreaAssignment, pk=request.POST.get("assignment") or 0)
                services.end(
                    user, row, parse_date(request.POST.get("valid_to", "")), request.POST.get("reason", "")
                )
                messages.success(request, _("Đã kết thúc giao địa bàn; lịch sử được giữ lại."))
            else:
                _assign(request)
                messages.success(request, _("Đã giao địa bàn; người chịu trách nhiệm đã được báo."))
        except ValidationError as exc:
            refused(request, exc)
            posted = request.POST  # the form again, as typed
        else:
            return redirect(f"{request.path}?committee={committee.area.code}")
    today = timezone.localdate()
    rows = (
        policy.visible(user, "view", AreaAssignment)
        .filter(committee=committee)
        .select_related("area", "agency", "officer", "field")
        .order_by("area__name", "-valid_from")
    )
    current = [a for a in rows if a.valid_to is None or a.valid_to >= today]  # and those to come
    gaps = list(services.gaps(committee.area, today))
    covered = {a.area_id for a in current if a.current(today)}
    province = committee.area.province or committee.area
    points = [
        {"name": a.name, "lat": a.lat, "lng": a.lng, "covered": a.pk in covered}
        for a in Area.objects.filter(province=province, kind=AreaKind.COMMUNE, lat__isnull=False)
    ]
    members = Agency.objects.filter(membership__committee=committee).order_by("name")
    return render(
        request,
        "committee/areas.html",
        {
            "committee": committee,
            "current": current,
            "history": [a for a in rows if a.valid_to is not None and a.valid_to < today],
            "posted": posted,
            "today": today,
            "gaps": gaps,
            "communes": Area.objects.filter(province=province)
            .exclude(kind=AreaKind.PROVINCE)
            .order_by("kind", "name")
            if can_manage
            else [],
            "agencies": members if can_manage else [],
            "officers": User.objects.officers()
            .filter(agency__in=members)
            .select_related("agency")
            .order_by("agency__name", "full_name")
            if can_manage
            else [],
            "fields": Field.objects.order_by("name") if can_manage else [],
            "can_manage": can_manage,
            "points": points,
            "province_code": province.code,
        },
    )


@login_required
def findings(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        finding = get_object_or_404(
            policy.visible(user, "view", AreaFinding), pk=request.POST.get("finding") or 0
        )
        try:
            services.set_began(user, finding, parse_date(request.POST.get("began_on", "")))
        except ValidationError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Đã ghi thời điểm bắt đầu vi phạm."))
        return redirect("committee:findings")
    rows = list(
        policy.visible(user, "view", AreaFinding)
        .select_related(
            "assignment__area",
            "assignment__officer",
            "assignment__committee__area",
            "found_by",
            "case",
            "tip",
        )
        .order_by("-found_on", "-pk")[:200]
    )
    return render(
        request,
        "committee/findings.html",
        {
            "rows": [
                (
                    f,
                    f.case is not None and policy.can(user, "view", f.case),
                    f.tip is not None and policy.can(user, "view", f.tip),
                    policy.can(user, "manage_plans", f.assignment.committee),
                )
                for f in rows
            ]
        },
    )
