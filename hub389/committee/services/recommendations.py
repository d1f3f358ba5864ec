"""The register of legal obstacles and recommendations: an agency records one, the standing
office merges similar ones, forwards each to the bodies that can act (once per body), and
records their answers; the status is one of the four the committee reviews (seed 002 §II.4),
and it goes back only with a reason."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from hub389 import policy
from hub389.accounts.models import Role, User
from hub389.audit import services as audit
from hub389.cases.models import Case
from hub389.committee.models import (
    HANDLING_RANK,
    Forwarding,
    Handling,
    Level,
    Recommendation,
    RecommendationEvent,
)
from hub389.committee.services.common import Errors, committee_for
from hub389.lib.locale import in_vietnamese
from hub389.lib.periods import Period
from hub389.lib.text import fold
from hub389.notifications.services import notify_agency, notify_users
from hub389.registry.models import Agency, SteeringCommittee
from hub389.reports.documents import Table


@dataclass
class RecommendationInput:
    title: str
    obstacle: str
    legal_text: str
    article: str
    effect: str
    proposal: str
    level: str
    addressed_to: str
    cases: list[Case] = field(default_factory=list)


def _url(rec: Recommendation) -> str:
    return f"/committee/recommendations/{rec.pk}/"


def _event(rec: Recommendation, actor: User, kind: str, **fields: object) -> RecommendationEvent:
    return RecommendationEvent.objects.create(recommendation=rec, actor=actor, kind=kind, **fields)


def _lock(rec: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("committee__area", "agency")
        .get(pk=rec.pk)
    )


def record(actor: User, data: RecommendationInput) -> Recommendation:
    """An agency records an obstacle and its recommendation in its committee's register; the
    standing office is told. Example cases must be ones the officer may open."""
    with transaction.atomic():
        policy.require(actor, "create", Recommendation)
        errors = Errors()
        for key, text in (
            ("title", "Hãy ghi tiêu đề vướng mắc."),
            ("obstacle", "Hãy mô tả vướng mắc."),
            ("legal_text", "Hãy ghi văn bản pháp luật liên quan (ví dụ Nghị định 98/2020/NĐ-CP)."),
            ("proposal", "Hãy ghi nội dung kiến nghị."),
        ):
            if not str(getattr(data, key)).strip():
                errors.add(key, text)
        if data.level not in Level.values:
            errors.add("level", "Chọn cấp nhận kiến nghị.")
        for case in data.cases:
            if not policy.can(actor, "view", case):
                errors.add("cases", f"Bạn không xem được vụ việc {case.reference}: không dẫn làm ví dụ được.")
        errors.raise_any()
        assert actor.agency is not None
        committee = committee_for(actor.agency.area)
        year = timezone.localdate().year
        last = (
            Recommendation.objects.select_for_update()
            .filter(committee=committee, year=year)
            .aggregate(n=Max("number"))["n"]
        )
        rec = Recommendation.objects.create(
            committee=committee,
            agency=actor.agency,
            number=(last or 0) + 1,
            year=year,
            raised_by=actor,
            title=data.title.strip()[:200],
            obstacle=data.obstacle.strip(),
            legal_text=data.legal_text.strip()[:200],
            article=data.article.strip()[:200],
            effect=data.effect.strip(),
            proposal=data.proposal.strip(),
            level=data.level,
            addressed_to=data.addressed_to.strip()[:200],
        )
        rec.cases.set(data.cases)
        _event(rec, actor, "recorded", status_to=rec.status)
        audit.record(actor, "recommendation.record", rec, object_repr=str(rec))
        notify_users(
            User.objects.officers().filter(agency=committee.standing_office_id, role=Role.STANDING_OFFICE),
            f"Kiến nghị mới {rec.reference}: {rec.title}",
            url=_url(rec),
        )
    return rec


def merge(actor: User, main: Recommendation, other: Recommendation) -> Recommendation:
    """Consolidate: `other` says the same as `main`; from now on it follows `main` (forwarded
    and answered with it) and is counted once, as `main`."""
    with transaction.atomic():
        main, other = _lock(main), _lock(other)
        policy.require(actor, "manage", main)
        policy.require(actor, "manage", other)
        errors = Errors()
        if main.pk == other.pk:
            errors.add("other", "Không gộp một kiến nghị vào chính nó.")
        elif main.committee_id != other.committee_id:
            errors.add("other", "Chỉ gộp các kiến nghị trong cùng sổ của một Ban Chỉ đạo.")
        elif other.merged_into_id is not None or main.merged_into_id is not None:
            errors.add("other", "Kiến nghị này đã được gộp vào một kiến nghị khác.")
        elif other.merged.exists():
            errors.add(
                "other",
                "Kiến nghị này đang là kiến nghị chung của các kiến nghị khác: hãy gộp theo chiều ngược lại.",
            )
        errors.raise_any()
        other.merged_into = main
        other.status, other.status_on = main.status, timezone.localdate()
        other.save(update_fields=["merged_into", "status", "status_on"])
        main.cases.add(*other.cases.all())  # its examples stay with the recommendation sent on
        _event(other, actor, "merged", text=main.reference)
        _event(
            main,
            actor,
            "merged",
            text=f"{other.reference} ({other.agency.short_name or other.agency.name})",
        )
        audit.record(
            actor, "recommendation.merge", other, object_repr=str(other), changes={"into": main.reference}
        )
    return main


def forward(
    actor: User,
    rec: Recommendation,
    *,
    body: str,
    level: str,
    document_no: str,
    sent_on: datetime.date | None,
) -> Forwarding:
    """Send it to a body that can act, by the committee's document; once per body."""
    with transaction.atomic():
        rec = _lock(rec)
        policy.require(actor, "manage", rec)
        errors = Errors()
        if rec.merged_into_id is not None:
            errors.add("body", f"Kiến nghị đã gộp vào {rec.merged_into.reference}: chuyển kiến nghị chung.")  # type: ignore[union-attr]
        if not body.strip():
            errors.add("body", "Hãy ghi cơ quan nhận kiến nghị.")
        elif rec.forwardings.filter(body_key=fold(body)).exists():
            errors.add("body", f"Kiến nghị đã được chuyển tới {body.strip()}: không chuyển lần nữa.")
        if level not in Level.values:
            errors.add("level", "Chọn cấp nhận kiến nghị.")
        if not document_no.strip():
            errors.add("document_no", "Hãy ghi số văn bản chuyển kiến nghị.")
        if sent_on is None:
            errors.add("sent_on", "Ngày gửi không hợp lệ (dd/mm/yyyy).")
        elif sent_on > timezone.localdate():
            errors.add("sent_on", "Ngày gửi không thể ở tương lai.")
        errors.raise_any()
        assert sent_on is not None
        row = Forwarding.objects.create(
            recommendation=rec,
            body=body.strip()[:200],
            body_key=fold(body)[:200],
            level=level,
            document_no=document_no.strip()[:60],
            sent_on=sent_on,
            forwarded_by=actor,
        )
        _event(rec, actor, "forwarded", body=row.body, document_no=row.document_no, on=sent_on)
        audit.record(
            actor,
            "recommendation.forward",
            rec,
            object_repr=str(rec),
            changes={"body": row.body, "document_no": row.document_no},
        )
        _tell_agencies(rec, f"Kiến nghị {rec.reference} đã được chuyển tới {row.body}")
    return row


def _tell_agencies(rec: Recommendation, title: str) -> None:
    """The agency that raised it and those whose recommendations were merged into it."""
    for agency_id in {rec.agency_id, *rec.merged.values_list("agency_id", flat=True)}:
        notify_agency(Agency.objects.get(pk=agency_id), title, url=_url(rec))


def _set(actor: User, rec: Recommendation, status: str, reason: str) -> tuple[str, str]:
    """Change the status of `rec` and of those merged into it; a step back needs a reason."""
    errors = Errors()
    if status not in Handling.values:
        errors.add("status", "Chọn tình trạng xử lý.")
        errors.raise_any()
    before = rec.status
    backwards = HANDLING_RANK[Handling(status)] < HANDLING_RANK[Handling(before)] or (
        before != status and HANDLING_RANK[Handling(before)] == 2
    )
    if backwards and not reason.strip():
        errors.add(
            "reason",
            f"Chuyển từ “{Handling(before).label}” về “{Handling(status).label}” cần ghi lý do.",
        )
    errors.raise_any()
    today = timezone.localdate()
    for row in [rec, *rec.merged.select_for_update()]:
        row.status, row.status_on = status, today
        row.save(update_fields=["status", "status_on"])
    return before, status


def answer(
    actor: User,
    rec: Recommendation,
    *,
    body: str,
    document_no: str,
    answered_on: datetime.date | None,
    text: str,
    status: str,
    reason: str = "",
) -> Recommendation:
    """Record a body's answer and the status it leaves the recommendation in."""
    with transaction.atomic():
        rec = _lock(rec)
        policy.require(actor, "manage", rec)
        errors = Errors()
        if rec.merged_into_id is not None:
            errors.add("body", "Kiến nghị đã gộp: ghi trả lời ở kiến nghị chung.")
        if not body.strip():
            errors.add("body", "Hãy ghi cơ quan trả lời.")
        if not text.strip():
            errors.add("text", "Hãy ghi nội dung trả lời.")
        if answered_on is None:
            errors.add("answered_on", "Ngày trả lời không hợp lệ (dd/mm/yyyy).")
        elif answered_on > timezone.localdate():
            errors.add("answered_on", "Ngày trả lời không thể ở tương lai.")
        else:
            first = rec.forwardings.order_by("sent_on").first()
            if first is not None and answered_on < first.sent_on:
                errors.add(
                    "answered_on",
                    f"Ngày trả lời trước ngày chuyển kiến nghị ({first.sent_on:%d/%m/%Y}): hãy kiểm tra lại.",
                )
        errors.raise_any()
        before, after = _set(actor, rec, status, reason)
        _event(
            rec,
            actor,
            "answered",
            status_from=before,
            status_to=after,
            body=body.strip()[:200],
            document_no=document_no.strip()[:60],
            on=answered_on,
            text=text.strip() + (f"\nLý do: {reason.strip()}" if reason.strip() else ""),
        )
        audit.record(
            actor,
            "recommendation.answer",
            rec,
            object_repr=str(rec),
            changes={"status": [before, after], "body": body.strip()},
        )
        _tell_agencies(rec, f"{body.strip()} đã trả lời kiến nghị {rec.reference}: {Handling(after).label}")
    return rec


def set_status(actor: User, rec: Recommendation, status: str, reason: str) -> Recommendation:
    with transaction.atomic():
        rec = _lock(rec)
        policy.require(actor, "manage", rec)
        if rec.merged_into_id is not None:
            raise PermissionDenied("Kiến nghị đã gộp: đổi tình trạng ở kiến nghị chung.")
        if status == rec.status:
            errors = Errors()
            errors.add("status", "Tình trạng không đổi.")
            errors.raise_any()
        before, after = _set(actor, rec, status, reason)
        _event(rec, actor, "status", status_from=before, status_to=after, text=reason.strip())
        audit.record(
            actor,
            "recommendation.status",
            rec,
            object_repr=str(rec),
            changes={"status": [before, after]},
            reason=reason.strip(),
        )
    return rec


def by_status(rows: QuerySet[Recommendation]) -> dict[str, int]:
    """Recommendations by status, a consolidated group counted once (as its main one)."""
    found = dict(
        rows.filter(merged_into=None).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {s: found.get(s, 0) for s in Handling.values}


def report_table(committee: SteeringCommittee, period: Period) -> Table | None:
    """The yearly and final reports' appendix: the committee's recommendations by status,
    those raised in the period and all of them to its end (a merged group once)."""
    rows = Recommendation.objects.filter(committee=committee, raised_on__lte=period.end)
    total = by_status(rows)
    if not any(total.values()):
        return None
    within = by_status(rows.filter(raised_on__gte=period.start))
    return Table(
        "Biểu 03. Khó khăn, vướng mắc và kiến nghị theo tình trạng xử lý",
        ["", *(in_vietnamese(label) for label in Handling.labels), "Tổng số"],
        [
            ["Kiến nghị trong kỳ", *within.values(), sum(within.values())],
            ["Lũy kế đến cuối kỳ", *total.values(), sum(total.values())],
        ],
    )
