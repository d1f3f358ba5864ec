from django.urls import path

from hub389.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.plan_new, name="new"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/<slug:action>/", views.plan_act, name="plan_act"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/<slug:action>/", views.task_act, name="task_act"),
    path("directives/", views.directives, name="directives"),
    path("directives/<int:pk>/", views.directive_detail, name="directive"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("evaluation/", views.ranking, name="evaluation"),
]
