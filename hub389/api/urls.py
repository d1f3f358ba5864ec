from django.urls import path

from hub389.api import views

app_name = "api_clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/edit/", views.client_edit, name="edit"),
    path("<int:pk>/action/", views.client_action, name="action"),
    path("<int:pk>/key/", views.client_once, name="once"),
]
