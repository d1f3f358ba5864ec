from django.urls import path

from hub389.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("open/", views.open_report, name="open"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("committee/<slug:action>/", views.committee_act, name="committee_act"),
    path("<int:pk>/", views.submission_page, name="submission"),
    path("<int:pk>/<slug:action>/", views.submission_act, name="act"),
]
