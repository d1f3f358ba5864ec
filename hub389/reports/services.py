"""Every write on reports: opening a submission prefilled with computed figures, typing a
figure by hand (marked), submitting through the validation rules, returning, approving (which
locks), consolidating a committee's members, and numbering the issued document. The period's
lock day closes everything. Nothing is saved on a refusal."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389 import policy
from hub389.accounts.models import User
from hub389.audit import services as audit
from hub389.exchange import outbox
from hub389.exchange.models import EventKind
from hub389.lib.numbers import parse_count, parse_money
from hub389.notifications.services import notify_agency
from hub389.registry.models import Agency, SteeringCommittee
from hub389.reports import effects, indicators, validation
from hub389.reports.models import (
    NARRATIVE,
    DocumentNumber,
    ReportType,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from hub389.reports.regime import INDICATORS


def members(committee: SteeringCommittee) -> list[Agency]:
    """The agencies that report to `committee`: its members, the standing office included."""
    return list(Agency.objects.filter(membership__committee=committee, is_active=True).order_by("code"))


def parent_committee(committee: SteeringCommittee) -> SteeringCommittee | None:
    parent_area = committee.area.parent
    while parent_area is not None:
        found = SteeringCommittee.objects.filter(area=parent_area).first()
        if found is not None:
            return found
        parent_area = parent_area.parent
    return None


def period_locked(report_type: ReportType, period_code: str, today: datetime.date | None = None) -> bool:
    return (today or timezone.localdate()) > report_type.locks_on(report_type.period(period_code))


def _lock(submission: Submission) -> Submission:
    """The submission's row re-read and locked till the end of the transaction."""
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("committee__area", "agency", "report_type")
        .get(pk=submission.pk)
    )


def require_open(submission: Submission) -> None:
    if period_locked(submission.report_type, submission.period_code):
        locks = submission.report_type.locks_on(submission.period)
        label = submission.period.label
        raise ValidationError(
            f"Kỳ báo cáo {label} đã khóa số liệu từ {locks:%d/%m/%Y}: không sửa, không gửi được."
        )
    if submission.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED):
        raise ValidationError(
            f"Báo cáo đang ở trạng thái “{submission.get_status_display()}”: không sửa được."
        )


def _event(submission: Submission, actor: Any, kind: str, comment: str = "") -> None:
    SubmissionEvent.objects.create(submission=submission, actor=actor, kind=kind, comment=comment)
    audit.record(
        actor, f"report.{kind}", submission, object_repr=str(submission), changes={"comment": comment[:200]}
    )


def _url(submission: Submission) -> str:
    return reverse("reports:submission", args=[submission.pk])


def open_submission(
    actor: User, report_type: ReportType, period_code: str, committee: SteeringCommittee
) -> Submission:
    """The actor's agency's report for the period, created prefilled with its computed figures
    (or returned as it is). Refused for a locked period and for an agency that does not report
    to this committee."""
    period = report_type.period(period_code)
    agency = actor.agency
    if agency is None or agency not in members(committee):
        raise ValidationError(_("Cơ quan của bạn không phải thành viên gửi báo cáo cho Ban Chỉ đạo này."))
    policy.require(actor, "submit_report", agency)
    existing = Submission.objects.filter(
        report_type=report_type, period_code=period.code, committee=committee, agency=agency
    ).first()
    if existing is not None:
        return existing
    if period_locked(report_type, period.code):
        raise ValidationError(f"Kỳ báo cáo {period.label} đã khóa số liệu.")
    figures = indicators.compute(indicators.Scope(committee.area, agency), period)
    with transaction.atomic():
        submission = Submission.objects.create(
            report_type=report_type,
            period_code=period.code,
            committee=committee,
            agency=agency,
            figures=figures,
            computed=figures,
        )
        _event(submission, actor, "opened")
    return submission


MONEY_FIGURES = {code for code, _name, _section, unit in INDICATORS if unit == "đồng"}


def clean_figure(code: str, text: str) -> int:
    try:
        return parse_money(text) if code in MONEY_FIGURES else parse_count(text)
    except ValidationError as exc:
        raise ValidationError({code: exc.messages[0]}) from exc


def save(
    actor: User,
    submission: Submission,
    *,
    typed: dict[str, str],
    narrative: dict[str, str],
    warnings_comment: str = "",
) -> Submission:
    """Save a draft: figures typed by hand replace computed ones and are marked as typed; an
    empty box returns to the computed value."""
    with transaction.atomic():
        submission = _lock(submission)
        policy.require(actor, "submit_report", submission.agency)
        require_open(submission)
        figures = dict(submission.computed)
        marked = []
        errors: dict[str, str] = {}
        # A consolidated report is the sum of its members' reports: nothing is typed on it.
        for code in [] if submission.source_committee_id else indicators.CODES:
            text = str(typed.get(code, "")).strip()
            if not text:
                continue
            try:
                value = clean_figure(code, text)
            except ValidationError as exc:
                errors.update({k: v[0] for k, v in exc.message_dict.items()})
                continue
            if value != submission.computed.get(code):
                figures[code] = value
                marked.append(code)
        if errors:
            raise ValidationError(errors)
        submission.figures, submission.typed = figures, marked
        submission.narrative = {k: narrative.get(k, "").strip() for k, _ in NARRATIVE}
        submission.warnings_comment = warnings_comment.strip()
        if submission.status == SubmissionStatus.RETURNED:
            submission.status = SubmissionStatus.DRAFT
        submission.save()
        _event(submission, actor, "saved", f"{len(marked)} số liệu nhập tay" if marked else "")
    return submission


def refresh(actor: User, submission: Submission) -> Submission:
    """Recompute the figures from the records (typed ones stay as typed)."""
    with transaction.atomic():
        submission = _lock(submission)
        policy.require(actor, "submit_report", submission.agency)
        require_open(submission)
        computed = indicators.compute(
            indicators.Scope(submission.committee.area, submission.agency), submission.period
        )
        submission.computed = computed
        submission.figures = {**computed, **{c: submission.figures[c] for c in submission.typed}}
        submission.save(update_fields=["computed", "figures"])
        _event(submission, actor, "refreshed")
    return submission


def submit(actor: User, submission: Submission) -> list[validation.Finding]:
    """Send the report to the standing office. Errors of the validation rules block it;
    warnings pass only with a comment. Returns the warnings that were accepted."""
    with transaction.atomic():
        submission = _lock(submission)
        policy.require(actor, "submit_report", submission.agency)
        require_open(submission)
        findings = validation.check(submission.figures)
        errors = [str(f) for f in findings if f.is_error]
        if errors:
            raise ValidationError(errors)
        warnings = [f for f in findings if not f.is_error]
        if warnings and len(submission.warnings_comment) < 10:
            raise ValidationError(
                [str(w) for w in warnings] + ["Có cảnh báo: hãy giải trình (ít nhất 10 ký tự) trước khi gửi."]
            )
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_at, submission.submitted_by = timezone.now(), actor
        submission.save(update_fields=["status", "submitted_at", "submitted_by"])
        # Issued now: its number, once, in this transaction (a refusal later takes none, so
        # the year's register has no gaps; a report returned and sent again keeps its number).
        number_submission(submission)
        effects.reports_changed(submission.committee)
        _event(submission, actor, "submitted")
        office = submission.committee.standing_office
        if office is not None:
            notify_agency(office, f"Báo cáo mới: {submission}", "", _url(submission))
    return warnings


def save_and_submit(
    actor: User,
    submission: Submission,
    *,
    typed: dict[str, str],
    narrative: dict[str, str],
    warnings_comment: str = "",
) -> list[validation.Finding]:
    """What the report form sends with "Gửi": the draft as typed, then sent, all or nothing
    (a refusal of the validation rules keeps the previous draft as it was)."""
    with transaction.atomic():
        submission = save(
            actor, submission, typed=typed, narrative=narrative, warnings_comment=warnings_comment
        )
        return submit(actor, submission)


def review(actor: User, submission: Submission, *, approve: bool, comment: str = "") -> Submission:
    """The standing office approves (the report is then locked) or returns it with comments."""
    with transaction.atomic():
        submission = _lock(submission)
        policy.require(actor, "review_report", submission.committee)
        if submission.status != SubmissionStatus.SUBMITTED:
            raise ValidationError(_("Chỉ duyệt hoặc trả lại báo cáo đã gửi."))
        if not approve and len(comment.strip()) < 5:
            raise ValidationError({"comment": "Ghi rõ nội dung cần sửa khi trả lại báo cáo."})
        if approve:
            submission.status, submission.approved_at, submission.approved_by = (
                SubmissionStatus.APPROVED,
                timezone.now(),
                actor,
            )
        else:
            submission.status = SubmissionStatus.RETURNED
        submission.save(update_fields=["status", "approved_at", "approved_by"])
        effects.reports_changed(submission.committee)
        _event(submission, actor, "approved" if approve else "returned", comment.strip())
        if not approve:
            outbox.emit(
                submission.agency,
                EventKind.REPORT_RETURNED,
                submission,
                period=submission.period_code,
                type=submission.report_type.code,
            )
        notify_agency(
            submission.agency,
            f"Báo cáo {'đã được duyệt' if approve else 'bị trả lại'}: {submission}",
            comment.strip(),
            _url(submission),
        )
    return submission


def _zero() -> dict[str, int]:
    return dict.fromkeys(indicators.CODES, 0)


def consolidated_figures(
    report_type: ReportType, period_code: str, committee: SteeringCommittee
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """The committee's figures, row by row: each member agency (its sent report, else its live
    figures), each committee below (its consolidated report, else the live figures of the
    records placed in its area and owned by agencies that are not members here), and "others"
    (such records placed at this committee's own level). A committee below counts everything
    in its area, members of this committee included: that part is taken out of its row, so
    every record lands in exactly one row and the total counts it once. One grouped computation
    (`indicators.grouped(by="split")`), a second only when reports came from below, whatever
    the number of agencies and committees."""
    period = report_type.period(period_code)
    received = Submission.objects.filter(
        report_type=report_type, period_code=period.code, committee=committee
    ).exclude(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED])
    sent = {s.agency_id: s for s in received if s.source_committee_id is None}
    sent_below = {s.source_committee_id: s for s in received if s.source_committee_id is not None}
    agencies = members(committee)
    # One pass: members' records under minus their id, everything else by the unit below.
    split = indicators.grouped(committee.area, period, by="split", members=agencies)
    live = {-k: v for k, v in split.items() if k is not None and k < 0}
    by_place = {k: v for k, v in split.items() if k is None or k >= 0}
    # Records of every other agency, by the unit below where they happened (a province of the
    # nation, a commune of a province); None: at the committee's own level ("others").
    below = {
        c.area_id: c
        for c in SteeringCommittee.objects.filter(area__parent=committee.area).select_related("area")
    }
    # Needed only to take this committee's members out of the reports sent from below.
    members_below = (
        indicators.grouped(committee.area, period, by="place", agencies=agencies) if sent_below else {}
    )
    others = _zero()
    below_live: dict[int, dict[str, int]] = {}
    for place, figures in by_place.items():
        if place in below:
            below_live[below[place].pk] = figures
        else:
            for code in indicators.CODES:
                others[code] += figures[code]
    rows: list[dict[str, Any]] = []
    for agency in agencies:
        submission = sent.get(agency.pk)
        if submission is not None:
            rows.append(
                {
                    "agency": agency,
                    "figures": submission.figures,
                    "source": submission.get_status_display(),
                    "submission": submission,
                }
            )
        else:
            rows.append(
                {
                    "agency": agency,
                    "figures": live.get(agency.pk, _zero()),
                    "source": "Chưa gửi: số liệu tính từ hồ sơ",
                    "submission": None,
                }
            )
    for child in sorted(below.values(), key=lambda c: c.area.name):
        submission = sent_below.get(child.pk)
        if submission is not None:
            ours = members_below.get(child.area_id, _zero())
            figures = {c: int(submission.figures.get(c, 0)) - ours[c] for c in indicators.CODES}
        else:
            figures = below_live.get(child.pk, _zero())
        if submission is None and not any(figures.values()):
            continue  # a committee below with nothing to report adds an empty row, not a figure
        source = submission.get_status_display() if submission else "Chưa gửi: số liệu tính từ hồ sơ"
        rows.append({"agency": child, "figures": figures, "source": source, "submission": submission})
    if any(others.values()):
        rows.append(
            {"agency": None, "figures": others, "source": "Cơ quan khác trên địa bàn", "submission": None}
        )
    totals = _zero()
    for row in rows:
        for code in indicators.CODES:
            totals[code] += int(row["figures"].get(code, 0))
    return totals, rows


def consolidate(
    actor: User, report_type: ReportType, period_code: str, committee: SteeringCommittee
) -> Submission:
    """The committee's consolidated report, sent up to the committee above the same way."""
    policy.require(actor, "review_report", committee)
    above = parent_committee(committee)
    if above is None or committee.standing_office is None:
        raise ValidationError(_("Ban Chỉ đạo này không có cấp trên để gửi báo cáo tổng hợp."))
    if period_locked(report_type, period_code):
        raise ValidationError(_("Kỳ báo cáo đã khóa số liệu."))
    totals, _rows = consolidated_figures(report_type, period_code, committee)
    with transaction.atomic():
        submission, _created = Submission.objects.get_or_create(
            report_type=report_type,
            period_code=report_type.period(period_code).code,
            committee=above,
            agency=committee.standing_office,
            defaults={"source_committee": committee},
        )
        require_open(submission)
        submission.figures = submission.computed = totals
        submission.typed = []
        submission.save()
        _event(submission, actor, "consolidated")
    return submission


def next_number(issuer: str, year: int, kind: str = "BC") -> int:
    """The next document number of `issuer` in `year` (restarts each 1 January)."""
    with transaction.atomic():
        row, _created = DocumentNumber.objects.select_for_update().get_or_create(
            issuer=issuer, year=year, kind=kind
        )
        DocumentNumber.objects.filter(pk=row.pk).update(last=F("last") + 1)
        row.refresh_from_db()
    return row.last


def number_submission(submission: Submission) -> int:
    """Give a report its number once, when it is issued (sent), from its issuer's yearly
    sequence; drafts have none (their documents say "Dự thảo")."""
    if submission.number is None:
        issuer = (
            f"committee:{submission.source_committee.code}"
            if submission.source_committee
            else submission.agency.code
        )
        submission.number = next_number(issuer, timezone.localdate().year)
        submission.save(update_fields=["number"])
    return submission.number
