"""The register of obstacles and recommendations: the list by status (and its XLSX), the form,
the page with its forwardings, answers and history, and the standing office's actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.committee.exports import recommendations_xlsx
from hub389.committee.forms import cases_named
from hub389.committee.models import Handling, Level, Recommendation
from hub389.committee.services import recommendations as services
from hub389.lib.actions import Action, perform, refused
from hub389.lib.dates import parse_date


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    rows = policy.visible(user, "view", Recommendation)
    status = request.GET.get("status", "")
    shown = rows.filter(status=status) if status in Handling.values else rows
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            recommendations_xlsx(shown),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="kien-nghi-vuong-mac.xlsx"'
        return response
    counts = services.by_status(rows)
    top = max(counts.values(), default=0) or 1
    return render(
        request,
        "committee/recommendations.html",
        {
            "rows": shown.select_related("agency", "committee", "merged_into").order_by("-year", "-number")[
                :200
            ],
            "counts": [(s, label, counts[s], round(100 * counts[s] / top)) for s, label in Handling.choices],
            "status": status,
            "total": sum(counts.values()),
            "can_create": policy.can(user, "create", Recommendation),
        },
    )


@login_required
def new(request: AuthedRequest) -> HttpResponse:
    user = request.user
    policy.require(user, "create", Recommendation)
    posted = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        p = request.POST
        cases, missing = cases_named(p.get("cases", ""))
        if missing:
            messages.error(
                request,
                _("Không tìm thấy vụ việc: %(refs)s (số vụ việc dạng VV-2026-000123).")
                % {"refs": ", ".join(missing)},
            )
        else:
            try:
                rec = services.record(
                    user,
                    services.RecommendationInput(
                        title=p.get("title", ""),
                        obstacle=p.get("obstacle", ""),
                        legal_text=p.get("legal_text", ""),
                        article=p.get("article", ""),
                        effect=p.get("effect", ""),
                        proposal=p.get("proposal", ""),
                        level=p.get("level", ""),
                        addressed_to=p.get("addressed_to", ""),
                        cases=cases,
                    ),
                )
            except ValidationError as exc:
                refused(request, exc)
            else:
                messages.success(request, _("Đã ghi kiến nghị vào sổ; Cơ quan Thường trực đã được báo."))
                return redirect("committee:recommendation", pk=rec.pk)
    return render(request, "committee/recommendation_form.html", {"posted": posted, "levels": Level.choices})


ACTIONS: dict[str, Action] = {
    "forward": Action(
        lambda u, rec, r: services.forward(
            u,
            rec,
            body=r.POST.get("body", ""),
            level=r.POST.get("level", ""),
            document_no=r.POST.get("document_no", ""),
            sent_on=parse_date(r.POST.get("sent_on", "")),
        ),
        gettext_lazy("Đã chuyển kiến nghị."),
    ),
    "answer": Action(
        lambda u, rec, r: services.answer(
            u,
            rec,
            body=r.POST.get("body", ""),
            document_no=r.POST.get("document_no", ""),
            answered_on=parse_date(r.POST.get("answered_on", "")),
            text=r.POST.get("text", ""),
            status=r.POST.get("status", ""),
            reason=r.POST.get("reason", ""),
        ),
        gettext_lazy("Đã ghi trả lời."),
    ),
    "status": Action(
        lambda u, rec, r: services.set_status(u, rec, r.POST.get("status", ""), r.POST.get("reason", "")),
        gettext_lazy("Đã cập nhật tình trạng."),
    ),
    "merge": Action(
        lambda u, rec, r: services.merge(
            u,
            rec,
            get_object_or_404(policy.visible(u, "view", Recommendation), pk=r.POST.get("other") or 0),
        ),
        gettext_lazy("Đã gộp kiến nghị."),
    ),
}


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    rec = get_object_or_404(
        Recommendation.objects.select_related("agency", "committee__area", "raised_by", "merged_into"), pk=pk
    )
    user = request.user
    policy.require(user, "view", rec)
    if request.method == "POST":
        perform(request, ACTIONS, request.POST.get("action", ""), rec)
        return redirect("committee:recommendation", pk=rec.pk)
    can_manage = policy.can(user, "manage", rec)
    return render(
        request,
        "committee/recommendation.html",
        {
            "rec": rec,
            "cases": [(c, policy.can(user, "view", c)) for c in rec.cases.select_related("owner")],
            "forwardings": rec.forwardings.all(),
            "events": rec.events.select_related("actor"),
            "merged": rec.merged.select_related("agency"),
            "can_manage": can_manage and rec.merged_into_id is None,
            "others": Recommendation.objects.filter(committee=rec.committee, merged_into=None)
            .exclude(pk=rec.pk)
            .order_by("-year", "-number")[:100]
            if can_manage and rec.merged_into_id is None
            else [],
            "levels": Level.choices,
            "statuses": Handling.choices,
            "labels": dict(Handling.choices),
        },
    )
