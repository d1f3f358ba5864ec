from django.urls import path

from hub389.subjects import views

app_name = "subjects"
urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/<int:pk>/", views.pair, name="pair"),
    path("matches/", views.matches, name="matches"),
]
