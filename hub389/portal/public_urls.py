from django.contrib.sitemaps.views import sitemap
from django.urls import path

from hub389.portal import feeds, public

app_name = "portal"
urlpatterns = [
    path("cong-khai/vi-pham/", public.notices, name="notices"),
    path("cong-khai/vi-pham/<int:pk>/", public.notice, name="notice"),
    path("cong-khai/vi-pham/<int:pk>/anh/<int:photo>/", public.notice_photo, name="notice_photo"),
    path("cong-khai/vi-pham/rss.xml", public.public_page(feeds.NoticeFeed()), name="notices_rss"),
    path("cong-khai/vi-pham/atom.xml", public.public_page(feeds.NoticeAtom()), name="notices_atom"),
    path("cong-khai/vi-pham/feed.json", feeds.notices_json, name="notices_json"),
    path("cong-khai/canh-bao/", public.warnings, name="warnings"),
    path("cong-khai/canh-bao/<int:pk>/", public.warning, name="warning"),
    path("cong-khai/canh-bao/<int:pk>/anh/<int:photo>/", public.warning_photo, name="warning_photo"),
    path("cong-khai/canh-bao/rss.xml", public.public_page(feeds.WarningFeed()), name="warnings_rss"),
    path("cong-khai/canh-bao/atom.xml", public.public_page(feeds.WarningAtom()), name="warnings_atom"),
    path("cong-khai/canh-bao/feed.json", feeds.warnings_json, name="warnings_json"),
    path("cong-khai/nhung/", public.widget, name="widget"),
    path("thong-ke/", public.statistics, name="statistics"),
    path("thong-ke/<str:code>.csv", public.statistics_csv, name="statistics_csv"),
    path("du-lieu-mo/v1/", public.open_data_index, name="open_data"),
    path("du-lieu-mo/v1/dinh-nghia.json", public.open_data_definitions, name="open_data_definitions"),
    path("du-lieu-mo/v1/thang/<str:code>.json", public.open_data_month, name="open_data_month"),
    path("sitemap.xml", sitemap, {"sitemaps": feeds.SITEMAPS}, name="portal_sitemap"),
    path("robots.txt", public.robots, name="robots"),
]
