"""Case pages: the list (with its XLSX), the recording form, the case page with its timeline,
the actions its forms post (one service each, `lib.actions.perform`) and the standing office's
figures. Who sees what: `cases/access.py`; the list's query: `cases/search.py`."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.accounts.models import User
from hub389.attachments.models import Attachment
from hub389.cases import exports, figures, search, services
from hub389.cases.deadlines import Route
from hub389.cases.forms import AmendForm, CaseForm, goods_formset, goods_lines
from hub389.cases.models import (
    Case,
    CaseChannel,
    CaseStatus,
    Detection,
    LeadNotice,
    Measure,
    NoticeStatus,
    Referral,
    ReferralDecision,
    Sanction,
    ViolationKind,
)
from hub389.dbrouter import replica
from hub389.exchange import refs
from hub389.lib.actions import Action, perform
from hub389.lib.dates import require_date
from hub389.lib.http import period_from
from hub389.lib.numbers import parse_count, parse_money, read
from hub389.portal.models import Notice
from hub389.registry.http import visible_committee
from hub389.registry.models import Agency, AgencyKind, Area, AreaKind, GoodsGroup, Level
from hub389.subjects.models import SubjectKind
from hub389.tips.models import Tip
from hub389.tips.public import add_service_errors, places_in


@login_required
def case_list(request: AuthedRequest) -> HttpResponse:
    if request.GET.get("format") == "xlsx":
        qs, _ = search.filtered(request)
        return exports.xlsx(search.listed(qs))
    page, f = search.page_of(request)
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
            "short_query": bool(request.GET.get("q", "").strip()) and not f["q"],
            # The pickers show the name of the code in the URL.
            "agency_name": Agency.objects.filter(code=f["agency"]).values_list("name", flat=True).first()
            if f.get("agency")
            else "",
            "area_name": Area.objects.filter(code=f["area"]).values_list("name", flat=True).first()
            if f.get("area")
            else "",
        },
    )


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
            # The latest publication step of each decision (proposed, published, refused...).
            "publication": publication_of(case),
            "source_refs": refs.of_all("case", case.pk),
            "referrals": case.referrals.select_related("to_agency"),
            "notices": case.notices.select_related("to_agency"),
            "events": case.events.select_related("actor", "agency"),
            "today": today,
            "can_edit": policy.can(request.user, "edit", case),
            "can_own": policy.can(request.user, "own", case),
            "my_referrals": [
                r
                for r in case.referrals.all()
                if r.to_agency_id == request.user.agency_id
                and (r.decision == ReferralDecision.PENDING or (r.file_return_due and not r.file_returned_on))
            ],
            "referral_decisions": ReferralDecision.choices[1:],
            "files": Attachment.objects.filter(
                owner_type__app_label="cases", owner_type__model="case", owner_id=str(case.pk)
            ).order_by("uploaded_at"),
            "partners": Agency.objects.filter(
                Q(area=case.area.province or case.area) | Q(level=Level.NATIONAL)
            )
            .exclude(pk=case.owner_id)
            .order_by("level", "code"),
            "readers": User.objects.officers()
            .filter(Q(agency_id=case.owner_id) | Q(agency__shared_cases__case=case))
            .distinct()
            .order_by("username"),
            "my_notices": case.notices.filter(to_agency_id=request.user.agency_id, status=NoticeStatus.SENT),
            "routes": Route.choices,
            "measures": Measure.choices,
            "notice_answers": NoticeStatus.choices[1:],
            "subject_kinds": SubjectKind.choices,
            "prosecutors": Agency.objects.filter(
                Q(area=case.area.province or case.area) | Q(level=Level.NATIONAL),
                kind__in=[
                    AgencyKind.POLICE,
                    AgencyKind.PROCURACY,
                    AgencyKind.CUSTOMS,
                    AgencyKind.BORDER_GUARD,
                ],
            ).order_by("code"),
        },
    )


def _from_tip(user: Any, pk: str) -> dict[str, Any]:
    """What a case opened from a tip starts with: its place, goods group and summary (never who
    sent it), linked to the tip; only a tip the officer may see."""
    tip = (
        policy.visible(user, "view", Tip).select_related("area").filter(pk=int(pk)).first()
        if pk.isdigit()
        else None
    )
    if tip is None:
        return {}
    area = tip.area
    return {
        "detection": Detection.TIP,
        "tip_ref": tip.reference,
        "summary": tip.summary,
        "province": (area.province_id or area.pk) if area.kind != AreaKind.NATIONAL else None,
        "commune": area.code if area.kind == AreaKind.COMMUNE else "",
        "special": area.code
        if area.kind not in (AreaKind.COMMUNE, AreaKind.PROVINCE, AreaKind.NATIONAL)
        else "",
        "place": tip.place,
        "url": tip.url,
        "goods_group": tip.goods_group_id,
        "detected_on": timezone.localdate(),
    }


@login_required
def case_new(request: AuthedRequest) -> HttpResponse:
    policy.require(request.user, "create", Case)
    initial = _from_tip(request.user, request.GET.get("tip", "")) if request.method == "GET" else {}
    form = CaseForm(request.POST or None, user=request.user, initial=initial)
    goods = goods_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() & goods.is_valid():
        try:
            case = services.record_case(request.user, form.case_input(goods_lines(goods)))
        except ValidationError as exc:
            add_service_errors(form, exc, prefix="subject_")
        else:
            if case.lead_agency and case.lead_agency.pk != case.owner_id:
                messages.warning(
                    request,
                    _("Vụ việc thuộc lĩnh vực do %(lead)s chủ trì: đã gửi thông báo cho cơ quan này.")
                    % {"lead": case.lead_agency.name},
                )
            messages.success(request, _("Đã ghi nhận vụ việc %(ref)s.") % {"ref": case.reference})
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "goods": goods,
            "from_tip": initial.get("tip_ref"),
            **places_in(form["province"].value()),
        },
    )


def publication_of(case: Case) -> dict[int, Any]:
    """The newest notice of each of the case's sanctions, by sanction id."""
    latest: dict[int, Any] = {}
    for notice in Notice.objects.filter(sanction__case=case).order_by("proposed_at", "pk"):
        latest[notice.sanction_id] = notice
    return latest


@login_required
def case_amend(request: AuthedRequest, pk: int) -> HttpResponse:
    """Correct a saved case: every field and its goods lines, the values before kept in the
    timeline (`services.amend_case`)."""
    case = get_object_or_404(Case.objects.select_related("area", "province"), pk=pk)
    policy.require(request.user, "edit", case)
    form = AmendForm(request.POST or None, initial=AmendForm.initial_of(case))
    goods = goods_formset(request.POST or None, lines=list(case.goods.order_by("pk")))
    if request.method == "POST" and form.is_valid() & goods.is_valid():
        d = form.cleaned_data
        data = form.case_input(goods_lines(goods), detection=case.detection, tip=case.tip)
        try:
            services.amend_case(request.user, case, data, d.get("reason", ""))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã đính chính vụ việc %(ref)s.") % {"ref": case.reference})
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/form.html",
        {"form": form, "goods": goods, "case": case, **places_in(form["province"].value())},
    )


def _subject_fields(p: Any) -> dict[str, str]:
    names = ("kind", "name", "tax_code", "citizen_id", "address", "plate", "url", "legal_representative")
    return {n: p.get(n, "") for n in names}


def _sanction(c: Case, p: Any) -> Sanction:
    return get_object_or_404(Sanction, pk=p.get("sanction") or 0, case=c)


def _referral(c: Case, p: Any) -> Referral:
    return get_object_or_404(Referral, pk=p.get("referral") or 0, case=c)


def _agency(p: Any, name: str = "agency") -> Agency:
    return get_object_or_404(Agency, pk=p.get(name) or 0)


def _upload(u: Any, c: Case, r: Any) -> Any:
    upload = r.FILES.get("file")
    if upload is None:
        raise ValidationError(_("Chọn tệp để tải lên."))
    return services.attach_file(u, c, upload, upload.name or "tep")


# What the case page's forms do: each reads its form and calls one service.
ACTIONS: dict[str, Action] = {
    "subject": Action(lambda u, c, r: services.record_subject(u, c, _subject_fields(r.POST))),
    "file": Action(_upload),
    "violation_record": Action(
        lambda u, c, r: services.record_violation(
            u,
            c,
            record_no=r.POST.get("record_no", ""),
            record_date=require_date(r.POST.get("record_date", "")),
            route=r.POST.get("route", ""),
        )
    ),
    "decide": Action(
        lambda u, c, r: services.decide_sanction(
            u,
            _sanction(c, r.POST),
            decision_no=r.POST.get("decision_no", ""),
            decision_date=require_date(r.POST.get("decision_date", "")),
            fine=read(r.POST, "fine", parse_money, _("Tiền phạt")),
            measures=r.POST.getlist("measures"),
        )
    ),
    "pay": Action(
        lambda u, c, r: services.record_payment(
            u, _sanction(c, r.POST), read(r.POST, "amount", parse_money, _("Nộp phạt"))
        )
    ),
    "annul_decision": Action(
        lambda u, c, r: services.annul_decision(
            u, _sanction(c, r.POST), on=require_date(r.POST.get("on", "")), reason=r.POST.get("reason", "")
        ),
        gettext_lazy("Đã ghi hủy quyết định xử phạt."),
    ),
    "amend_decision": Action(
        lambda u, c, r: services.amend_decision(
            u,
            _sanction(c, r.POST),
            amending_no=r.POST.get("amending_no", ""),
            fine=read(r.POST, "fine", parse_money, _("Tiền phạt")),
            measures=r.POST.getlist("measures"),
            reason=r.POST.get("reason", ""),
        ),
        gettext_lazy("Đã ghi quyết định sửa đổi."),
    ),
    "refer": Action(
        lambda u, c, r: services.refer(
            u, c, _agency(r.POST, "to_agency"), require_date(r.POST.get("referred_on", ""))
        )
    ),
    "notice": Action(
        lambda u, c, r: services.answer_notice(
            u, get_object_or_404(LeadNotice, pk=r.POST.get("notice") or 0, case=c), r.POST.get("status", "")
        )
    ),
    "share": Action(
        lambda u, c, r: services.share(u, c, _agency(r.POST), can_edit=r.POST.get("can_edit") == "1")
    ),
    "transfer": Action(
        lambda u, c, r: services.transfer_ownership(u, c, _agency(r.POST), r.POST.get("reason", ""))
    ),
    "confidential": Action(
        lambda u, c, r: services.set_confidential(
            u,
            c,
            r.POST.get("reason", ""),
            list(User.objects.filter(pk__in=[int(i) for i in r.POST.getlist("readers") if i.isdigit()])),
        )
    ),
    "referral_decision": Action(
        lambda u, c, r: services.referral_decision(
            u,
            _referral(c, r.POST),
            decision=r.POST.get("decision", ""),
            decided_on=require_date(r.POST.get("decided_on", "")),
            criminal_case_no=r.POST.get("criminal_case_no", ""),
            defendants=read(r.POST, "defendants", parse_count, _("Số bị can"), empty=0),
        )
    ),
    "file_returned": Action(
        lambda u, c, r: services.file_returned(u, _referral(c, r.POST), require_date(r.POST.get("on", "")))
    ),
}


@login_required
@require_POST
def case_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    case = get_object_or_404(Case, pk=pk)
    policy.require(request.user, "view", case)
    perform(request, ACTIONS, action, case)
    return redirect("cases:detail", pk=case.pk)


@login_required
def figures_page(request: AuthedRequest) -> HttpResponse:
    """A committee's case figures for a period: every case counted, confidential ones included
    as numbers only (the standing office sees figures, not details)."""
    committee = visible_committee(request)
    if committee is None:
        return redirect("cases:figures")
    start, end = period_from(request, timezone.localdate())
    with replica():
        fig = figures.compute(committee.area, start, end)
    top = max([line.count for line in fig.by_kind] or [1]) or 1
    return render(
        request,
        "cases/figures.html",
        {
            "committee": committee,
            "fig": fig,
            "start": start,
            "end": end,
            "kind_bars": [(line, 100 * line.count / top) for line in fig.by_kind],
        },
    )
