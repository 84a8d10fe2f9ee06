from django.urls import path

from . import views

app_name = "interventions"

urlpatterns = [
    path("", views.intervention_list, name="intervention_list"),
    path("add/", views.intervention_create, name="intervention_create"),
    path("import/", views.import_page, name="import"),
    path("import/providers/", views.import_provider_create, name="import_provider_create"),
    path("toolkit/", views.toolkit_list, name="toolkit_list"),
    path("toolkit/add/", views.toolkit_edit, name="toolkit_create"),
    path("toolkit/<int:pk>/", views.toolkit_edit, name="toolkit_edit"),
    path("outcomes/", views.outcome_list, name="outcome_list"),
    path("import/template/<str:kind>.<str:fmt>", views.import_template, name="import_template"),
    path("export/<str:kind>.<str:fmt>", views.export, name="export"),
    path("<slug:reference>/", views.intervention_detail, name="intervention_detail"),
    path("<slug:reference>/edit/", views.intervention_edit, name="intervention_edit"),
    path("<slug:reference>/funding/", views.funding_edit, name="funding_edit"),
    path("<slug:reference>/outcomes/", views.outcome_enter, name="outcome_enter"),
]
