"""Case pages: the list with filters, search and XLSX export, and the case page with its
timeline. Confidential cases appear only to their named readers."""

import io
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.accounts.models import User
from hub389.attachments.models import Attachment
from hub389.cases import figures, inspections, services
from hub389.cases.access import sees_whole_area
from hub389.cases.deadlines import Route
from hub389.cases.forms import CaseForm
from hub389.cases.models import (
    Case,
    CaseChannel,
    CaseStatus,
    CaseViolation,
    Inspection,
    InspectionStatus,
    LeadNotice,
    Measure,
    NoticeStatus,
    Referral,
    ReferralDecision,
    Sanction,
    ViolationKind,
    placed_in,
)
from hub389.dbrouter import replica
from hub389.lib.dates import parse_date, require_date
from hub389.lib.http import period_from
from hub389.lib.paging import keyset_page, parse_key_date
from hub389.lib.text import fold
from hub389.registry.http import visible_committee
from hub389.registry.models import (
    Agency,
    AgencyKind,
    Area,
    AreaKind,
    GoodsGroup,
    Level,
)
from hub389.subjects import services as subjects
from hub389.subjects.models import SubjectKind
from hub389.tips.public import add_service_errors, places_in
from hub389.warehouse import services as store
from hub389.warehouse.models import Bin, DisposalMethod, Lot, LotKind

PAGE_SIZE = 50


SEARCH_MIN = 3  # letters: a trigram index needs three in a row


def _matching(query: str, since: date | None = None) -> Q:
    """The cases a search finds: the words as typed, in that order ("sua bot", "nguyen van an",
    "dong xuan"), diacritics and case ignored, in the summary, the place or a subject's name,
    all folded into `Case.search_text` so one trigram index answers. The phrase, not each word
    apart: "my" or "la" alone have no trigram, and a pattern without one reads every case
    (7 s under load over a million). `since`: detected from then."""
    found = Q(search_text__contains=" ".join(fold(query).split()))
    return found & Q(detected_on__gte=since) if since else found


FILTERS = (
    "q",
    "kind",
    "principal",
    "goods",
    "channel",
    "status",
    "province",
    "area",
    "agency",
    "from",
    "to",
    "by",
)


def _filtered(request: AuthedRequest, since: date | None = None) -> tuple[QuerySet[Case], dict[str, str]]:
    """The visible cases the request's filters select; `since` narrows a search to the cases
    detected from that day (see `case_list`)."""
    qs = getattr(request, "_visible_cases", None)
    if qs is None:  # once a request: a search's wider passes reuse it
        qs = request._visible_cases = policy.visible(request.user, "view", Case)  # type: ignore[attr-defined]
    f = {k: request.GET.get(k, "").strip() for k in FILTERS}
    if len(fold(f["q"]).strip()) < SEARCH_MIN:
        f["q"] = ""  # the page says why (`short_query`)
    if f["q"]:
        qs = qs.filter(_matching(f["q"], since))
    if f["kind"] in ViolationKind.values:
        qs = qs.filter(Exists(CaseViolation.objects.filter(case=OuterRef("pk"), kind=f["kind"])))
    principal = [k for k in f["principal"].split(",") if k in ViolationKind.values]
    if principal:  # the report's count: each case once, by its principal kind
        qs = qs.filter(principal__in=principal)
    if f["goods"]:
        qs = qs.filter(goods_group__code=f["goods"])
    if f["agency"]:
        qs = qs.filter(owner__code=f["agency"])
    if f["area"]:
        area = Area.objects.filter(code=f["area"]).first()
        qs = qs.filter(placed_in(area)) if area else qs.none()
    if f["channel"] in CaseChannel.values:
        qs = qs.filter(channel=f["channel"])
    if f["status"] in CaseStatus.values:
        qs = qs.filter(status=f["status"])
    if f["province"]:
        # The id, not a join on the code: the planner then knows how many cases the province
        # has and walks its (province, date) index newest first, stopping at the page's end.
        province = Area.objects.filter(code=f["province"], kind=AreaKind.PROVINCE).first()
        qs = qs.filter(province=province) if province else qs.none()
    start, end = parse_date(f["from"]), parse_date(f["to"])
    step = STEPS.get(f["by"])
    if step is not None and (start or end):  # dates of a step (the reports' links), not of detection
        model, field, extra = step
        dated = {f"{field}__gte": start or date.min, f"{field}__lte": end or date.max}
        return qs.filter(Exists(model.objects.filter(case=OuterRef("pk"), **dated, **extra))), f
    if start:
        qs = qs.filter(detected_on__gte=start)
    if end:
        qs = qs.filter(detected_on__lte=end)
    return qs, f


# `?by=`: the from/to dates apply to this step of the case instead of its detection.
STEPS: dict[str, tuple[Any, str, dict[str, str]]] = {
    "sanction": (Sanction, "decision_date", {}),
    "referral": (Referral, "referred_on", {}),
    "prosecution": (Referral, "decided_on", {"decision": ReferralDecision.PROSECUTED}),
}


SEARCH_WINDOWS = (92, 731)  # days before the page's first date searched first, then everything
SEARCH_CAP = 50_000  # matches read at most when searching everything


def _listed(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("owner", "area", "goods_group").prefetch_related("violations", "goods")


@login_required
def case_list(request: AuthedRequest) -> HttpResponse:
    qs, f = _filtered(request)
    qs = _listed(qs)
    if request.GET.get("format") == "xlsx":
        return _xlsx(qs)
    after, number = request.GET.get("after", ""), request.GET.get("page", "1")
    page = None
    # The windows pay off for those who see a whole area (or everything); an agency's own cases
    # are few enough to filter directly (4-30 ms where the windows took 80-250 ms).
    broad = bool(f["q"]) and sees_whole_area(request.user)
    if broad:
        # A common word matches tens of thousands of cases, and sorting them all by date is what
        # costs. Look in the last months before the key first: when they already fill the page,
        # those are exactly its rows (newest first); otherwise widen, up to everything.
        anchor = parse_key_date(after) or timezone.localdate()
        for days in SEARCH_WINDOWS:
            narrow, _ = _filtered(request, since=anchor - timedelta(days=days))
            page = keyset_page(_listed(narrow), "detected_on", after, PAGE_SIZE, number)
            if page.has_next:
                break
            page = None
    if page is None and broad:
        # Everything: the matches' ids first, from the trigram index (the LIMIT keeps PostgreSQL
        # from walking all cases by date looking for an officer's few visible matches: 2.3 s).
        matches = Case.objects.filter(_matching(f["q"])).values("pk")[:SEARCH_CAP]
        page = keyset_page(qs.filter(pk__in=matches), "detected_on", after, PAGE_SIZE, number)
    if page is None:
        page = keyset_page(qs, "detected_on", after, PAGE_SIZE, number)
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
            "lots": case.lots.select_related("bin__warehouse", "held_by", "disposal"),
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
            "readers": User.objects.filter(
                Q(agency_id=case.owner_id) | Q(agency__shared_cases__case=case), is_active=True
            )
            .distinct()
            .order_by("username"),
            "my_notices": case.notices.filter(to_agency_id=request.user.agency_id, status=NoticeStatus.SENT),
            "routes": Route.choices,
            "measures": Measure.choices,
            "notice_answers": NoticeStatus.choices[1:],
            "subject_kinds": SubjectKind.choices,
            "lot_kinds": LotKind.choices,
            "methods": DisposalMethod.choices,
            "bins": Bin.objects.filter(warehouse__agency_id=case.owner_id).select_related("warehouse"),
            "prosecutors": Agency.objects.filter(
                Q(area=case.area.province or case.area) | Q(level=Level.NATIONAL),
                kind__in=[
                    AgencyKind.POLICE,
                    AgencyKind.PROCURACY,
                    AgencyKind.CUSTOMS,
                    AgencyKind.BORDER_GUARD,
                ],
            ).order_by("code"),
            "finance": Agency.objects.filter(
                kind=AgencyKind.FINANCE, area=case.area.province or case.area
            ).first(),
        },
    )


@login_required
def case_new(request: AuthedRequest) -> HttpResponse:
    policy.require(request.user, "create", Case)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                case = services.record_case(request.user, form.case_input())
                d = form.cleaned_data
                if d.get("subject_kind"):
                    subject, _ = subjects.find_or_create(
                        request.user,
                        kind=d["subject_kind"],
                        name=d.get("subject_name", ""),
                        tax_code=d.get("subject_tax_code", ""),
                        citizen_id=d.get("subject_citizen_id", ""),
                        address=d.get("subject_address", ""),
                    )
                    services.add_subject(request.user, case, subject)
        except ValidationError as exc:
            add_service_errors(form, exc, prefix="subject_")
        else:
            if case.lead_agency and case.lead_agency.pk != case.owner_id:
                messages.warning(
                    request,
                    f"Vụ việc thuộc lĩnh vực do {case.lead_agency.name} chủ trì: "
                    "đã gửi thông báo cho cơ quan này.",
                )
            messages.success(request, f"Đã ghi nhận vụ việc {case.reference}.")
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/form.html",
        {"form": form, **places_in(form["province"].value())},
    )


def _int(value: str) -> int:
    digits = value.replace(".", "").replace(",", "").replace(" ", "")
    if not digits.lstrip("-").isdigit():
        raise ValidationError("Số tiền không hợp lệ.")
    return int(digits)


def _decimal(value: str) -> Decimal:
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError("Số lượng không hợp lệ.") from exc


def _subject(u: Any, c: Case, p: Any) -> Any:
    subject, _ = subjects.find_or_create(
        u,
        kind=p.get("kind", ""),
        name=p.get("name", ""),
        tax_code=p.get("tax_code", ""),
        citizen_id=p.get("citizen_id", ""),
        address=p.get("address", ""),
        plate=p.get("plate", ""),
        url=p.get("url", ""),
        legal_representative=p.get("legal_representative", ""),
    )
    return services.add_subject(u, c, subject)


def _lot(c: Case, p: Any) -> Lot:
    return get_object_or_404(Lot, pk=p.get("lot") or 0, case=c)


ACTIONS: dict[str, Callable[[Any, Case, Any], Any]] = {
    "subject": _subject,
    "violation_record": lambda u, c, p: services.record_violation(
        u,
        c,
        record_no=p.get("record_no", ""),
        record_date=require_date(p.get("record_date", "")),
        route=p.get("route", ""),
    ),
    "decide": lambda u, c, p: services.decide_sanction(
        u,
        get_object_or_404(Sanction, pk=p.get("sanction") or 0, case=c),
        decision_no=p.get("decision_no", ""),
        decision_date=require_date(p.get("decision_date", "")),
        fine=_int(p.get("fine", "0")),
        measures=p.getlist("measures"),
    ),
    "pay": lambda u, c, p: services.record_payment(
        u, get_object_or_404(Sanction, pk=p.get("sanction") or 0, case=c), _int(p.get("amount", "0"))
    ),
    "refer": lambda u, c, p: services.refer(
        u, c, get_object_or_404(Agency, pk=p.get("to_agency") or 0), require_date(p.get("referred_on", ""))
    ),
    "notice": lambda u, c, p: services.answer_notice(
        u, get_object_or_404(LeadNotice, pk=p.get("notice") or 0, case=c), p.get("status", "")
    ),
    "intake": lambda u, c, p: store.intake(
        u,
        c,
        kind=p.get("kind", ""),
        description=p.get("description", ""),
        quantity=_decimal(p.get("quantity", "0")),
        unit=p.get("unit", ""),
        bin=get_object_or_404(Bin, pk=p.get("bin") or 0),
        seized_on=require_date(p.get("seized_on", "")),
        value_vnd=_int(p.get("value", "0") or "0"),
    ),
    "approve": lambda u, c, p: store.approve_disposal(
        u,
        get_object_or_404(Lot, pk=p.get("lot") or 0, case=c),
        method=p.get("method", ""),
        finance=get_object_or_404(Agency, pk=p.get("finance") or 0),
        approval_ref=p.get("approval_ref", ""),
        approved_on=require_date(p.get("approved_on", "")),
    ),
    "share": lambda u, c, p: services.share(
        u, c, get_object_or_404(Agency, pk=p.get("agency") or 0), can_edit=p.get("can_edit") == "1"
    ),
    "transfer": lambda u, c, p: services.transfer_ownership(
        u, c, get_object_or_404(Agency, pk=p.get("agency") or 0), p.get("reason", "")
    ),
    "confidential": lambda u, c, p: services.set_confidential(
        u,
        c,
        p.get("reason", ""),
        list(User.objects.filter(pk__in=[int(i) for i in p.getlist("readers") if i.isdigit()])),
    ),
    "referral_decision": lambda u, c, p: services.referral_decision(
        u,
        get_object_or_404(Referral, pk=p.get("referral") or 0, case=c),
        decision=p.get("decision", ""),
        decided_on=require_date(p.get("decided_on", "")),
        criminal_case_no=p.get("criminal_case_no", ""),
        defendants=_int(p.get("defendants", "0") or "0"),
    ),
    "file_returned": lambda u, c, p: services.file_returned(
        u, get_object_or_404(Referral, pk=p.get("referral") or 0, case=c), require_date(p.get("on", ""))
    ),
    "move": lambda u, c, p: store.move(
        u, _lot(c, p), get_object_or_404(Bin, pk=p.get("bin") or 0), p.get("reason", "")
    ),
    "sample": lambda u, c, p: store.take_sample(
        u, _lot(c, p), _decimal(p.get("quantity", "0")), p.get("reason", "")
    ),
    "handover": lambda u, c, p: store.hand_over(
        u, _lot(c, p), get_object_or_404(Agency, pk=p.get("agency") or 0), p.get("reason", "")
    ),
    "take_back": lambda u, c, p: store.take_back(
        u, _lot(c, p), get_object_or_404(Bin, pk=p.get("bin") or 0), p.get("reason", "")
    ),
    "extend": lambda u, c, p: store.extend_seizure(
        u, _lot(c, p), require_date(p.get("until", "")), p.get("reason", "")
    ),
    "dispose": lambda u, c, p: store.dispose(
        u,
        get_object_or_404(Lot, pk=p.get("lot") or 0, case=c),
        done_on=require_date(p.get("done_on", "")),
        proceeds_vnd=_int(p.get("proceeds", "0") or "0"),
    ),
}


@login_required
@require_POST
def case_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    case = get_object_or_404(Case, pk=pk)
    policy.require(request.user, "view", case)
    handler = ACTIONS.get(action)
    upload = request.FILES.get("file")
    if action == "file" and upload is not None:
        handler = lambda u, c, p: services.attach_file(u, c, upload, upload.name or "tep")  # noqa: E731
    if handler is None:
        raise PermissionDenied("Thao tác không hợp lệ.")
    try:
        with transaction.atomic():
            handler(request.user, case, request.POST)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã lưu.")
    return redirect("cases:detail", pk=case.pk)


def _plan_inspection(request: AuthedRequest, province: Area) -> tuple[Inspection | None, list[str]]:
    user, p = request.user, request.POST
    with transaction.atomic():
        subject, _ = subjects.find_or_create(
            user, kind=p.get("kind", ""), name=p.get("name", ""), tax_code=p.get("tax_code", "")
        )
        inspection, overlaps = inspections.plan(
            user,
            subject=subject,
            area=Area.objects.filter(code=p.get("area", "")).first() or province,
            planned_on=require_date(p.get("planned_on", "")),
            purpose=p.get("purpose", ""),
            members=list(Agency.objects.filter(pk__in=_ids(p.getlist("members")))),
            team=list(User.objects.filter(pk__in=_ids(p.getlist("team")))),
            confirm_overlap=p.get("confirm") == "1",
        )
        if inspection is None:
            transaction.set_rollback(True)  # a new subject is not kept for an unsaved plan
    return inspection, overlaps


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
        raise PermissionDenied("Tài khoản chưa gắn với cơ quan.")
    province = agency.area.province or agency.area
    overlaps: list[str] = []
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "result":
                _inspection_result(request)
                messages.success(request, "Đã ghi kết quả kiểm tra.")
                return redirect("cases:inspections")
            inspection, overlaps = _plan_inspection(request, province)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if inspection is not None:
                messages.success(request, "Đã lập kế hoạch kiểm tra.")
                return redirect("cases:inspections")
    today = timezone.localdate()
    mine = (
        Inspection.objects.filter(Q(lead_agency=agency) | Q(members=agency))
        .select_related("subject", "lead_agency", "area", "case")
        .prefetch_related("members", "team")
        .distinct()
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
            "officers": User.objects.filter(Q(agency=agency) | Q(agency__in=partners), is_active=True)
            .select_related("agency")
            .order_by("agency__code", "username"),
            "subject_kinds": [(k, v) for k, v in SubjectKind.choices if k in ("organisation", "household")],
            "agency": agency,
        },
    )


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
