import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case as DbCase
from django.db.models import Count, Q, QuerySet, When
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.jobs.services import start_job
from hub389.lib.dates import parse_date
from hub389.lib.text import fold
from hub389.registry import services
from hub389.registry.forms import AgencyContactsForm, AgencyForm, RuleForm
from hub389.registry.jurisdiction import find_problems, resolve_many
from hub389.registry.models import (
    ADMIN_KINDS,
    Agency,
    AgencyKind,
    Area,
    AreaKind,
    Field,
    GoodsGroup,
    JurisdictionRule,
    Level,
    SteeringCommittee,
)

PAGE_SIZE = 50


def _search(qs: QuerySet[Any], q: str) -> QuerySet[Any]:
    for word in fold(q).split():
        qs = qs.filter(search_name__contains=word)
    return qs


def _day(request: HttpRequest) -> datetime.date:
    return parse_date(request.GET.get("date", "")) or timezone.localdate()


@login_required
def area_list(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    province = request.GET.get("province", "")
    qs = Area.objects.select_related("province", "parent").order_by("kind", "code")
    if q:
        qs = _search(qs, q)
    if kind in AreaKind.values:
        qs = qs.filter(kind=kind)
    if province:
        qs = qs.filter(Q(province__code=province) | Q(code=province))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/area_list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "province": province,
            "kinds": AreaKind.choices,
            "provinces": Area.objects.filter(kind=AreaKind.PROVINCE).order_by("code"),
            "total": Area.objects.filter(kind=AreaKind.COMMUNE).count(),
        },
    )


@login_required
def area_detail(request: AuthedRequest, code: str) -> HttpResponse:
    area = get_object_or_404(Area.objects.select_related("parent__parent__parent"), code=code)
    day = _day(request)
    fields = list(Field.objects.all())
    answers = resolve_many([area], fields, day)
    children = area.children.order_by("kind", "code")
    return render(
        request,
        "registry/area_detail.html",
        {
            "area": area,
            "day": day,
            "rows": [(answers[(area.pk, f.pk)], area.kind in f.area_kinds) for f in fields],
            "children": Paginator(children, 100).get_page(request.GET.get("page")),
            "agencies": area.agencies.order_by("code")[:50],
        },
    )


@login_required
def agency_list(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    level = request.GET.get("level", "")
    qs = Agency.objects.select_related("area").order_by("code")
    if q:
        folded = fold(q)
        by_alias = Agency.objects.filter(aliases__search_name__contains=folded).values("pk")
        qs = qs.filter(Q(search_name__contains=folded) | Q(pk__in=by_alias))
    if kind in AgencyKind.values:
        qs = qs.filter(kind=kind)
    if level in Level.values:
        qs = qs.filter(level=level)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/agency_list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "level": level,
            "kinds": AgencyKind.choices,
            "levels": Level.choices,
        },
    )


@login_required
def agency_detail(request: AuthedRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("area", "parent"), code=code)
    form = None
    if policy.can(request.user, "change", agency):
        form_class = AgencyForm if policy.can(request.user, "rename", agency) else AgencyContactsForm
        form = form_class(request.POST or None, instance=agency)
        if request.method == "POST" and form.is_valid():
            try:
                services.update_agency(request.user, Agency.objects.get(pk=agency.pk), **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, "; ".join(exc.messages))
            else:
                messages.success(request, _("Đã lưu thông tin cơ quan."))
                return redirect("registry:agency", code=agency.code)
    rules = (
        JurisdictionRule.objects.filter(Q(lead_agency=agency) | Q(coordinating_agencies=agency))
        .select_related("area", "field", "lead_agency")
        .distinct()
    )
    return render(
        request,
        "registry/agency_detail.html",
        {
            "agency": agency,
            "form": form,
            "aliases": agency.aliases.all(),
            "rules": rules,
            "committees": agency.committees.select_related("area"),
        },
    )


@login_required
def committee_list(request: AuthedRequest) -> HttpResponse:
    level = request.GET.get("level", "province")
    q = request.GET.get("q", "").strip()
    qs = SteeringCommittee.objects.select_related("area", "standing_office").annotate(
        n_members=Count("members")
    )
    if level in Level.values:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(area__search_name__contains=fold(q))
    page = Paginator(qs.order_by("area__code"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/committee_list.html",
        {"page": page, "level": level, "q": q, "levels": Level.choices},
    )


@login_required
def committee_detail(request: AuthedRequest, code: str) -> HttpResponse:
    try:
        committee = services.get_committee(code)
    except ValidationError as exc:
        return render(request, "404.html", {"message": exc.messages[0]}, status=404)
    memberships = (
        committee.membership_set.select_related("agency")
        .prefetch_related("representatives")
        .order_by("agency__code")
    )
    return render(
        request,
        "registry/committee_detail.html",
        {
            "committee": committee,
            "memberships": memberships,
            "can_change": policy.can(request.user, "change", committee),
        },
    )


@login_required
def reference(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "registry/reference.html",
        {"fields": Field.objects.all(), "goods_groups": GoodsGroup.objects.select_related("field")},
    )


def _matrix_rows(scope: Area) -> list[Area]:
    """The national matrix shows the nation, its provinces and national special areas; a
    province's shows the province, its special areas and the communes with rules of their own."""
    base = Area.objects.select_related("parent__parent__parent")
    if scope.kind == AreaKind.NATIONAL:
        rows = list(base.filter(Q(pk=scope.pk) | Q(parent=scope)).order_by("kind", "code"))
    else:
        with_rules = JurisdictionRule.objects.filter(area__province=scope).values("area")
        rows = list(
            base.filter(
                Q(pk=scope.pk) | (Q(province=scope) & (~Q(kind=AreaKind.COMMUNE) | Q(pk__in=with_rules)))
            )
        )
    order = {k: i for i, k in enumerate(AreaKind.values)}
    return sorted(rows, key=lambda a: (a.pk != scope.pk, order[a.kind], a.code))


@login_required
def matrix(request: AuthedRequest) -> HttpResponse:
    code = request.GET.get("committee", "")
    agency = request.user.agency
    if not code and agency is not None:
        code = "national" if agency.level == Level.NATIONAL else (agency.area.province or agency.area).code
    try:
        committee = services.get_committee(code or "national")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        committee = services.get_committee("national")
    day = _day(request)
    scope = committee.area
    fields = list(Field.objects.all())
    rows = _matrix_rows(scope)
    answers = resolve_many(rows, fields, day)
    table = []
    for area in rows:
        cells = []
        for fld in fields:
            applies = area.kind in fld.area_kinds
            cells.append((answers[(area.pk, fld.pk)], applies))
        table.append((area, cells))
    problems = list(find_problems(day, within=scope))
    return render(
        request,
        "registry/matrix.html",
        {
            "committee": committee,
            "day": day,
            "fields": fields,
            "table": table,
            "problems": problems,
            "gap_count": sum(p.kind == "GAP" for p in problems),
            "overlap_count": sum(p.kind == "OVERLAP" for p in problems),
            "incompetent_count": sum(p.kind == "INCOMPETENT" for p in problems),
            "provinces": SteeringCommittee.objects.filter(level__in=[Level.NATIONAL, Level.PROVINCE])
            .select_related("area")
            .order_by("area__code"),
            "can_manage": policy.can(request.user, "manage_rules", scope),
            "admin_kinds": ADMIN_KINDS,
        },
    )


@login_required
def rule_create(request: AuthedRequest) -> HttpResponse:
    form = RuleForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            jr = services.create_rule(
                request.user,
                area=data["area"],
                field=data["field"],
                lead_agency=data["lead_agency"],
                coordinating_agencies=list(data["coordinating_agencies"]),
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                legal_basis=data["legal_basis"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errs in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errs)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Đã thêm quy tắc: %(rule)s.") % {"rule": jr})
            scope = "national" if jr.area.kind == AreaKind.NATIONAL else (jr.area.province or jr.area).code
            return redirect(f"{reverse('registry:matrix')}?committee={scope}")
    return render(request, "registry/rule_form.html", {"form": form})


@login_required
@require_POST
def gaps_job(request: AuthedRequest) -> HttpResponse:
    day = _day(request) if request.GET.get("date") else timezone.localdate()
    job = start_job(request.user, "jurisdiction_gaps", {"date": day.isoformat()})
    return redirect("jobs:detail", pk=job.pk)


PICK_LIMIT = 12


@login_required
def pick(request: AuthedRequest, kind: str) -> JsonResponse:
    """Names for a picker, diacritic-insensitive ("qltt ha noi", "hoan kiem"): committees,
    agencies or areas, each with the code the page sends (codes stay for URLs and commands)."""
    words = fold(request.GET.get("q", "")).split()
    if not words:
        return JsonResponse({"results": []})
    results: list[dict[str, str]]
    if kind == "committee":
        rank = DbCase(When(area__kind="national", then=0), When(area__kind="province", then=1), default=2)
        committees = (
            SteeringCommittee.objects.select_related("area")
            .annotate(rank=rank)
            .order_by("rank", "area__code")
        )
        for word in words:
            committees = committees.filter(area__search_name__contains=word)
        results = [{"code": c.code, "name": c.name} for c in committees[:PICK_LIMIT]]
    elif kind == "agency":
        # The nation's and the provinces' agencies first: a commune's committee rarely is what is meant.
        rank = DbCase(When(level="national", then=0), When(level="province", then=1), default=2)
        agencies = Agency.objects.filter(is_active=True).annotate(rank=rank).order_by("rank", "code")
        for word in words:
            agencies = agencies.filter(Q(search_name__contains=word) | Q(code__iexact=word))
        results = [{"code": a.code, "name": a.name} for a in agencies[:PICK_LIMIT]]
    elif kind == "area":
        rank = DbCase(
            When(kind="national", then=0),
            When(kind="province", then=1),
            When(kind="commune", then=2),
            default=3,
        )
        areas = Area.objects.select_related("province").annotate(rank=rank).order_by("rank", "code")
        for word in words:
            areas = areas.filter(Q(search_name__contains=word) | Q(code=word))
        results = [
            {
                "code": a.code,
                "name": a.name + (f", {a.province.name}" if a.province and a.province != a else ""),
            }
            for a in areas[:PICK_LIMIT]
        ]
    else:
        raise Http404("Không có danh mục này.")
    return JsonResponse({"results": results})
