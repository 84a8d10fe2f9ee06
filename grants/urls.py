from django.urls import path

from .views import budget, contributions, grants

app_name = "grants"

urlpatterns = [
    path("", grants.grant_list, name="grant_list"),
    path("add/", grants.grant_create, name="grant_create"),
    path("export.<str:fmt>", grants.grant_export, name="grant_export"),
    path("<int:pk>/", grants.grant_detail, name="grant_detail"),
    path("<int:pk>/change/", grants.grant_edit, name="grant_edit"),
    path("<int:pk>/conditions/", grants.grant_conditions_edit, name="grant_conditions_edit"),
    path("<int:pk>/history/", grants.grant_history, name="grant_history"),
    path("<int:pk>/budget-lines/add/", grants.budget_line_create, name="budget_line_create"),
    path("<int:pk>/budget-lines/<int:line_pk>/", grants.budget_line_edit, name="budget_line_edit"),
    path("<int:pk>/budget/", budget.grant_budget_page, name="grant_budget"),
    path("<int:pk>/budget/import/", budget.budget_actuals_import_page, name="budget_actuals_import"),
    path("<int:pk>/budget/forecast/", budget.budget_forecast_record, name="budget_forecast_record"),
    path("<int:pk>/budget/<int:line_pk>/actuals/", budget.budget_actuals_edit, name="budget_actuals_edit"),
    path("<int:pk>/documents/add/", grants.grant_document_upload, name="grant_document_upload"),
    path("<int:pk>/documents/<int:document_pk>/", grants.grant_document_download, name="grant_document_download"),
    path("match-funding/", contributions.contribution_list, name="contribution_list"),
    path("match-funding/add/", contributions.contribution_create, name="contribution_create"),
    path("match-funding/export.<str:fmt>", contributions.contribution_export, name="contribution_export"),
    path("match-funding/<int:pk>/", contributions.contribution_detail, name="contribution_detail"),
    path("match-funding/<int:pk>/change/", contributions.contribution_edit, name="contribution_edit"),
    path("match-funding/<int:pk>/evidence/add/", contributions.evidence_upload, name="evidence_upload"),
    path(
        "match-funding/<int:pk>/evidence/<int:evidence_pk>/", contributions.evidence_download, name="evidence_download"
    ),
]
