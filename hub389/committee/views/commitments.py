"""The commitments register (/committee/commitments/): the share of each category's target
signed, the signatories (filtered by category, or those with breaches in one click), the form
with its document, and a commitment's page with its breaches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.attachments.models import Attachment
from hub389.committee.forms import cases_named
from hub389.committee.models import Commitment, Signatory
from hub389.committee.services import commitments as services
from hub389.committee.services.common import committee_for
from hub389.lib.actions import refused
from hub389.lib.dates import parse_date
from hub389.lib.http import year_from
from hub389.lib.numbers import parse_count
from hub389.portal.models import Notice
from hub389.registry.models import SteeringCommittee


def _committee(request: AuthedRequest) -> SteeringCommittee | None:
    code = request.GET.get("committee", "")
    if code:
        found = SteeringCommittee.objects.select_related("area").filter(area__code=code).first()
        if found is not None and policy.can(request.user, "view_kpi", found):
            return found
    return committee_for(request.user.agency.area) if request.user.agency is not None else None


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    committee = _committee(request)
    year = year_from(request, timezone.localdate())
    if request.method == "POST" and committee is not None:
        p = request.POST
        try:
            services.set_target(
                user,
                committee,
                p.get("category", ""),
                year,
                parse_count(p.get("target", "")),
            )
        except ValidationError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
        return redirect(f"{request.path}?committee={committee.area.code}&year={year}")
    rows = policy.visible(user, "view", Commitment)
    shown = rows.filter(committee=committee) if committee else rows.none()
    category = request.GET.get("category", "")
    if category in Signatory.values:
        shown = shown.filter(category=category)
    breached = request.GET.get("breached") == "1"
    if breached:
        shown = shown.filter(breaches__isnull=False).distinct()
    return render(
        request,
        "committee/commitments.html",
        {
            "committee": committee,
            "year": year,
            "summary": services.summary(rows, committee, year) if committee else [],
            "provinces": services.by_province(rows, year)
            if committee is not None and committee.level == "national"
            else [],
            "rows": shown.select_related("agency").prefetch_related("breaches")[:300],
            "category": category,
            "breached": breached,
            "categories": Signatory.choices,
            "can_create": policy.can(user, "create", Commitment),
            "can_target": committee is not None and policy.can(user, "manage_plans", committee),
        },
    )


@login_required
def new(request: AuthedRequest) -> HttpResponse:
    user = request.user
    policy.require(user, "create", Commitment)
    posted = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        p = request.POST
        upload = request.FILES.get("document")
        try:
            row = services.record(
                user,
                services.CommitmentInput(
                    category=p.get("category", ""),
                    signatory=p.get("signatory", ""),
                    tax_code=p.get("tax_code", ""),
                    signed_on=parse_date(p.get("signed_on", "")),
                    scope=p.get("scope", ""),
                    valid_until=parse_date(p.get("valid_until", ""))
                    if p.get("valid_until", "").strip()
                    else None,
                ),
                upload,
                (upload.name or "") if upload else "",
            )
        except ValidationError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Đã ghi cam kết vào sổ."))
            return redirect("committee:commitment", pk=row.pk)
    return render(
        request, "committee/commitment_form.html", {"posted": posted, "categories": Signatory.choices}
    )


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Commitment.objects.select_related("agency", "committee", "subject"), pk=pk)
    user = request.user
    policy.require(user, "view", row)
    if request.method == "POST":
        p = request.POST
        found, missing = cases_named(p.get("case", ""))
        notice = Notice.objects.filter(pk=p["notice"]).first() if p.get("notice", "").isdigit() else None
        if missing:
            messages.error(
                request,
                _("Không tìm thấy vụ việc: %(refs)s (số vụ việc dạng VV-2026-000123).")
                % {"refs": ", ".join(missing)},
            )
        else:
            try:
                services.add_breach(
                    user, row, case=found[0] if found else None, notice=notice, note=p.get("note", "")
                )
            except ValidationError as exc:
                refused(request, exc)
            else:
                messages.success(request, _("Đã ghi vi phạm cam kết."))
        return redirect("committee:commitment", pk=row.pk)
    breaches = row.breaches.select_related("case", "notice", "recorded_by")
    return render(
        request,
        "committee/commitment.html",
        {
            "row": row,
            "breaches": [(b, b.case is not None and policy.can(user, "view", b.case)) for b in breaches],
            "documents": Attachment.objects.filter(
                owner_type__app_label="committee", owner_type__model="commitment", owner_id=str(row.pk)
            ),
            "notices": Notice.objects.live().order_by("-decision_date")[:50],
        },
    )
