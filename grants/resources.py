"""django-import-export resources: the exports on the pages and the admin's import/export.

Cells are written by the one spreadsheet writer (partnership.spreadsheets.writing); the caller
limits the rows to what the user may see.
"""

from import_export import fields, widgets

from partnership.exports import NeutralisedResource

from .models import BudgetLine, Grant, MatchContribution

MONEY = widgets.DecimalWidget()


class GrantResource(NeutralisedResource):
    funder_name = fields.Field(column_name="funder", attribute="funder__name", readonly=True)
    period_label = fields.Field(column_name="period", readonly=True)
    programme_label = fields.Field(column_name="programme", readonly=True)
    status_label = fields.Field(column_name="status", readonly=True)
    amount = fields.Field(column_name="amount", attribute="amount", widget=MONEY)
    required_match = fields.Field(column_name="match funding required", readonly=True, widget=MONEY)
    qualifying_minimum = fields.Field(column_name="qualifying minimum", readonly=True, widget=MONEY)

    class Meta:
        model = Grant
        fields = (
            "reference",
            "funder_name",
            "programme_label",
            "period_label",
            "amount",
            "status_label",
            "arrangement",
            "arrangement_year",
            "arrangement_years",
            "required_match",
            "qualifying_minimum",
            "notes",
        )
        export_order = fields

    def dehydrate_period_label(self, grant):
        return grant.period.label

    def dehydrate_programme_label(self, grant):
        return grant.get_programme_display()

    def dehydrate_status_label(self, grant):
        return grant.get_status_display()

    def _conditions(self, grant):
        return getattr(grant, "conditions", None) if hasattr(grant, "conditions") else None

    def dehydrate_required_match(self, grant):
        conditions = self._conditions(grant)
        return conditions.required_match_funding() if conditions else None

    def dehydrate_qualifying_minimum(self, grant):
        conditions = self._conditions(grant)
        return conditions.minimum_qualifying_spend() if conditions else None


class MatchContributionResource(NeutralisedResource):
    partner_name = fields.Field(column_name="partner", attribute="partner__name", readonly=True)
    year = fields.Field(column_name="financial year", readonly=True)
    form_label = fields.Field(column_name="form", readonly=True)
    status_label = fields.Field(column_name="status", readonly=True)
    value = fields.Field(column_name="value", attribute="value", widget=MONEY)

    class Meta:
        model = MatchContribution
        fields = ("id", "partner_name", "year", "form_label", "description", "value", "status_label")
        export_order = fields

    def dehydrate_year(self, contribution):
        return contribution.financial_year.label

    def dehydrate_form_label(self, contribution):
        return contribution.get_form_display()

    def dehydrate_status_label(self, contribution):
        return contribution.get_status_display()


class BudgetLineResource(NeutralisedResource):
    class Meta:
        model = BudgetLine
        fields = ("id", "grant", "kind", "description", "amount")
