from django.urls import path

from hub389.brands import views

app_name = "brands"
urlpatterns = [
    path("", views.lookup_page, name="lookup"),
    path("products/new/", views.product_new, name="product_new"),
    path("products/<int:pk>/", views.product, name="product"),
    path("mine/", views.mine, name="mine"),
    path("mine/mau-san-pham.xlsx", views.upload_template, name="upload_template"),
    path("mine/api/<int:pk>/", views.api_token, name="api_token"),
    path("holders/", views.holders, name="holders"),
    path("holders/<int:pk>/", views.holder, name="holder"),
    path("requests/<int:pk>/", views.request_page, name="request"),
]
