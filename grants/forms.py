"""Browser forms for grants, conditions, match funding and budget lines.

Money fields say, next to the field, exactly what is wrong: text, a negative
amount, more than two decimal places or an amount too large for the ledger.
The rules are the models'; the forms only phrase the messages.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django import forms

from partnership.edit_conflicts import VERSION, EditVersionFormMixin, version_of
from partnership.forms import MoneyField
from partnership.models import FinancialYear, Organisation, Period
from partnership.money import format_gbp
from partnership.spreadsheets import reading
from partnership.uploads import ALLOWED_DESCRIPTION, validate_upload

from .models import BudgetLine, Grant, GrantConditions, MatchContribution, MatchFundingBasis

MONEY_ERRORS = {
    "required": "Enter an amount in pounds",
    "invalid": "Enter an amount in pounds, like 1250.00",
    "min_value": "The amount must be £0.00 or more",
    "max_decimal_places": "Enter the amount to the nearest penny (no more than 2 decimal places)",
    "max_digits": "The amount must be less than £1,000,000,000,000",
    "max_whole_digits": "The amount must be less than £1,000,000,000,000",
}
PERCENT_ERRORS = {
    "invalid": "Enter a percentage, like 30",
    "min_value": "The percentage must be 0 or more",
    "max_value": "The percentage must be 100 or less",
    "max_decimal_places": "Enter the percentage to no more than 2 decimal places",
    "max_digits": "The percentage must be 100 or less",
    "max_whole_digits": "The percentage must be 100 or less",
}


def _money(field):
    return MoneyField.replacing(field, **MONEY_ERRORS)


def _percent(field):
    field.error_messages.update(PERCENT_ERRORS)
    field.widget = forms.TextInput(
        attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-5"}
    )
    return field


class PortalForm(EditVersionFormMixin, forms.ModelForm):
    """A model's form; if the model keeps a version, the form carries it, so a
    save over someone else's is refused (partnership.edit_conflicts)."""

    submit_label = "Save"
    # Conditions are one per grant: a form opened before they existed is stale
    # once someone saves them, so it carries version 0.
    versioned_before_saved = False
    money_fields: tuple = ()
    percent_fields: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.money_fields:
            self.fields[name] = _money(self.fields[name])
        for name in self.percent_fields:
            _percent(self.fields[name])
        versioned = any(field.name == VERSION for field in self._meta.model._meta.concrete_fields)
        if versioned and (self.instance.pk or self.versioned_before_saved):
            self.add_edit_version(version_of(self.instance))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Button("submit", self.submit_label))


class GrantForm(PortalForm):
    money_fields = ("amount",)

    class Meta:
        model = Grant
        fields = [
            "reference",
            "funder",
            "programme",
            "period",
            "amount",
            "status",
            "arrangement",
            "arrangement_year",
            "arrangement_years",
            "notes",
        ]
        labels = {"reference": "Reference", "period": "Financial year or period", "amount": "Amount awarded"}
        help_texts = {"reference": "A short reference: lower-case letters, numbers and hyphens, like vru-core-2025-26."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Organisation.objects.order_by("name")
        self.fields["period"].queryset = Period.objects.select_related("financial_year").order_by("-starts_on")
        self.fields["amount"].error_messages["required"] = "Enter the amount awarded"

    def clean(self):
        cleaned = super().clean()
        year, years = cleaned.get("arrangement_year"), cleaned.get("arrangement_years")
        if year and years and year > years:
            self.add_error("arrangement_year", "The year of the arrangement cannot be after its last year")
        if year and not years:
            self.add_error("arrangement_years", "Enter how many years the arrangement lasts")
        return cleaned


class GrantConditionsForm(PortalForm):
    versioned_before_saved = True
    money_fields = ("match_funding_amount", "match_reference_amount")
    percent_fields = ("match_funding_percent", "qualifying_share_percent")

    class Meta:
        model = GrantConditions
        fields = [
            "match_funding_basis",
            "match_funding_amount",
            "match_funding_percent",
            "match_reference_amount",
            "match_reference_label",
            "qualifying_share_percent",
        ]
        labels = {
            "match_funding_basis": "How is the match funding requirement set?",
            "match_funding_amount": "Match funding required",
            "match_funding_percent": "Percentage of the reference allocation",
            "match_reference_amount": "Reference allocation",
            "match_reference_label": "What the reference allocation is",
            "qualifying_share_percent": "Minimum share for qualifying interventions (%)",
        }
        widgets = {"match_funding_basis": forms.RadioSelect}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("match_funding_basis") == MatchFundingBasis.AMOUNT:
            if cleaned.get("match_funding_amount") is None and "match_funding_amount" not in self.errors:
                self.add_error("match_funding_amount", "Enter the match funding required")
        elif cleaned.get("match_funding_basis") == MatchFundingBasis.PERCENTAGE:
            if cleaned.get("match_funding_percent") is None and "match_funding_percent" not in self.errors:
                self.add_error("match_funding_percent", "Enter the percentage of the reference allocation")
            if cleaned.get("match_reference_amount") is None and "match_reference_amount" not in self.errors:
                self.add_error("match_reference_amount", "Enter the reference allocation")
        return cleaned


class MatchContributionForm(PortalForm):
    money_fields = ("value",)

    class Meta:
        model = MatchContribution
        fields = ["partner", "financial_year", "form", "description", "value", "status"]
        labels = {"partner": "Partner organisation", "form": "Form of contribution", "value": "Value"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Organisation.objects.order_by("name")
        self.fields["financial_year"].queryset = FinancialYear.objects.order_by("-start_year")
        self.fields["value"].error_messages["required"] = "Enter the value of the contribution"


class BudgetLineForm(PortalForm):
    money_fields = ("amount",)

    class Meta:
        model = BudgetLine
        fields = ["kind", "description", "amount"]
        labels = {"kind": "What the money is for", "amount": "Amount set aside"}


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text=f"A {ALLOWED_DESCRIPTION} file.",
        validators=[validate_upload],
        error_messages={"required": "Select a file", "empty": "The selected file is empty."},
    )

    def __init__(self, *args, with_title=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_title:
            self.fields = {
                "title": forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"}),
                **self.fields,
            }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Button("submit", "Upload"))


class BudgetActualsForm(EditVersionFormMixin, forms.Form):
    """A line's actual spend, one box per quarter; a blank box is a quarter not
    reported yet. Carries the line's actuals version, so a stale save is refused."""

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, **kwargs)
        for q in line.quarters.all():
            field = MoneyField(label=f"Q{q.quarter} actual spend", required=False, min_value=0)
            field.error_messages.update(MONEY_ERRORS)
            field.help_text = f"Planned: {format_gbp(q.planned)}"
            field.initial = q.actual
            self.fields[f"q{q.quarter}"] = field
        self.add_edit_version(line.actuals_version)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Button("submit", "Save actual spend"))

    @property
    def actuals(self) -> dict:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if name.startswith("q")}


class ActualsImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel (XLSX) file from the finance system",
        help_text="The first row names the columns: Budget line, Quarter, Actual spend.",
        error_messages={"required": "Select a file", "empty": "The selected file is empty."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Button("submit", "Import actual spend"))

    def clean_file(self):
        """Size, name and content checked by the portal's one spreadsheet reader."""
        upload = self.cleaned_data["file"]
        reading.check_upload(upload, formats=("csv", "xlsx"))
        return upload

    @property
    def format(self) -> str:
        return "xlsx" if self.cleaned_data["file"].name.lower().endswith(".xlsx") else "csv"
