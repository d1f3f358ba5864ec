from django.urls import path

from hub389.warehouse import views

app_name = "warehouse"
urlpatterns = [
    path("", views.stock, name="stock"),
    path("cases/<int:pk>/intake/", views.intake, name="intake"),
    path("lots/<int:pk>/<slug:action>/", views.lot_act, name="lot_act"),
]
