"""Forms for SVD allocations: one form to override a stream's shares."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from partnership.edit_conflicts import EditVersionFormMixin, StaleEdit
from partnership.forms import MoneyField
from partnership.models import SPECIFIED_AUTHORITY_KINDS, Organisation, OrganisationKind

from . import services
from .models import SvdAllocation, SvdRecipient

MONEY_ERRORS = {
    "required": "Enter an amount in pounds",
    "invalid": "Enter an amount in pounds, like 8025.18",
    "min_value": "The amount must be £0.00 or more",
    "max_decimal_places": "Enter the amount to the nearest penny (no more than 2 decimal places)",
    "max_digits": "The amount must be less than £1,000,000,000,000",
    "max_whole_digits": "The amount must be less than £1,000,000,000,000",
}


class SharesOverrideForm(EditVersionFormMixin, forms.Form):
    """One amount per recipient, and the reason. The service decides whether it adds up."""

    reason = forms.CharField(
        label="Why are the shares being changed?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for changing the shares"},
        help_text="This is recorded with your name and the time, and kept in the history.",
    )

    def __init__(self, *args, allocation, stream, shares, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.allocation, self.stream, self.shares, self.by = allocation, stream, shares, by
        for share in shares:
            self.fields[f"share_{share.pk}"] = MoneyField(
                label=share.recipient.name, initial=share.amount, min_value=0, error_messages=MONEY_ERRORS
            )
        self.fields["reason"] = self.fields.pop("reason")
        self.add_edit_version(allocation.version)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Button("submit", "Save the shares"))

    def save(self):
        """Run the override service; its refusals become errors on this form, nothing saved."""
        amounts = {share.pk: self.cleaned_data[f"share_{share.pk}"] for share in self.shares}
        try:
            return services.svd_shares_override(
                allocation=self.allocation,
                stream=self.stream,
                amounts=amounts,
                reason=self.cleaned_data["reason"],
                by=self.by,
                version=self.edit_version,
            )
        except StaleEdit as stale:
            self.show_conflict(stale)
            return None
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
            return None


class AllocationForm(EditVersionFormMixin, forms.ModelForm):
    class Meta:
        model = SvdAllocation
        fields = ["period", "grant", "labour_amount", "non_labour_amount", "status", "notes"]
        labels = {"labour_amount": "Labour", "non_labour_amount": "Non-labour"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each period's label names its financial year: load them with the periods.
        self.fields["period"].queryset = self.fields["period"].queryset.select_related("financial_year")
        self.fields["grant"].queryset = self.fields["grant"].queryset.select_related("period__financial_year")
        for name in ("labour_amount", "non_labour_amount"):
            self.fields[name] = MoneyField.replacing(self.fields[name], **MONEY_ERRORS)
        if self.instance.pk:
            self.add_edit_version(self.instance.version)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Button("submit", "Save"))


class RecipientForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Add a recipient",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose an organisation", "invalid_choice": "Choose an organisation from the list"},
        help_text="Recipients receive leftover pennies in the order they were added.",
    )

    def __init__(self, *args, allocation, **kwargs):
        super().__init__(*args, **kwargs)
        taken = SvdRecipient.objects.filter(allocation=allocation).values("organisation")
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Q(kind__in=SPECIFIED_AUTHORITY_KINDS) | Q(kind=OrganisationKind.COMMUNITY_SAFETY_PARTNERSHIP)
        ).exclude(pk__in=taken)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Button("submit", "Add recipient"))
