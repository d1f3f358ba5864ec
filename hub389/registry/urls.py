from django.urls import path

from hub389.registry import views

app_name = "registry"
urlpatterns = [
    path("areas/", views.area_list, name="areas"),
    path("areas/<str:code>/", views.area_detail, name="area"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<str:code>/", views.agency_detail, name="agency"),
    path("committees/", views.committee_list, name="committees"),
    path("committees/<str:code>/", views.committee_detail, name="committee"),
    path("reference/", views.reference, name="reference"),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix/gaps-job/", views.gaps_job, name="gaps_job"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("pick/<slug:kind>/", views.pick, name="pick"),
]
