from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django import forms

from partnership.dates import DateField
from partnership.edit_conflicts import EditVersionFormMixin, version_of
from partnership.models import FinancialYear, Partnership

from .models import COVER_DETAIL_FIELDS, NARRATIVE_FIELDS, PanelReport, section_headings


def _meeting_label(form):
    """'Date of the panel meeting', in the partnership's own words."""
    partnership = Partnership.current()
    name = partnership.meeting_name if partnership else ""
    form.fields["meeting_date"].label = f"Date of the {name} meeting" if name else "Date of the meeting"


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
        field_classes = {"meeting_date": DateField}
        help_texts = {"up_to_quarter": "For example 3 for a report to the end of December."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _meeting_label(self)
        self.fields["financial_year"].queryset = FinancialYear.objects.order_by("-start_year")
        self.fields["up_to_quarter"].widget = forms.Select(choices=[(n, f"Q{n}") for n in (1, 2, 3, 4)])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Button("submit", "Create report"))


class ReportEditForm(EditVersionFormMixin, forms.ModelForm):
    class Meta:
        model = PanelReport
        fields = ["title", "meeting_date", "up_to_quarter", *COVER_DETAIL_FIELDS, *NARRATIVE_FIELDS]
        field_classes = {"meeting_date": DateField}
        widgets = {
            "recommendations": forms.Textarea(attrs={"rows": 4}),
            **{name: forms.Textarea(attrs={"rows": 8}) for name in NARRATIVE_FIELDS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["up_to_quarter"].widget = forms.Select(choices=[(n, f"Q{n}") for n in (1, 2, 3, 4)])
        _meeting_label(self)
        partnership = Partnership.current()
        headings = section_headings(partnership.area_name if partnership else "")
        for name in NARRATIVE_FIELDS:
            self.fields[name].label = headings[name]
        for name in ["recommendations", *NARRATIVE_FIELDS]:
            self.fields[
                name
            ].help_text = "Markdown: blank lines between paragraphs, * for bullet points, #### for a sub-heading."
        self.add_edit_version(version_of(self.instance, "edit_version"))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Button("submit", "Save narrative"))
