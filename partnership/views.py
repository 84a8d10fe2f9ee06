from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import access, services
from .access import signed_in_required
from .forms import ApiTokenForm, SignInForm
from .models import ApiToken


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def accessibility_statement(request):
    return render(request, "partnership/accessibility.html")


@signed_in_required
def account(request):
    """The user's profile: their role, and their personal API tokens."""
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            token, raw = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
            # Shown once, on this response only; never stored or put in a message or the session.
            response = render(request, "partnership/account.html", _account_context(request, ApiTokenForm(), token, raw))
            response["Cache-Control"] = "no-store"
            return response
    else:
        form = ApiTokenForm()
    return render(request, "partnership/account.html", _account_context(request, form))


def _account_context(request, form, new_token=None, new_secret=None):
    return {
        "form": form,
        "tokens": access.visible(request.user, ApiToken.objects.all()),
        "new_token": new_token,
        "new_secret": new_secret,
    }


@signed_in_required
@require_POST
def api_token_revoke(request, pk):
    token = access.get_changeable_or_404(request.user, ApiToken.objects.all(), pk=pk)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, f"Token ‘{token.name}’ revoked. It no longer works.")
    return redirect("account")
