from django.urls import path

from hub389.portal import views

app_name = "publications"
urlpatterns = [
    path("", views.index, name="index"),
    path("propose/<int:sanction>/", views.propose, name="propose"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
    path("warnings/new/", views.warning_new, name="warning_new"),
    path("warnings/<int:pk>/", views.warning_page, name="warning"),
]
