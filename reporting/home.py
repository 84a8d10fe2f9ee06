"""The home page: what each person has to do, by role.

It lives on the top floor because it draws on every app's selectors.
"""
from django.shortcuts import render

from partnership import access
from partnership.access import signed_in_required

from .compliance import staff_compliance_tasks
from .views_compliance import compliance_year


@signed_in_required
def home(request):
    user = request.user
    tasks = []
    if access.is_staff(user):
        template = "reporting/home_staff.html"
        tasks += staff_compliance_tasks(compliance_year())
    elif access.is_coordinator(user):
        template = "reporting/home_coordinator.html"
    else:
        template = "reporting/home_panel.html"
    return render(request, template, {"tasks": tasks})
