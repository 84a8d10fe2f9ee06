"""Small forms for the return pages. The annexes' figures are not Django forms:
their rules are in svd.returns.validation, shared with the XLSX upload and the API."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django import forms

from partnership.spreadsheets import reading


def _helper(label):
    helper = FormHelper()
    helper.form_tag = False
    helper.add_input(Button("submit", label))
    return helper


class ReturnForChangesForm(forms.Form):
    comments = forms.CharField(
        label="Comments for the coordinator",
        help_text="Say what needs to change. The coordinator sees these comments on the return.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter your comments for the coordinator"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Return for changes")


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Reason for reopening",
        help_text="The reason is recorded and shown to the coordinator.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for reopening the return"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Reopen return")


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        help_text="Answer the reviewer's comments: say what you changed, or why a figure is right as it is.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your reply", "max_length": "Your reply must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Send reply")


class ActivityForm(forms.Form):
    name = forms.CharField(
        label="Add an activity that is not in the intervention register",
        help_text="For example, 'Knife crime awareness assemblies'. Do not name any person.",
        max_length=200,
        error_messages={"required": "Enter the name of the activity"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Add activity")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload your completed spreadsheet",
        help_text="The .xlsx file you downloaded for this return, with your figures filled in.",
        error_messages={"required": "Choose the spreadsheet to upload"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Upload spreadsheet")

    def clean_file(self):
        """The size, the name, the content and (before anything parses it) the
        archive, by the portal's one spreadsheet reader."""
        upload = self.cleaned_data["file"]
        reading.check_upload(upload, formats=("xlsx",))
        return upload


class OpenQuarterForm(forms.Form):
    """Staff open a quarter that has started (a past one, to back-fill it)."""

    quarter = forms.ModelChoiceField(
        label="Quarter",
        queryset=None,
        empty_label="Choose a quarter",
        error_messages={"required": "Choose the quarter to open", "invalid_choice": "Choose the quarter to open"},
    )
    reason = forms.CharField(
        label="Why are you opening it?",
        help_text="For example, to enter last year's returns from the spreadsheets the CSPs sent.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why you are opening this quarter's returns"},
    )

    def __init__(self, *args, today, **kwargs):
        from partnership.models import Quarter

        super().__init__(*args, **kwargs)
        self.fields["quarter"].queryset = Quarter.objects.filter(starts_on__lte=today).order_by("-starts_on")
        self.helper = _helper("Open the returns")
