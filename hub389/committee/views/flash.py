"""Flash reports: the list (what waits for this leader first), the form (from a case or on
its own), the page with its steps, the leader's acknowledgement, the forward up, the DOCX."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.cases.models import Case
from hub389.committee.documents import flash_document
from hub389.committee.forms import FlashForm, from_case
from hub389.committee.models import FlashReport, FlashStep
from hub389.committee.services import flash as services
from hub389.committee.services.common import committee_for
from hub389.lib.actions import Action, perform, refused
from hub389.reports.documents import docx
from hub389.tips.public import places_in


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    rows = (
        policy.visible(user, "view", FlashReport)
        .select_related("agency", "committee", "area", "lead_agency")
        .prefetch_related("steps__committee")
        .order_by("-reported_at")[:100]
    )
    committee = committee_for(user.agency.area) if user.agency is not None else None
    return render(
        request,
        "committee/flash_list.html",
        {
            "waiting": services.waiting_for(user),
            "reports": rows,
            "can_create": policy.can(user, "create", FlashReport),
            "committee": committee,
            "hours": services.deadlines(committee) if committee else None,
            "can_set": committee is not None and policy.can(user, "manage_plans", committee),
        },
    )


@login_required
def new(request: AuthedRequest) -> HttpResponse:
    user = request.user
    policy.require(user, "create", FlashReport)
    case = None
    if request.GET.get("case", "").isdigit():
        case = get_object_or_404(Case.objects.select_related("area", "province"), pk=request.GET["case"])
        if not policy.can(user, "view", case):
            raise PermissionDenied(_("Bạn không xem được vụ việc này."))
    home = user.agency.area if user.agency is not None else None
    if request.method == "POST":
        form = FlashForm(request.POST, home=home)
        if form.is_valid():
            try:
                flash = services.report(user, form.flash_input(case))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request, _("Đã gửi báo cáo nhanh tới Cơ quan Thường trực và lãnh đạo Ban Chỉ đạo.")
                )
                return redirect("committee:flash", pk=flash.pk)
    else:
        initial = from_case(case) if case else {"lead_agency": user.agency.pk if user.agency else None}
        form = FlashForm(initial=initial, home=home)
    province = form["province"].value()
    return render(
        request,
        "committee/flash_form.html",
        {"form": form, "case": case, **places_in(province or None)},
    )


def _step(request: AuthedRequest, flash: FlashReport) -> FlashStep:
    step = flash.steps.filter(pk=request.POST.get("step") or 0).first()
    if step is None:
        raise PermissionDenied
    return step


ACTIONS: dict[str, Action] = {
    "acknowledge": Action(
        lambda u, f, r: services.acknowledge(u, _step(r, f), r.POST.get("instruction", "")),
        gettext_lazy("Đã xác nhận báo cáo nhanh."),
    ),
    "forward": Action(
        lambda u, f, r: services.forward(u, f, r.POST.get("decision", "")),
        gettext_lazy("Đã báo cáo lên Ban Chỉ đạo cấp trên."),
    ),
}


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    flash = get_object_or_404(
        FlashReport.objects.select_related(
            "agency", "committee__parent", "area", "lead_agency", "reported_by", "case"
        ),
        pk=pk,
    )
    user = request.user
    policy.require(user, "view", flash)
    if request.method == "POST":
        perform(request, ACTIONS, request.POST.get("action", ""), flash)
        return redirect("committee:flash", pk=flash.pk)
    steps = list(flash.steps.select_related("committee", "sent_by", "acknowledged_by"))
    top = steps[-1] if steps else None
    return render(
        request,
        "committee/flash_detail.html",
        {
            "flash": flash,
            "steps": [(s, policy.can(user, "acknowledge", s)) for s in steps],
            "can_forward": policy.can(user, "forward", flash),
            "parent": top.committee.parent if top else None,
            "can_view_case": flash.case is not None and policy.can(user, "view", flash.case),
        },
    )


@login_required
def document(request: AuthedRequest, pk: int) -> HttpResponse:
    flash = get_object_or_404(
        FlashReport.objects.select_related(
            "agency__parent", "agency__area", "committee", "area", "lead_agency"
        ),
        pk=pk,
    )
    policy.require(request.user, "view", flash)
    response = HttpResponse(
        docx(flash_document(flash)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-nhanh-{flash.year}-{flash.number:02d}.docx"'
    )
    return response


@login_required
@require_POST
def deadlines(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if user.agency is None:
        raise PermissionDenied
    committee = committee_for(user.agency.area)
    p = request.POST
    try:
        services.set_deadlines(
            user,
            committee,
            *(
                int(p.get(k, "0")) if p.get(k, "").strip().isdigit() else 0
                for k in ("report_hours", "acknowledge_hours", "forward_hours")
            ),
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("Đã lưu thời hạn báo cáo nhanh."))
    return redirect("committee:flash_list")
