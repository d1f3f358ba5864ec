"""The case list's query: the cases the user may see (`visible`, from `cases/access.py`), the
filters of the list page and of the reports' links, and the search, paged by keyset. The list
page and its XLSX export both read it, so they show the same rows."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.cases.access import sees_whole_area
from hub389.cases.models import (
    Case,
    CaseChannel,
    CaseStatus,
    CaseViolation,
    Referral,
    ReferralDecision,
    Sanction,
    ViolationKind,
    placed_in,
)
from hub389.lib.dates import parse_date
from hub389.lib.paging import KeysetPage, keyset_page, parse_key_date
from hub389.lib.text import fold
from hub389.registry.models import Area, AreaKind

PAGE_SIZE = 50

SEARCH_MIN = 3  # letters: a trigram index needs three in a row


def matching(query: str, since: date | None = None) -> Q:
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


def filtered(request: AuthedRequest, since: date | None = None) -> tuple[QuerySet[Case], dict[str, str]]:
    """The visible cases the request's filters select; `since` narrows a search to the cases
    detected from that day (see `case_list`)."""
    qs = getattr(request, "_visible_cases", None)
    if qs is None:  # once a request: a search's wider passes reuse it
        qs = request._visible_cases = policy.visible(request.user, "view", Case)  # type: ignore[attr-defined]
    f = {k: request.GET.get(k, "").strip() for k in FILTERS}
    if len(fold(f["q"]).strip()) < SEARCH_MIN:
        f["q"] = ""  # the page says why (`short_query`)
    if f["q"]:
        qs = qs.filter(matching(f["q"], since))
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


def listed(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("owner", "area", "goods_group").prefetch_related("violations", "goods")


def page_of(request: AuthedRequest, size: int | None = None) -> tuple[KeysetPage, dict[str, str]]:
    """The page of the list the request asks for (`after`: the key of the last row shown; the
    API asks for `size` rows, the page for PAGE_SIZE)."""
    size = size or PAGE_SIZE
    qs, f = filtered(request)
    qs = listed(qs)
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
            narrow, _ = filtered(request, since=anchor - timedelta(days=days))
            page = keyset_page(listed(narrow), "detected_on", after, size, number)
            if page.has_next:
                break
            page = None
    if page is None and broad:
        # Everything: the matches' ids first, from the trigram index (the LIMIT keeps PostgreSQL
        # from walking all cases by date looking for an officer's few visible matches: 2.3 s).
        matches = Case.objects.filter(matching(f["q"])).values("pk")[:SEARCH_CAP]
        page = keyset_page(qs.filter(pk__in=matches), "detected_on", after, size, number)
    if page is None:
        page = keyset_page(qs, "detected_on", after, size, number)
    return page, f
