from django.urls import path

from . import setup, views, views_compliance

app_name = "reporting"

urlpatterns = [
    path("compliance/", views_compliance.compliance, name="compliance"),
    path("figures/export.<str:fmt>", views_compliance.figures_export, name="figures_export"),
    path("set-up/", setup.setup, name="setup"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/generate/", views.report_generate, name="report_generate"),
    path("reports/<int:pk>/publish/", views.report_publish, name="report_publish"),
    path("reports/<int:pk>/new-version/", views.report_new_version, name="report_new_version"),
    path("reports/<int:pk>/status.json", views.report_status, name="report_status"),
    path("reports/<int:pk>/download/<str:fmt>/", views.report_download, name="report_download"),
]
