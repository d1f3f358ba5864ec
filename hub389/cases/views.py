"""Case pages: the list with filters, search and XLSX export, and the case page with its
timeline. Confidential cases appear only to their named readers."""

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from hub389 import policy
from hub389.accounts.models import Role
from hub389.cases.models import Case, CaseChannel, CaseShare, CaseStatus, CaseViolation, ViolationKind
from hub389.lib.dates import parse_date
from hub389.lib.http import AuthedRequest
from hub389.lib.text import fold
from hub389.registry.models import Area, AreaKind, GoodsGroup, SteeringCommittee

PAGE_SIZE = 50


def visible_cases(user: Any) -> QuerySet[Case]:
    """The cases the user may open: the same answer as policy 'view', as one query."""
    if user.agency_id is None:
        return Case.objects.none()
    shared = CaseShare.objects.filter(case=OuterRef("pk"), agency_id=user.agency_id)
    mine = Q(owner_id=user.agency_id) | Q(Exists(shared))
    agency = user.agency
    if (
        user.role == Role.STANDING_OFFICE
        and SteeringCommittee.objects.filter(standing_office=agency).exists()
    ):
        area = agency.area
        if area.kind == AreaKind.NATIONAL:
            mine |= Q(pk__isnull=False)
        elif area.kind == AreaKind.PROVINCE:
            mine |= Q(area=area) | Q(area__province=area)
        else:
            mine |= Q(area=area) | Q(area__parent=area)
    if policy.is_admin(user):
        mine = Q(pk__isnull=False)
    return Case.objects.filter(mine).filter(Q(confidential=False) | Q(confidential_readers=user)).distinct()


def _filtered(request: AuthedRequest) -> tuple[QuerySet[Case], dict[str, str]]:
    qs = visible_cases(request.user)
    f = {
        k: request.GET.get(k, "").strip()
        for k in ("q", "kind", "goods", "channel", "status", "province", "from", "to")
    }
    if f["q"]:
        for word in fold(f["q"]).split():
            qs = qs.filter(
                Q(summary__icontains=word)
                | Q(subjects__subject__search_name__contains=word)
                | Q(place__icontains=word)
            )
    if f["kind"] in ViolationKind.values:
        qs = qs.filter(Exists(CaseViolation.objects.filter(case=OuterRef("pk"), kind=f["kind"])))
    if f["goods"]:
        qs = qs.filter(goods_group__code=f["goods"])
    if f["channel"] in CaseChannel.values:
        qs = qs.filter(channel=f["channel"])
    if f["status"] in CaseStatus.values:
        qs = qs.filter(status=f["status"])
    if f["province"]:
        qs = qs.filter(Q(area__code=f["province"]) | Q(area__province__code=f["province"]))
    start, end = parse_date(f["from"]), parse_date(f["to"])
    if start:
        qs = qs.filter(detected_on__gte=start)
    if end:
        qs = qs.filter(detected_on__lte=end)
    return qs.distinct(), f


@login_required
def case_list(request: AuthedRequest) -> HttpResponse:
    qs, f = _filtered(request)
    qs = qs.select_related("owner", "area", "goods_group").prefetch_related("violations", "goods")
    if request.GET.get("format") == "xlsx":
        return _xlsx(qs)
    page = Paginator(qs.order_by("-detected_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "f": f,
            "kinds": ViolationKind.choices,
            "channels": CaseChannel.choices,
            "statuses": CaseStatus.choices,
            "goods": GoodsGroup.objects.order_by("sort_order"),
            "provinces": Area.objects.filter(kind=AreaKind.PROVINCE).order_by("name"),
            "query": request.GET.urlencode(),
        },
    )


def _xlsx(qs: QuerySet[Case]) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Vụ việc"
    ws.append(
        [
            "Số",
            "Ngày phát hiện",
            "Cơ quan",
            "Địa bàn",
            "Tóm tắt",
            "Loại vi phạm",
            "Nhóm hàng",
            "Kênh",
            "Trị giá hàng (đồng)",
            "Trạng thái",
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for case in qs.order_by("-detected_on", "-pk")[:50000]:
        ws.append(
            [
                case.reference,
                case.detected_on,
                case.owner.name,
                case.area.name,
                case.summary,
                "; ".join(v.get_kind_display() for v in case.violations.all()),
                case.goods_group.name if case.goods_group else "",
                case.get_channel_display(),
                case.goods_value,
                case.get_status_display(),
            ]
        )
        ws.cell(ws.max_row, 2).number_format = "DD/MM/YYYY"
        ws.cell(ws.max_row, 9).number_format = "#,##0"
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="vu-viec-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(
        Case.objects.select_related(
            "owner", "detected_by", "lead_agency", "area", "field", "goods_group", "tip"
        ),
        pk=pk,
    )
    policy.require(request.user, "view", case)
    today = timezone.localdate()
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "violations": case.violations.all(),
            "goods": case.goods.all(),
            "subjects": case.subjects.select_related("subject"),
            "sanctions": case.sanctions.all(),
            "referrals": case.referrals.select_related("to_agency"),
            "notices": case.notices.select_related("to_agency"),
            "lots": case.lots.select_related("bin__warehouse"),
            "events": case.events.select_related("actor", "agency"),
            "today": today,
            "can_edit": policy.can(request.user, "edit", case),
        },
    )
