from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django import forms

from partnership.models import FinancialYear

from .models import COVER_DETAIL_FIELDS, NARRATIVE_FIELDS, PanelReport


class ReportCreateForm(forms.ModelForm):
    copy_previous = forms.BooleanField(
        label="Copy the narrative of the previous report",
        required=False,
        initial=True,
        help_text="Start from the last report's text and edit what has changed.",
    )

    class Meta:
        model = PanelReport
        fields = ["title", "meeting_date", "financial_year", "up_to_quarter"]
        widgets = {"meeting_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"up_to_quarter": "For example 3 for a report to the end of December."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].queryset = FinancialYear.objects.order_by("-start_year")
        self.fields["up_to_quarter"].widget = forms.Select(choices=[(n, f"Q{n}") for n in (1, 2, 3, 4)])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Button("submit", "Create report"))


class ReportEditForm(forms.ModelForm):
    class Meta:
        model = PanelReport
        fields = ["title", "meeting_date", "up_to_quarter", *COVER_DETAIL_FIELDS, *NARRATIVE_FIELDS]
        widgets = {
            "recommendations": forms.Textarea(attrs={"rows": 4}),
            "meeting_date": forms.DateInput(attrs={"type": "date"}),
            **{name: forms.Textarea(attrs={"rows": 8}) for name in NARRATIVE_FIELDS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["up_to_quarter"].widget = forms.Select(choices=[(n, f"Q{n}") for n in (1, 2, 3, 4)])
        for name in ["recommendations", *NARRATIVE_FIELDS]:
            self.fields[
                name
            ].help_text = "Markdown: blank lines between paragraphs, * for bullet points, #### for a sub-heading."
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Button("submit", "Save narrative"))
