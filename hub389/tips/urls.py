from django.urls import path

from hub389.tips import views

app_name = "tips"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("new/", views.new, name="new"),
    path("book/", views.book, name="book"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("kpi/", views.kpi_page, name="kpi"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/informant/", views.reveal, name="reveal"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
