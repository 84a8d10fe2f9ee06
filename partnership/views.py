from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy

from .forms import PortalPasswordResetForm, PortalSetPasswordForm, SignInForm


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


def accessibility_statement(request):
    return render(request, "partnership/accessibility.html")
