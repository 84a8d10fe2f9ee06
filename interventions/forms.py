"""Forms for the register's pages. Validation comes from the models (full_clean in
the services); the forms add only what a person types that the model cannot know."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django import forms

from partnership.dates import DateField
from partnership.edit_conflicts import EditVersionFormMixin
from partnership.forms import MoneyField
from partnership.models import District, FinancialYear, Organisation, ProviderSector, Quarter
from partnership.spreadsheets import reading

from .models import BreakdownDimension, FundingStream, Intervention, QuarterlyOutcome, ToolkitApproach

IMPORT_FORMATS = [("csv", "CSV"), ("xlsx", "Excel (XLSX)")]


def _helper(label="Save"):
    helper = FormHelper()
    helper.form_tag = False
    helper.add_input(Button("submit", label))
    return helper


class DistrictChoiceField(forms.ModelMultipleChoiceField):
    """Refuses an id no district could have before asking the database: SQLite
    raises OverflowError, rather than finding nothing, for a number past 64 bits."""

    def _check_values(self, value):
        for pk in value:
            if not str(pk).isdigit() or int(pk) > 2**63 - 1:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


class InterventionForm(EditVersionFormMixin, forms.ModelForm):
    """The intervention's details. The YEF rating is not typed in: staff pick an
    approach and the intervention keeps a snapshot of its rating."""

    approach = forms.ModelChoiceField(
        queryset=ToolkitApproach.objects.order_by("name"),
        required=False,
        label="YEF Toolkit approach",
        help_text="Picking an approach records its current rating, "
        "with the date of that rating unless you give another. "
        "Leave empty to keep the rating the intervention has.",
    )
    evaluation_url = forms.URLField(
        required=False, assume_scheme="https", max_length=200, label="Link to the evaluation findings"
    )
    rating_date = DateField(required=False, label="Date the rating was taken", help_text="For example, 1 3 2024")

    class Meta:
        model = Intervention
        fields = [
            "reference",
            "name",
            "description",
            "provider",
            "districts",
            "status",
            "starts_on",
            "ends_on",
            "target_cohort",
            "evaluation_commissioned",
            "evaluator",
            "evaluation_status",
            "evaluation_url",
            "publishable",
        ]
        widgets = {"districts": forms.CheckboxSelectMultiple}
        field_classes = {"districts": DistrictChoiceField, "starts_on": DateField, "ends_on": DateField}
        help_texts = {
            "reference": "A short unique reference in lower case, for example ae-navigator-leeds. Imports match on it.",
            "districts": "Choose Partnership-wide for an intervention that covers every district.",
            "starts_on": "For example, 1 4 2024",
            "ends_on": "For example, 31 3 2025",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.order_by("name")
        self.fields["districts"].queryset = District.objects.all()
        if self.instance.pk:
            self.add_edit_version(self.instance.version)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            # On the field, as GOV.UK asks, rather than the model constraint's page-level message.
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return cleaned

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["districts"] = list(data["districts"])
        data["approach"] = data.pop("approach")
        data["rated_on"] = data.pop("rating_date")
        return data


class FundingForm(forms.Form):
    financial_year = forms.ModelChoiceField(queryset=FinancialYear.objects.all(), label="Financial year")
    stream = forms.ChoiceField(choices=FundingStream.choices, label="Funding stream")
    amount = MoneyField(label="Amount in pounds", min_value=0, help_text="To the penny, for example 24,697.00.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class OutcomeForm(forms.Form):
    """Counts only: the portal holds no personal data about the people supported.
    The Save button is in the template, after the optional breakdowns."""

    quarter = forms.ModelChoiceField(queryset=Quarter.objects.select_related("financial_year"), label="Quarter")
    young_people = forms.IntegerField(
        min_value=0, label=QuarterlyOutcome._meta.get_field("young_people").verbose_name.capitalize()
    )
    adults = forms.IntegerField(min_value=0, label=QuarterlyOutcome._meta.get_field("adults").verbose_name.capitalize())
    workforce_trained = forms.IntegerField(
        min_value=0, label=QuarterlyOutcome._meta.get_field("workforce_trained").verbose_name.capitalize()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class BreakdownForm(forms.Form):
    """One optional aggregate count for a category: never a person."""

    dimension = forms.ChoiceField(
        choices=[("", "Not used")] + BreakdownDimension.choices, required=False, label="Breakdown by"
    )
    category = forms.CharField(
        max_length=100, required=False, label="Category", help_text="For example, a district's name, Female or Asian."
    )
    young_people = forms.IntegerField(min_value=0, required=False, label="Aged 24 or under")
    adults = forms.IntegerField(min_value=0, required=False, label="Aged 25 or over")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        data = super().clean()
        if data.get("dimension") and not data.get("category"):
            self.add_error("category", "Enter the category, for example a district's name.")
        if data.get("category") and not data.get("dimension"):
            self.add_error("dimension", "Choose what the breakdown is by.")
        return data


BreakdownFormSet = forms.formset_factory(BreakdownForm, extra=3, max_num=30)


def breakdown_rows(formset) -> list[dict]:
    return [
        {
            **f.cleaned_data,
            "young_people": f.cleaned_data.get("young_people") or 0,
            "adults": f.cleaned_data.get("adults") or 0,
        }
        for f in formset
        if f.cleaned_data.get("dimension")
    ]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            ("outcomes", "Quarterly outcomes"),
            ("interventions", "Interventions"),
            ("funding", "Funding by year"),
        ],
        label="What the file holds",
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label="CSV or Excel (XLSX) file", help_text="Start from the template so the columns match.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Check the file")

    def clean_file(self):
        """The size, the name, the content and (before anything parses it) an
        XLSX archive, by the portal's one spreadsheet reader."""
        upload = self.cleaned_data["file"]
        reading.check_upload(upload, formats=("csv", "xlsx"))
        return upload

    @property
    def format(self) -> str:
        return "xlsx" if self.cleaned_data["file"].name.lower().endswith(".xlsx") else "csv"


class ToolkitApproachForm(forms.ModelForm):
    class Meta:
        model = ToolkitApproach
        fields = ["name", "impact", "evidence_quality", "cost", "rated_on"]
        labels = {
            "evidence_quality": "Evidence quality (1 to 5)",
            "cost": "Cost (1 to 3)",
            "rated_on": "Date of this rating",
        }
        help_texts = {
            "rated_on": "For example, 2024-03-01. Interventions keep the rating they were commissioned under."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ProviderCreateForm(forms.Form):
    """Create a provider an import file names, from the import page."""

    name = forms.CharField(max_length=200, widget=forms.HiddenInput)
    provider_sector = forms.ChoiceField(
        label="Sector", choices=ProviderSector.choices, error_messages={"required": "Choose the provider's sector"}
    )
    district = forms.ModelChoiceField(
        label="District it mostly works in",
        queryset=District.objects.filter(is_active=True),
        error_messages={"required": "Choose a district", "invalid_choice": "Choose a district"},
    )
