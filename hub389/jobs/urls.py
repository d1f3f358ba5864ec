from django.urls import path

from hub389.jobs import views

app_name = "jobs"
urlpatterns = [path("<uuid:pk>/", views.job_detail, name="detail")]
