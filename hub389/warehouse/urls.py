from django.urls import path

from hub389.warehouse import views

app_name = "warehouse"
urlpatterns = [path("", views.stock, name="stock")]
