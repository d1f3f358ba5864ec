"""Feeds for the provincial portals and for readers: RSS 2.0 and Atom (Django's syndication
framework) and JSON Feed 1.1 of the published decisions and of the warnings, for the nation or
one province (`?province=01`), and the sitemap of every live public page."""

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from hub389.cases.models import ViolationKind
from hub389.lib.vnformat import format_vnd
from hub389.portal.models import Notice, Warning
from hub389.portal.public import live_warnings, public_page
from hub389.registry.models import Area, AreaKind

LATEST = 30


def _province(request: HttpRequest) -> Area | None:
    return Area.objects.filter(kind=AreaKind.PROVINCE, code=request.GET.get("province", "")[:10]).first()


def latest_notices(province: Area | None) -> list[Notice]:
    rows = Notice.objects.live().select_related("agency", "province")
    if province is not None:
        rows = rows.filter(province=province)
    return list(rows.order_by("-published_on", "-pk")[:LATEST])


def notice_text(n: Notice) -> str:
    kinds = dict(ViolationKind.choices)
    who = n.violator or _("Cá nhân (không công khai tên)")
    what = "; ".join(str(kinds.get(k, k)) for k in n.kinds)
    return f"{who}. {what}. {n.summary} {_('Phạt')}: {format_vnd(n.fine)}. {n.agency.name}."


def notice_title(n: Notice) -> str:
    return _("Quyết định %(no)s ngày %(day)s") % {"no": n.decision_no, "day": f"{n.decision_date:%d/%m/%Y}"}


class NoticeFeed(Feed):
    description_template = None

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Area | None:
        return _province(request)

    def title(self, obj: Area | None) -> str:
        where = obj.name if obj else _("cả nước")
        return _("Quyết định xử phạt được công khai: %(where)s") % {"where": where}

    def link(self, obj: Area | None) -> str:
        return reverse("portal:notices") + (f"?province={obj.code}" if obj else "")

    def description(self, obj: Area | None) -> str:
        return _(
            "Các quyết định xử phạt vi phạm hành chính về buôn lậu, gian lận thương mại, "
            "hàng giả được công khai."
        )

    def feed_url(self, obj: Area | None) -> str:
        return reverse(self.url_name) + (f"?province={obj.code}" if obj else "")

    url_name = "portal:notices_rss"

    def items(self, obj: Area | None) -> list[Notice]:
        return latest_notices(obj)

    def item_title(self, item: Notice) -> str:
        return notice_title(item)

    def item_description(self, item: Notice) -> str:
        return notice_text(item)

    def item_link(self, item: Notice) -> str:
        return reverse("portal:notice", args=[item.pk])

    def item_pubdate(self, item: Notice) -> Any:
        return item.reviewed_at

    def item_updateddate(self, item: Notice) -> Any:
        return item.updated_at


class NoticeAtom(NoticeFeed):
    feed_type = Atom1Feed
    url_name = "portal:notices_atom"
    subtitle = NoticeFeed.description


class WarningFeed(Feed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Area | None:
        return _province(request)

    def title(self, obj: Area | None) -> str:
        where = obj.name if obj else _("cả nước")
        return _("Cảnh báo thủ đoạn mới: %(where)s") % {"where": where}

    def link(self, obj: Area | None) -> str:
        return reverse("portal:warnings") + (f"?province={obj.code}" if obj else "")

    def description(self, obj: Area | None) -> str:
        return _("Cảnh báo của Ban Chỉ đạo 389 về thủ đoạn buôn lậu, gian lận thương mại, hàng giả.")

    url_name = "portal:warnings_rss"

    def feed_url(self, obj: Area | None) -> str:
        return reverse(self.url_name) + (f"?province={obj.code}" if obj else "")

    def items(self, obj: Area | None) -> list[Warning]:
        return list(live_warnings(obj)[:LATEST])

    def item_title(self, item: Warning) -> str:
        return item.title

    def item_description(self, item: Warning) -> str:
        return f"{item.what_happens}\n{_('Cách nhận biết')}: {item.how_to_recognise}"

    def item_link(self, item: Warning) -> str:
        return reverse("portal:warning", args=[item.pk])

    def item_pubdate(self, item: Warning) -> Any:
        return item.written_at

    def item_updateddate(self, item: Warning) -> Any:
        return item.updated_at


class WarningAtom(WarningFeed):
    feed_type = Atom1Feed
    url_name = "portal:warnings_atom"
    subtitle = WarningFeed.description


def _json_feed(request: HttpRequest, title: str, home: str, items: list[dict[str, Any]]) -> HttpResponse:
    response = JsonResponse(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": title,
            "home_page_url": request.build_absolute_uri(home),
            "feed_url": request.build_absolute_uri(),
            "language": "vi",
            "items": items,
        },
        json_dumps_params={"ensure_ascii": False},
        content_type="application/feed+json",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_page
def notices_json(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    feed = NoticeFeed()
    items = [
        {
            "id": request.build_absolute_uri(reverse("portal:notice", args=[n.pk])),
            "url": request.build_absolute_uri(reverse("portal:notice", args=[n.pk])),
            "title": notice_title(n),
            "content_text": notice_text(n),
            "date_published": n.reviewed_at.isoformat() if n.reviewed_at else None,
            "date_modified": n.updated_at.isoformat(),
            "_hub389": {
                "decision_no": n.decision_no,
                "decision_date": n.decision_date.isoformat(),
                "province": n.province.code,
                "agency": n.agency.name,
                "kinds": n.kinds,
                "fine_vnd": n.fine,
            },
        }
        for n in latest_notices(province)
    ]
    return _json_feed(request, feed.title(province), feed.link(province), items)


@public_page
def warnings_json(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    feed = WarningFeed()
    items = [
        {
            "id": request.build_absolute_uri(reverse("portal:warning", args=[w.pk])),
            "url": request.build_absolute_uri(reverse("portal:warning", args=[w.pk])),
            "title": w.title,
            "content_text": feed.item_description(w),
            "date_published": w.written_at.isoformat(),
            "date_modified": w.updated_at.isoformat(),
        }
        for w in live_warnings(province)[:LATEST]
    ]
    return _json_feed(request, feed.title(province), feed.link(province), items)


class NoticeSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return Notice.objects.live().order_by("pk").only("pk", "updated_at")

    def location(self, item: Notice) -> str:
        return reverse("portal:notice", args=[item.pk])

    def lastmod(self, item: Notice) -> Any:
        return item.updated_at


class WarningSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return Warning.objects.live().order_by("pk").only("pk", "updated_at")

    def location(self, item: Warning) -> str:
        return reverse("portal:warning", args=[item.pk])

    def lastmod(self, item: Warning) -> Any:
        return item.updated_at


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "portal:notices",
            "portal:warnings",
            "portal:statistics",
            "hotlines",
            "tips_public:submit",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"pages": PagesSitemap, "notices": NoticeSitemap, "warnings": WarningSitemap}
