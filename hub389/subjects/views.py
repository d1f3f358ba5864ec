"""Subject resolution pages (/subjects/…): the review queue of pairs the linkage model found
(uncertain pairs whose subjects are recorded by several agencies first), one pair with its
evidence in Vietnamese and both sides' records by source, and the officer's judgement."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, OuterRef, Q, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.audit import services as audit
from hub389.lib.actions import Action, perform
from hub389.subjects import resolution
from hub389.subjects.access import profile_subjects
from hub389.subjects.linkage import model as linkage
from hub389.subjects.models import (
    Judgement,
    LinkFlag,
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
            "back": _back(request),
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


def _judged(judgement: Judgement) -> Any:
    if judgement.verdict == Verdict.UNSURE:
        return gettext_lazy(
            "Đã ghi “chưa chắc chắn”: hai đối tượng không được ghép (kể cả khi mô hình đã ghép tự động) "
            "cho tới khi một người thứ hai xem lại; cặp được đưa xuống cuối hàng chờ."
        )
    return gettext_lazy("Đã ghi đánh giá; các nhóm đối tượng được tính lại.")


ACTIONS = {
    "judge": Action(_judge, _judged),
    "revise": Action(_revise, gettext_lazy("Đã sửa đánh giá; đánh giá cũ được giữ trong lịch sử.")),
}


@login_required
def pair(request: AuthedRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(SubjectLink.objects.select_related("a", "b", "model"), pk=pk)
    policy.require(request.user, "review", link)
    if request.method == "POST":
        outcome = perform(request, ACTIONS, request.POST.get("action", ""), link)
        if outcome.ok:
            back = _back(request)
            return redirect(reverse("subjects:queue") + (f"?{back}" if back else ""))
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
    evidence = _waterfall(link)
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
            "back": _back(request),
            "kept": _kept(request),
        },
    )


def _waterfall(link: SubjectLink) -> list[dict[str, Any]]:
    """The evidence as lines that add up to the pair's total: the starting point (two records
    taken at random are rarely one), each comparison's weight, and what the frequency of the
    values adds (a shared rare name counts more than a shared "Nguyễn Văn Hùng") with the
    rounding. A comparison that weighs nothing is left out."""
    lines = [(e[0], e[1], float(e[2])) for e in link.evidence if abs(float(e[2])) >= 0.05]
    if link.model:
        prior = linkage.prior_weight(link.model.settings)
        lines.insert(0, ("", gettext_lazy("Mức khởi đầu: hai bản ghi bất kỳ hiếm khi là một"), prior))
        rest = link.score - sum(w for _c, _l, w in lines)
        if abs(rest) >= 0.05:
            lines.append(
                ("", gettext_lazy("Độ phổ biến của giá trị trùng (tên hiếm: mạnh hơn) và làm tròn"), rest)
            )
    top = max((abs(w) for _c, _l, w in lines), default=1) or 1
    return [
        {
            "comparison": _(c) if c else "",
            "level": _(str(lv)),
            "weight": w,
            "width": round(abs(w) / top * 100),
        }
        for c, lv, w in lines
    ]


def _kept(request: Any) -> dict[str, str]:
    """The queue's filters the reviewer came with (only the known ones), to return to them."""
    source = request.POST if request.method == "POST" else request.GET
    return {k: source.get(k, "") for k in ("flag", "kind", "agencies") if source.get(k, "")}


def _back(request: Any) -> str:
    return urlencode(_kept(request))


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
    ids = [m.subject.pk for m in found]
    # a match opens when the reader opens one subject of its cluster (the profile is the cluster's)
    readable: set[int] = set()
    for pk, head in (
        profile_subjects(request.user)
        .filter(Q(pk__in=ids) | Q(resolved_to__in=ids))
        .values_list("pk", "resolved_to_id")
    ):
        readable |= {pk, head or pk}
    model = resolution.current_model()
    threshold = model.threshold if model else linkage.THRESHOLD
    rows = [
        {
            "match": m,
            "likelihood": _likelihood(m.weight, threshold),
            "open": m.subject.pk in readable,
            "evidence": [_(e.level) for e in m.evidence if e.weight > 0],
            "agencies": sorted(m.agencies.items()),  # a Counter answers 0 to a template's ".items"
        }
        for m in found
    ]
    return render(request, "subjects/_matches.html", {"rows": rows})
