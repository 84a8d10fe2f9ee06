from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .forms import SignInForm


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def accessibility_statement(request):
    return render(request, "partnership/accessibility.html")
