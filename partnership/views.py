from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from . import access, notifications, services, two_factor
from .access import signed_in_required
from .forms import (
    ApiTokenForm,
    NotificationPreferencesForm,
    PortalPasswordResetForm,
    PortalSetPasswordForm,
    SignInForm,
)
from .models import ApiToken


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def signed_in_locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when a username+IP pair has failed too often:
    the sign-in page again, with the reason and what to do, and HTTP 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = SignInForm(request)
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": True, "cooloff_minutes": minutes, "next": request.POST.get("next", "")},
        status=429,
    )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    @property
    def extra_email_context(self):
        return {"site_name": settings.PORTAL_SERVICE_NAME}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = PortalSetPasswordForm
    success_url = reverse_lazy("password_reset_complete")


class InvitationAcceptView(PasswordResetConfirmView):
    """The invitation's set-password link (partnership.people.invitation_tokens)."""

    template_name = "registration/invitation_accept.html"

    @property
    def token_generator(self):
        from .people import invitation_tokens

        return invitation_tokens


def accessibility_statement(request):
    return render(request, "partnership/accessibility.html")


@signed_in_required
def account(request):
    """The user's profile: their role, and their personal API tokens."""
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if two_factor.is_required_for(request.user) and not request.user.is_verified():
            # Never reached through the pages (the middleware asks for the second
            # factor first), but a token must never be a way round it.
            form.add_error(None, "Sign in with two-factor authentication before you create a token")
        if form.is_valid():
            token, raw = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
            # Shown once, on this response only; never stored or put in a message or the session.
            response = render(
                request, "partnership/account.html", _account_context(request, ApiTokenForm(), token, raw)
            )
            response["Cache-Control"] = "no-store"
            return response
    else:
        form = ApiTokenForm()
    return render(request, "partnership/account.html", _account_context(request, form))


def _preferences_form(user, data=None):
    preferences = notifications.preferences_for(user)
    kinds = [(kind.value, kind.label) for kind in notifications.kinds_for(user)]
    initial = {"wanted": [kind for kind, _ in kinds if preferences[kind]]}
    return NotificationPreferencesForm(data, kinds=kinds, initial=initial)


def _account_context(request, form, new_token=None, new_secret=None, preferences_form=None):
    return {
        "preferences_form": preferences_form or _preferences_form(request.user),
        "form": form,
        "tokens": access.visible(request.user, ApiToken.objects.all()),
        "new_token": new_token,
        "new_secret": new_secret,
        "default_days": settings.PORTAL_API_TOKEN_DAYS,
    }


@signed_in_required
@require_POST
def notification_preferences(request):
    form = _preferences_form(request.user, request.POST)
    if not form.is_valid():
        return render(
            request, "partnership/account.html", _account_context(request, ApiTokenForm(), preferences_form=form)
        )
    notifications.preferences_save(user=request.user, wanted=set(form.cleaned_data["wanted"]))
    messages.success(request, "Your e-mail choices are saved.")
    return redirect("account")


@signed_in_required
@require_POST
def notice_dismiss(request, pk):
    notifications.notice_dismiss(user=request.user, pk=pk)
    return redirect("home")


@signed_in_required
@require_POST
def api_token_revoke(request, pk):
    token = access.get_changeable_or_404(request.user, ApiToken.objects.all(), pk=pk)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, f"Token ‘{token.name}’ revoked. It no longer works.")
    return redirect("account")
