from django.urls import path

from hub389.committee.views import areas, commitments, flash, recommendations

app_name = "committee"
urlpatterns = [
    path("flash/", flash.index, name="flash_list"),
    path("flash/new/", flash.new, name="flash_new"),
    path("flash/deadlines/", flash.deadlines, name="flash_deadlines"),
    path("flash/<int:pk>/", flash.detail, name="flash"),
    path("flash/<int:pk>/docx/", flash.document, name="flash_docx"),
    path("recommendations/", recommendations.index, name="recommendations"),
    path("recommendations/new/", recommendations.new, name="recommendation_new"),
    path("recommendations/<int:pk>/", recommendations.detail, name="recommendation"),
    path("areas/", areas.index, name="areas"),
    path("areas/findings/", areas.findings, name="findings"),
    path("commitments/", commitments.index, name="commitments"),
    path("commitments/new/", commitments.new, name="commitment_new"),
    path("commitments/<int:pk>/", commitments.detail, name="commitment"),
]
