from django.contrib import admin
from django.urls import include, path

from hub389 import network, profiles, views
from hub389.api.main import api
from hub389.registry import public as registry_public

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("numbers/echo/", views.number_echo, name="number_echo"),
    path("accounts/", include("hub389.accounts.urls")),
    path("registry/", include("hub389.registry.urls")),
    path("notifications/", include("hub389.notifications.urls")),
    path("files/", include("hub389.attachments.urls")),
    path("jobs/", include("hub389.jobs.urls")),
    path("tips/", include("hub389.tips.urls")),
    path("tin-bao/", include("hub389.tips.public_urls")),
    path("duong-day-nong/", registry_public.hotlines, name="hotlines"),
    path("", include("hub389.portal.public_urls")),
    path("publications/", include("hub389.portal.urls")),
    path("committee/", include("hub389.committee.urls")),
    path("subjects/", include("hub389.subjects.urls")),
    path("subjects/<int:pk>/", profiles.profile, name="subject_profile"),
    path("subjects/<int:pk>/graph/", network.page, name="subject_graph"),
    path("subjects/<int:pk>/graph.json", network.data, name="subject_graph_data"),
    path("subjects/<int:pk>/graph.graphml", network.export, {"fmt": "graphml"}, name="subject_graph_graphml"),
    path("subjects/<int:pk>/graph.ftm.json", network.export, {"fmt": "ftm"}, name="subject_graph_ftm"),
    path("ngon-ngu/<str:code>/", views.language, name="language"),
    path("cases/", include("hub389.cases.urls")),
    path("imports/", include("hub389.exchange.urls")),
    path("plans/", include("hub389.plans.urls")),
    path("reports/", include("hub389.reports.urls")),
    path("warehouse/", include("hub389.warehouse.urls")),
    path("brands/", include("hub389.brands.urls")),
    path("hang-that/", include("hub389.brands.public_urls")),
    path("audit/", views.audit_log, name="audit"),
    path("api/v1/", api.urls),
    path("api-clients/", include("hub389.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
