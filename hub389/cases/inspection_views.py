"""The inspection schedule of an agency: planning a joint inspection with the "inspected
recently by another agency" check, and recording results (`cases.inspections`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.accounts.models import User
from hub389.cases import inspections
from hub389.cases.models import Case, Inspection, InspectionStatus
from hub389.lib.dates import require_date
from hub389.registry.models import Agency, Area
from hub389.subjects.models import SubjectKind


def _plan_inspection(request: AuthedRequest, province: Area) -> tuple[Inspection | None, list[str]]:
    p = request.POST
    return inspections.plan(
        request.user,
        subject={"kind": p.get("kind", ""), "name": p.get("name", ""), "tax_code": p.get("tax_code", "")},
        area=Area.objects.filter(code=p.get("area", "")).first() or province,
        planned_on=require_date(p.get("planned_on", "")),
        purpose=p.get("purpose", ""),
        members=list(Agency.objects.filter(pk__in=_ids(p.getlist("members")))),
        team=list(User.objects.filter(pk__in=_ids(p.getlist("team")))),
        confirm_overlap=p.get("confirm") == "1",
    )


def _inspection_result(request: AuthedRequest) -> None:
    p = request.POST
    inspection = get_object_or_404(Inspection, pk=p.get("inspection") or 0)
    ref = p.get("case", "").strip()
    number = ref.rsplit("-", 1)[-1]
    case = Case.objects.filter(pk=int(number)).first() if number.isdigit() else None
    if ref and case is None:
        raise ValidationError(f"Không tìm thấy vụ việc “{ref}”.")
    inspections.record_result(request.user, inspection, p.get("status", ""), case, p.get("findings", ""))


def _ids(values: list[str]) -> list[int]:
    return [int(i) for i in values if i.isdigit()]


@login_required
def inspection_list(request: AuthedRequest) -> HttpResponse:
    """The agency's inspection schedule, planning a new one with the "inspected recently"
    check, and recording results."""
    user = request.user
    agency = user.agency
    if agency is None:
        raise PermissionDenied(_("Tài khoản chưa gắn với cơ quan."))
    province = agency.area.province or agency.area
    overlaps: list[str] = []
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "result":
                _inspection_result(request)
                messages.success(request, _("Đã ghi kết quả kiểm tra."))
                return redirect("cases:inspections")
            inspection, overlaps = _plan_inspection(request, province)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if inspection is not None:
                messages.success(request, _("Đã lập kế hoạch kiểm tra."))
                return redirect("cases:inspections")
    today = timezone.localdate()
    mine = (
        policy.visible(user, "view", Inspection)
        .select_related("subject", "lead_agency", "area", "case")
        .prefetch_related("members", "team")
    )
    partners = Agency.objects.filter(area=province).exclude(pk=agency.pk).order_by("code")
    return render(
        request,
        "cases/inspections.html",
        {
            "upcoming": mine.filter(status=InspectionStatus.PLANNED).order_by("planned_on"),
            "past": mine.exclude(status=InspectionStatus.PLANNED).order_by("-planned_on")[:100],
            "today": today,
            "overlaps": overlaps,
            "error": error,
            "post": request.POST,
            "partners": partners,
            "officers": User.objects.officers()
            .filter(Q(agency=agency) | Q(agency__in=partners))
            .select_related("agency")
            .order_by("agency__code", "username"),
            "subject_kinds": [(k, v) for k, v in SubjectKind.choices if k in ("organisation", "household")],
            "agency": agency,
        },
    )
