"""Report pages: the period's completeness and the consolidated figures for the standing
office, an agency's report (figures computed, typed ones marked, validation, narrative,
approval), the documents as a background job, and the leaders' dashboard."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.dbrouter import replica
from hub389.jobs.services import start_job
from hub389.lib import periods
from hub389.lib.actions import Action, perform
from hub389.lib.vnformat import group_thousands
from hub389.registry.http import committee_from, visible_committee
from hub389.registry.models import SteeringCommittee
from hub389.reports import assemble, completeness, dashboard, indicators, services, validation
from hub389.reports.models import NARRATIVE, Indicator, ReportType, Submission, SubmissionStatus, report_title


def _choice(request: AuthedRequest) -> tuple[ReportType, periods.Period, SteeringCommittee]:
    params = request.POST if request.method == "POST" else request.GET
    report_type = ReportType.objects.filter(code=params.get("type", "monthly"), active=True).first()
    if report_type is None:
        raise ValidationError(_("Không có loại báo cáo này."))
    code = params.get("period", "")
    if code:
        period = report_type.period(code)
    elif report_type.period_kind == periods.Kind.RANGE:
        raise ValidationError(_("Báo cáo theo đợt cần kỳ dạng yyyy-mm-dd..yyyy-mm-dd."))
    else:  # the last period that has ended
        period = periods.containing(report_type.period_kind, timezone.localdate()).previous()
    return report_type, period, committee_from(request)


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    try:
        report_type, period, committee = _choice(request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:index")
    policy.require(request.user, "view_kpi", committee)
    can_review = policy.can(request.user, "review_report", committee)
    with replica():
        status = completeness.status(report_type, period.code, committee)
        history = completeness.history(report_type, committee) if report_type.period_kind != "range" else []
        totals, _members = (
            services.consolidated_figures(report_type, period.code, committee) if can_review else ({}, [])
        )
    mine = next((r for r in status.rows if r.agency.pk == request.user.agency_id), None)
    return render(
        request,
        "reports/index.html",
        {
            "types": ReportType.objects.filter(active=True),
            "report_type": report_type,
            "period": period,
            "committee": committee,
            "status": status,
            "history": history,
            "mine": mine,
            "can_review": can_review,
            "totals": [(i, totals.get(i.code, 0)) for i in Indicator.objects.all()] if can_review else [],
            "locks_on": report_type.locks_on(period),
            "upward_due": report_type.upward_due_on(period),
            "due_text": report_type.due_text(period),
            "title": report_title(report_type, period),
            "upward_due_text": report_type.upward_due_text(period),
            "consolidated": policy.visible(request.user, "view", Submission)
            .filter(report_type=report_type, period_code=period.code, source_committee=committee)
            .first(),
            "query": f"type={report_type.code}&period={period.code}&committee={committee.code}",
        },
    )


@login_required
@require_POST
def open_report(request: AuthedRequest) -> HttpResponse:
    try:
        report_type, period, committee = _choice(request)
        submission = services.open_submission(request.user, report_type, period.code, committee)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:index")
    return redirect("reports:submission", pk=submission.pk)


@login_required
def submission_page(request: AuthedRequest, pk: int, posted: Any = None) -> HttpResponse:
    """A report; after a refused save or send, `posted` is what the officer typed, shown again
    with the messages so nothing typed is lost."""
    submission = get_object_or_404(
        Submission.objects.select_related("report_type", "committee__area", "agency", "source_committee"),
        pk=pk,
    )
    policy.require(request.user, "view", submission)
    period = submission.period
    scope = indicators.Scope(submission.committee.area, submission.agency)
    before = (
        services.consolidated_figures(
            submission.report_type, period.last_year().code, submission.source_committee
        )[0]
        if submission.source_committee
        else indicators.compute(scope, period.last_year())
    )
    rows = assemble.compare(submission.figures, before)
    # A report sent keeps what it said; when the records have changed since (a correction),
    # the page says so figure by figure, so a reader knows which figure is the report's.
    live: dict[str, int] = {}
    if (
        submission.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)
        and not submission.source_committee
    ):
        live = indicators.compute(scope, period)
    names = {i.code: i for i in Indicator.objects.all()}
    findings = validation.check(submission.figures)
    can_edit = policy.can(request.user, "submit_report", submission.agency) and submission.status in (
        SubmissionStatus.DRAFT,
        SubmissionStatus.RETURNED,
    )
    return render(
        request,
        "reports/submission.html",
        {
            "submission": submission,
            "period": period,
            "rows": [
                {
                    "c": r,
                    "indicator": names.get(r.code),
                    "computed": submission.computed.get(r.code, 0),
                    "typed": r.code in submission.typed,
                    "value": posted.get(f"fig_{r.code}", "")
                    if posted is not None
                    else (group_thousands(r.now) if r.code in submission.typed else ""),
                    "link": indicators.link(r.code, scope, period),
                    "now_in_records": live[r.code]
                    if live and r.code not in submission.typed and live.get(r.code) != r.now
                    else None,
                }
                for r in rows
            ],
            "narrative": [
                (
                    code,
                    label,
                    posted.get(code, "") if posted is not None else submission.narrative.get(code, ""),
                )
                for code, label in NARRATIVE
            ],
            "warnings_comment": posted.get("warnings_comment", "")
            if posted is not None
            else submission.warnings_comment,
            "findings": findings,
            "can_edit": can_edit,
            "can_review": policy.can(request.user, "review_report", submission.committee)
            and submission.status == SubmissionStatus.SUBMITTED,
            "events": submission.events.select_related("actor"),
            "due": submission.report_type.due_on(period),
            "due_text": submission.report_type.due_text(period),
            "locks_on": submission.report_type.locks_on(period),
        },
    )


def _typed(p: Any) -> dict[str, Any]:
    """The report form: figures typed by hand, the narrative sections, the explanation."""
    return {
        "typed": {c: p.get(f"fig_{c}", "") for c in indicators.CODES},
        "narrative": {code: p.get(code, "") for code, _ in NARRATIVE},
        "warnings_comment": p.get("warnings_comment", ""),
    }


def _documents(u: Any, submission: Submission, r: Any) -> Any:
    policy.require(u, "view", submission)
    return start_job(u, "report_documents", {"submission": submission.pk})


# What the report page's forms do: each reads its form and calls one service ("submit" saves
# what was typed and sends it, in one transaction).
ACTIONS: dict[str, Action] = {
    "save": Action(lambda u, s, r: services.save(u, s, **_typed(r.POST)), "Đã lưu bản nháp."),
    "submit": Action(
        lambda u, s, r: services.save_and_submit(u, s, **_typed(r.POST)),
        _("Đã gửi báo cáo cho Cơ quan Thường trực."),
    ),
    "refresh": Action(lambda u, s, r: services.refresh(u, s), _("Đã tính lại số liệu từ hồ sơ.")),
    "approve": Action(lambda u, s, r: services.review(u, s, approve=True), _("Đã duyệt báo cáo.")),
    "return": Action(
        lambda u, s, r: services.review(u, s, approve=False, comment=r.POST.get("comment", "")),
        _("Đã trả lại báo cáo."),
    ),
    "documents": Action(_documents, _("Đã bắt đầu tạo văn bản: trang tác vụ cho tải tệp khi xong.")),
}


@login_required
@require_POST
def submission_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    submission = get_object_or_404(
        Submission.objects.select_related("report_type", "committee", "agency"), pk=pk
    )
    outcome = perform(request, ACTIONS, action, submission)
    if outcome.ok and action == "documents":
        return redirect("jobs:detail", pk=outcome.result.pk)
    if not outcome.ok and action in ("save", "submit"):
        return submission_page(request, submission.pk, posted=request.POST)  # keep what was typed
    return redirect("reports:submission", pk=submission.pk)


@login_required
@require_POST
def committee_act(request: AuthedRequest, action: str) -> HttpResponse:
    """The standing office's consolidated report: send it up, or make its documents."""
    try:
        report_type, period, committee = _choice(request)
        if action == "consolidate":
            submission = services.consolidate(request.user, report_type, period.code, committee)
            messages.success(request, _("Đã lập báo cáo tổng hợp."))
            return redirect("reports:submission", pk=submission.pk)
        if action == "documents":
            policy.require(request.user, "view_kpi", committee)
            job = start_job(
                request.user,
                "report_documents",
                {"type": report_type.code, "period": period.code, "committee": committee.code},
            )
            return redirect("jobs:detail", pk=job.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:index")


@login_required
def dashboard_page(request: AuthedRequest) -> HttpResponse:
    committee = visible_committee(request)
    if committee is None:
        return redirect("reports:dashboard")
    with replica():
        data = dashboard.cached_context(
            committee, timezone.localdate(), request.GET.get("period", "").strip()
        )
    return render(request, "reports/dashboard.html", data)
