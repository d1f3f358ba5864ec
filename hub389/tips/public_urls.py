from django.urls import path

from hub389.tips import public

app_name = "tips_public"
urlpatterns = [
    path("", public.submit, name="submit"),
    path("dia-ban/", public.places, name="places"),
    path("da-gui/", public.receipt, name="receipt"),
    path("tra-cuu/", public.lookup, name="lookup"),
    path("theo-doi/", public.status, name="status"),
    path("thoat/", public.leave, name="leave"),
]
