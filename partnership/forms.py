from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.validators import MaxLengthValidator


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
        help_text="Say what will use it, for example 'Leeds returns spreadsheet'.",
        error_messages={"required": "Enter a name for the token"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = _helper("Create token")


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
