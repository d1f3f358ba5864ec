from django.urls import path

from hub389.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="imports"),
    path("batch/<int:pk>/", views.import_batch, name="import_batch"),
    path("batch/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("<slug:kind>/", views.import_page, name="import"),
    path("<slug:kind>/template.xlsx", views.import_template, name="import_template"),
]
