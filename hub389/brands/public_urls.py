from django.urls import path

from hub389.brands import public

app_name = "brands_public"
urlpatterns = [
    path("", public.check, name="check"),
    path("san-pham/<int:pk>/", public.product, name="product"),
    path("san-pham/<int:pk>/anh/<int:photo>/", public.photo, name="photo"),
    path("dang-ky/", public.apply, name="apply"),
    path("dang-ky/da-gui/", public.applied, name="applied"),
]
