from django.urls import path

from hub389.cases import inspection_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("inspections/", inspection_views.inspection_list, name="inspections"),
    path("figures/", views.figures_page, name="figures"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/amend/", views.case_amend, name="amend"),
    path("<int:pk>/<slug:action>/", views.case_act, name="act"),
]
