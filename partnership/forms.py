from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.validators import (
    DecimalValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    StepValueValidator,
)

from partnership.money import money_from_text


def _helper(label):
    helper = FormHelper()
    helper.form_tag = False
    helper.add_input(Button("submit", label))
    return helper


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been disabled. Ask a portal administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        # AuthenticationForm only sets the HTML maxlength; enforce it, so an
        # overlong name is refused here and never reaches the lockout records.
        limit = self.fields["username"].max_length or 150
        self.fields["username"].validators.append(
            MaxLengthValidator(limit, message=f"Username must be {limit} characters or fewer")
        )
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = _helper("Sign in")


class TwoFactorCodeForm(forms.Form):
    otp_token = forms.CharField(
        label="Code",
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        max_length=16,
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "class": "govuk-input--width-10"}
        ),
    )

    def __init__(self, *args, submit_label="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label)


class PortalPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.helper = _helper("Send reset link")


class PortalSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs.update({"autocomplete": "new-password"})
        self.helper = _helper("Save password")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="Say what will use it, for example 'returns spreadsheet'.",
        error_messages={"required": "Enter a name for the token"},
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        required=False,
        empty_value=None,  # the default term
        help_text="After this it stops working, and you make a new one.",
        error_messages={"invalid_choice": "Choose when the token expires"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        default = settings.PORTAL_API_TOKEN_DAYS
        terms = sorted({7, 30, 90, 180, 365, default})
        self.fields["days"].choices = [(days, f"{days} days") for days in terms]
        self.fields["days"].initial = default
        self.helper = _helper("Create token")


MONEY_ERRORS = {
    "required": "Enter an amount in pounds",
    "invalid": "Enter an amount in pounds, like 1,250.00",
    "min_value": "The amount must be £0.00 or more",
    "max_decimal_places": "Enter the amount to the nearest penny (no more than 2 decimal places)",
    "max_digits": "The amount must be less than £1,000,000,000,000",
    "max_whole_digits": "The amount must be less than £1,000,000,000,000",
}


class MoneyField(forms.DecimalField):
    """An amount in pounds, read by partnership.money.money_from_text: "£1,250.50"
    is accepted on every form as on the return annexes and the API."""

    default_error_messages = MONEY_ERRORS

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = str(money_from_text(value))
            except ValueError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)

    def widget_attrs(self, widget):
        return {}  # a text input: no number-input step or min that would refuse "1,250.00"

    @classmethod
    def replacing(cls, field: forms.DecimalField, **error_messages) -> "MoneyField":
        """The same field (label, help text, required, limits) read as money."""
        kept = [
            v
            for v in field.validators
            if not isinstance(v, (DecimalValidator, MinValueValidator, MaxValueValidator, StepValueValidator))
        ]
        new = cls(
            required=field.required,
            label=field.label,
            help_text=field.help_text,
            initial=field.initial,
            disabled=field.disabled,
            min_value=field.min_value,
            max_value=field.max_value,
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            validators=kept,
        )
        new.error_messages.update(error_messages)
        return new


class NotificationPreferencesForm(forms.Form):
    wanted = forms.MultipleChoiceField(
        label="E-mail me when",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick what you do not want by e-mail. You will still see it on your home page.",
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = list(kinds)
        self.helper = _helper("Save e-mail choices")
