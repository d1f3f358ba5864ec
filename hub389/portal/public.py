"""The portal's public pages: the home for anonymous visitors, the published sanction decisions
(search, filters, a stable page per notice, its photos), the warnings about new tricks, the
feeds and the embeddable widget for the provincial portals, sitemap.xml and robots.txt.

Everything here reads `Notice.objects.live()` / `Warning.objects.live()`: a proposed, refused
or expired notice is a 404, a withdrawn one a 410 page that says when and why. Pages for
anonymous readers are cached by the portal's generation (`services.version`), which every
publish, correction and withdrawal moves, with the day and the language in the key. No page
here sets a cookie, keeps an IP address or carries a CSRF token (nothing here is posted)."""

import csv
import hashlib
import io
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

from hub389.attachments.models import Attachment
from hub389.audit.context import current_ip
from hub389.cases.models import Measure, ViolationKind
from hub389.lib import periods
from hub389.lib.dates import INPUT_FORMATS
from hub389.lib.text import by_name, fold
from hub389.portal import services, stats
from hub389.portal.models import Notice, NoticeStatus, Warning
from hub389.registry.models import Area, AreaKind, GoodsGroup

PAGE = 20
# The widget's policy: the public one, except that any portal may frame it.
EMBEDDABLE: dict[str, Any] = {**settings.CSP_PUBLIC, "frame-ancestors": ["*"]}
CACHE_SECONDS = 600


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the page from the cache to anonymous readers (keyed by the portal's generation,
    the day, the language and the full path); no client IP reaches the audit context."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = current_ip.set(None)
        try:
            if request.user.is_authenticated or request.method != "GET":
                return view(request, *args, **kwargs)
            key = cache_key(get_language(), request.get_full_path())
            hit = cached(key)
            if hit is not None:
                return hit
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code in (200, 404, 410) and not response.cookies and not response.streaming:
                cache.set(
                    key, (response.content, response["Content-Type"], response.status_code), CACHE_SECONDS
                )
            return response
        finally:
            current_ip.reset(token)

    wrapper.public_cache = True  # type: ignore[attr-defined]
    return wrapper


def cache_key(language: str, full_path: str) -> str:
    path = hashlib.sha256(full_path.encode("utf-8", "replace")).hexdigest()
    return f"portal:{services.version()}:{timezone.localdate():%Y%m%d}:{language}:{path}"


def cached(key: str) -> HttpResponse | None:
    hit = cache.get(key)
    if hit is None:
        return None
    content, content_type, status = hit
    return HttpResponse(content, content_type=content_type, status=status)


def _choices(rows: Any) -> list[tuple[str, str]]:
    return [("", "—"), *((r.code, r.name) for r in rows)]


class NoticeFilter(forms.Form):
    """The search of published decisions: every field optional, anything typed accepted (a
    value that is not a choice or a date is ignored and said so, never an error page)."""

    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)
    province = forms.CharField(label=_("Tỉnh, thành phố"), required=False, max_length=10)
    commune = forms.CharField(label=_("Xã, phường, đặc khu"), required=False, max_length=10)
    goods = forms.CharField(label=_("Loại hàng"), required=False, max_length=40)
    kind = forms.CharField(label=_("Loại vi phạm"), required=False, max_length=40)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, input_formats=INPUT_FORMATS)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, input_formats=INPUT_FORMATS)


def _clean_text(text: str) -> str:
    """What was typed, without control characters (PostgreSQL refuses NUL in a query)."""
    return "".join(c for c in text if c.isprintable())[:200].strip()


def filtered(params: Any) -> tuple[QuerySet[Notice], dict[str, Any]]:
    """The live notices that match `params` (a GET), and what was understood of them."""
    form = NoticeFilter(params)
    form.is_valid()
    d = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    rows = Notice.objects.live()
    province = Area.objects.filter(kind=AreaKind.PROVINCE, code=d.get("province", "")).first()
    if province is not None:
        rows = rows.filter(province=province)
        commune = Area.objects.filter(province=province, code=d.get("commune", "")).first()
        if commune is not None:
            rows = rows.filter(area__in=[commune, *commune.children.all()])
            d["commune_area"] = commune
    d["province_area"] = province
    group = GoodsGroup.objects.filter(code=d.get("goods", "")).first()
    if group is not None:
        rows = rows.filter(goods_group=group)
    d["group"] = group
    if d.get("kind") in ViolationKind.values:
        rows = rows.filter(kinds__icontains=f'"{d["kind"]}"')  # the JSON list's text, on both databases
    if "date_from" in d:
        rows = rows.filter(decision_date__gte=d["date_from"])
    if "date_to" in d:
        rows = rows.filter(decision_date__lte=d["date_to"])
    words = fold(_clean_text(d.get("q", ""))).split()
    for word in words[:8]:
        rows = rows.filter(search_text__contains=word)
    d["bad_dates"] = [f for f in ("date_from", "date_to") if f in form.errors]
    return rows.select_related("agency", "province", "area", "goods_group").order_by(
        "-decision_date", "-pk"
    ), d


def _names(notice: Notice) -> None:
    kinds = dict(ViolationKind.choices)
    measures = dict(Measure.choices)
    notice.kind_names = [str(kinds.get(k, k)) for k in notice.kinds]  # type: ignore[attr-defined]
    notice.measure_names = [str(measures.get(m, m)) for m in notice.measures]  # type: ignore[attr-defined]


def _filter_context(params: Any) -> dict[str, Any]:
    provinces = by_name(Area.objects.filter(kind=AreaKind.PROVINCE).only("code", "name"))
    province = next((p for p in provinces if p.code == params.get("province")), None)
    communes = (
        by_name(Area.objects.filter(province=province, kind=AreaKind.COMMUNE).only("code", "name"))
        if province
        else []
    )
    return {
        "provinces": provinces,
        "communes": communes,
        "groups": list(GoodsGroup.objects.order_by("sort_order", "name")),
        "kinds": ViolationKind.choices,
        "chosen": params,
    }


@public_page
def notices(request: HttpRequest) -> HttpResponse:
    rows, understood = filtered(request.GET)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    for n in page:
        _names(n)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/notices.html",
        {"page": page, "understood": understood, "query": query.urlencode(), **_filter_context(request.GET)},
    )


def _photos(notice: Notice) -> list[Attachment]:
    return list(
        Attachment.objects.filter(
            owner_type__app_label="portal", owner_type__model="notice", owner_id=str(notice.pk)
        ).order_by("pk")
    )


@public_page
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Notice.objects.select_related("agency", "province", "area", "goods_group", "rule"), pk=pk
    )
    if found.status == NoticeStatus.WITHDRAWN:
        return render(request, "portal/notice_gone.html", {"notice": found}, status=410)
    if not Notice.objects.live().filter(pk=pk).exists():
        raise Http404
    _names(found)
    return render(
        request,
        "portal/notice.html",
        {
            "notice": found,
            "photos": _photos(found),
            "corrections": found.corrections.all(),
            "warnings": found.warnings.filter(status="published").order_by("-published_on")[:3],
        },
    )


def notice_photo(request: HttpRequest, pk: int, photo: int) -> FileResponse:
    found = get_object_or_404(Notice.objects.live(), pk=pk)
    return _photo(_photos(found), photo)


def _photo(photos: list[Attachment], pk: int) -> FileResponse:
    """One of a live notice's or warning's photos (they are public while it is)."""
    attachment = next((a for a in photos if a.pk == pk), None)
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response


def live_warnings(province: Area | None = None) -> QuerySet[Warning]:
    """The published warnings: the nation's, and a province's own when one is asked for."""
    rows = Warning.objects.live().select_related("committee__area")
    if province is not None:
        rows = rows.filter(Q(committee__level="national") | Q(committee__area=province))
    return rows.order_by("-published_on", "-pk")


@public_page
def warnings(request: HttpRequest) -> HttpResponse:
    province = Area.objects.filter(kind=AreaKind.PROVINCE, code=request.GET.get("province", "")[:10]).first()
    page = Paginator(live_warnings(province).prefetch_related("goods_groups"), PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/warnings.html",
        {"page": page, "province": province, **_filter_context(request.GET)},
    )


@public_page
def warning(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Warning.objects.live().select_related("committee__area").prefetch_related("goods_groups"), pk=pk
    )
    photos = services.warning_photos(found)
    related = list(found.notices.live().select_related("agency", "province").order_by("-decision_date")[:10])
    for n in related:
        _names(n)
    return render(request, "portal/warning.html", {"warning": found, "related": related, "photos": photos})


def warning_photo(request: HttpRequest, pk: int, photo: int) -> FileResponse:
    found = get_object_or_404(Warning.objects.live(), pk=pk)
    return _photo(services.warning_photos(found), photo)


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """The portal's home: send or follow a tip, whom to call, the latest warnings and
    decisions, the figures of the month; officers sign in from here."""
    latest = list(
        Notice.objects.live()
        .select_related("agency", "province", "goods_group")
        .order_by("-published_on", "-reviewed_at", "-pk")[:5]
    )
    for n in latest:
        _names(n)
    return render(
        request,
        "portal/home.html",
        {
            "notices": latest,
            "warnings": list(live_warnings()[:3]),
            "headline": stats.month_headline(),
            "provinces": by_name(Area.objects.filter(kind=AreaKind.PROVINCE).only("code", "name")),
        },
    )


@xframe_options_exempt
@csp_override(EMBEDDABLE)
@public_page
def widget(request: HttpRequest) -> HttpResponse:  # (its own headers: not served early)
    """A small page the provincial portal embeds in an iframe: its province's latest
    decisions and warnings, each linking to the full page here."""
    province = Area.objects.filter(kind=AreaKind.PROVINCE, code=request.GET.get("province", "")[:10]).first()
    rows = Notice.objects.live().select_related("agency", "province")
    if province is not None:
        rows = rows.filter(province=province)
    latest = list(rows.order_by("-published_on", "-reviewed_at", "-pk")[:5])
    return render(
        request,
        "portal/widget.html",
        {"province": province, "notices": latest, "warnings": list(live_warnings(province)[:3])},
    )


widget.public_cache = False  # type: ignore[attr-defined]


def robots(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("portal:portal_sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /tin-bao/theo-doi/",
        "Disallow: /tin-bao/tra-cuu/",
        "Allow: /",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _month_or_latest(code: str) -> stats.Month | None:
    codes = stats.published_periods()
    return stats.month(code if code in codes else codes[0]) if codes else None


@public_page
def statistics(request: HttpRequest) -> HttpResponse:
    """The figures of a month by province, as approved; the totals against the same month last
    year; a bar chart of the provinces; CSV and JSON of the same rows."""
    data = _month_or_latest(request.GET.get("period", "")[:10])
    shown = request.GET.get("indicator", "cases_total")
    shown = shown if shown in stats.CODES else "cases_total"
    bars: list[dict[str, Any]] = []
    if data is not None:
        top = max((r["figures"][shown] for r in data.rows), default=0) or 1
        bars = [
            {
                "name": r["name"],
                "value": r["figures"][shown],
                "width": str(round(100 * r["figures"][shown] / top)),
            }
            for r in sorted(data.rows, key=lambda r: -r["figures"][shown])
        ]
    return render(
        request,
        "portal/statistics.html",
        {
            "data": data,
            "periods": [periods.period(periods.Kind.MONTHLY, c) for c in stats.published_periods()],
            "definitions": stats.definitions()["indicators"],
            "money": stats.MONEY,
            "shown": shown,
            "bars": bars,
        },
    )


def _rows(data: stats.Month) -> list[dict[str, Any]]:
    return [
        {"period": data.period.code, "province_code": r["code"], "province": r["name"], **r["figures"]}
        for r in data.rows
    ]


@public_page
def statistics_csv(request: HttpRequest, code: str) -> HttpResponse:
    data = stats.month(code) if code in stats.published_periods() else None
    if data is None:
        raise Http404
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["period", "province_code", "province", *stats.CODES])
    writer.writeheader()
    writer.writerows(_rows(data))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="thong-ke-389-{data.period.code}.csv"'
    return response


def _json(payload: Any) -> JsonResponse:
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_page
def open_data_month(request: HttpRequest, code: str) -> HttpResponse:
    """`/du-lieu-mo/v1/thang/2026-11.json`: one month's published figures by province."""
    data = stats.month(code) if code in stats.published_periods() else None
    if data is None:
        return _not_found()
    return _json(
        {
            "definitions_version": stats.DEFINITIONS_VERSION,
            "period": {"code": data.period.code, "start": data.period.start, "end": data.period.end},
            "provinces": _rows(data),
            "totals": data.totals,
            "same_period_last_year": data.last_year,
            "not_yet_published": data.missing,
        }
    )


def _not_found() -> HttpResponse:
    response = _json({"error": "not_found", "detail": "Kỳ này chưa có số liệu công bố."})
    response.status_code = 404
    return response


@public_page
def open_data_index(request: HttpRequest) -> HttpResponse:
    """`/du-lieu-mo/v1/`: the published months and where each is."""
    return _json(
        {
            "definitions": request.build_absolute_uri(reverse("portal:open_data_definitions")),
            "months": [
                {"code": c, "url": request.build_absolute_uri(reverse("portal:open_data_month", args=[c]))}
                for c in stats.published_periods()
            ],
        }
    )


@public_page
def open_data_definitions(request: HttpRequest) -> HttpResponse:
    return _json(stats.definitions())
