"""Subject resolution pages (/subjects/…): the review queue of pairs the linkage model found
(uncertain pairs whose subjects are recorded by several agencies first), one pair with its
evidence in Vietnamese and both sides' records by source, and the officer's judgement."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, OuterRef, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.audit import services as audit
from hub389.lib.actions import Action, perform
from hub389.subjects import resolution
from hub389.subjects.linkage import model as linkage
from hub389.subjects.models import (
    Judgement,
    LinkFlag,
    Subject,
    SubjectKind,
    SubjectLink,
    SubjectRecord,
    Verdict,
)

QUEUE_SIZE = 50


def _masked(record: SubjectRecord) -> dict[str, Any]:
    """A record as the reviewer reads it: the CCCD and CMND masked to their last four digits,
    the birth date as a year (Law 91/2025: no more personal data than the judgement needs)."""
    year = record.date_of_birth.year if record.date_of_birth else record.birth_year
    return {
        "record": record,
        "citizen_id": f"…{record.citizen_id[-4:]}" if record.citizen_id else "",
        "old_id": f"…{record.old_id[-4:]}" if record.old_id else "",
        "birth_year": year or "",
    }


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    if not policy.can(request.user, "review", SubjectLink):
        raise PermissionDenied
    g = request.GET
    rows = policy.visible(request.user, "review", SubjectLink).filter(confirmed=False)
    chosen = {"flag": g.get("flag", ""), "kind": g.get("kind", ""), "agencies": g.get("agencies", "")}
    if chosen["flag"] in LinkFlag.values and chosen["flag"]:
        rows = rows.filter(flag=chosen["flag"])
    elif chosen["flag"] == "none":
        rows = rows.filter(flag="")
    if chosen["kind"] in SubjectKind.values:
        rows = rows.filter(a__kind=chosen["kind"])
    if chosen["agencies"].isdigit():
        rows = rows.filter(agencies__gte=int(chosen["agencies"]))
    # several agencies first; among them a bridge (one wrong link merges two people), then a
    # loosely linked cluster, then the rest, the least certain first; a pair judged "unsure"
    # waits after the pairs nobody has judged yet
    unsure = Judgement.objects.filter(current=True, verdict=Verdict.UNSURE, a=OuterRef("a"), b=OuterRef("b"))
    rank = Case(When(flag=LinkFlag.BRIDGE, then=0), When(flag=LinkFlag.WEAK, then=1), default=2)
    links = (
        rows.annotate(unsure=Exists(unsure))
        .select_related("a", "b")
        .order_by("unsure", "-agencies", rank, "score")[:QUEUE_SIZE]
    )
    model = resolution.current_model()
    return render(
        request,
        "subjects/queue.html",
        {
            "links": links,
            "waiting": rows.count(),
            "model": model,
            "threshold": model.threshold if model else linkage.THRESHOLD,
            "chosen": chosen,
            "flags": [(v, lbl) for v, lbl in LinkFlag.choices if v],
            "kinds": SubjectKind.choices,
        },
    )


def _judge(user: Any, link: SubjectLink, request: Any) -> Judgement:
    return resolution.judge(
        user, link.a, link.b, verdict=request.POST.get("verdict", ""), reason=request.POST.get("reason", "")
    )


def _revise(user: Any, link: SubjectLink, request: Any) -> Judgement:
    held = get_object_or_404(Judgement, pk=request.POST.get("judgement") or 0, a=link.a, b=link.b)
    return resolution.revise(
        user, held, verdict=request.POST.get("verdict", ""), reason=request.POST.get("reason", "")
    )


ACTIONS = {
    "judge": Action(_judge, gettext_lazy("Đã ghi đánh giá; các nhóm đối tượng được tính lại.")),
    "revise": Action(_revise, gettext_lazy("Đã sửa đánh giá; đánh giá cũ được giữ trong lịch sử.")),
}


@login_required
def pair(request: AuthedRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(SubjectLink.objects.select_related("a", "b", "model"), pk=pk)
    policy.require(request.user, "review", link)
    if request.method == "POST":
        outcome = perform(request, ACTIONS, request.POST.get("action", ""), link)
        if outcome.ok:
            return redirect("subjects:queue")
    sides = []
    for subject in (link.a, link.b):
        records = (
            SubjectRecord.objects.filter(subject=subject)
            .select_related("agency", "commune")
            .order_by("recorded_at")
        )
        sides.append({"subject": subject, "records": [_masked(r) for r in records]})
    if request.method == "GET":  # both sides' records (masked, still personal): audited as read
        audit.record(
            request.user,
            "subject.view_pair",
            link,
            object_repr=f"Cặp đối tượng #{link.a_id} ~ #{link.b_id}",
        )
    history = Judgement.objects.filter(a=link.a, b=link.b).select_related("judged_by").order_by("-judged_at")
    current = next((j for j in history if j.current), None)
    top = max((abs(e[2]) for e in link.evidence), default=1) or 1
    evidence = [
        {"comparison": _(e[0]), "level": _(e[1]), "weight": e[2], "width": round(abs(e[2]) / top * 100)}
        for e in link.evidence
    ]
    return render(
        request,
        "subjects/pair.html",
        {
            "link": link,
            "sides": sides,
            "evidence": evidence,
            "history": history,
            "current": current,
            "verdicts": Verdict.choices,
            "prior": round(linkage.prior_weight(link.model.settings), 1) if link.model else None,
        },
    )


def _likelihood(weight: float, threshold: float) -> str:
    if weight >= threshold:
        return _("Rất có thể là cùng đối tượng")
    if weight >= 0:
        return _("Có thể là cùng đối tượng")
    return _("Trùng một phần: nên xem")


@login_required
def matches(request: AuthedRequest) -> HttpResponse:
    """The "possible matches" fragment beside the subject fields of a form (htmx, as the
    officer types): from the whole registry, with the agencies holding records."""
    from hub389.subjects.matching import possible_matches

    g = request.GET
    typed = {
        "kind": g.get("subject_kind", "person"),
        "name": g.get("subject_name", ""),
        "tax_code": g.get("subject_tax_code", ""),
        "citizen_id": g.get("subject_citizen_id", ""),
        "address": g.get("subject_address", ""),
        "phone": g.get("subject_phone", ""),
    }
    found = possible_matches(typed)
    readable = set(
        policy.visible(request.user, "view", Subject)
        .filter(pk__in=[m.subject.pk for m in found])
        .values_list("pk", flat=True)
    )
    is_reviewer = policy.can(request.user, "review", SubjectLink)
    model = resolution.current_model()
    threshold = model.threshold if model else linkage.THRESHOLD
    rows = [
        {
            "match": m,
            "likelihood": _likelihood(m.weight, threshold),
            "open": is_reviewer or m.subject.pk in readable,
            "evidence": [_(e.level) for e in m.evidence if e.weight > 0],
            "agencies": sorted(m.agencies.items()),  # a Counter answers 0 to a template's ".items"
        }
        for m in found
    ]
    return render(request, "subjects/_matches.html", {"rows": rows})
