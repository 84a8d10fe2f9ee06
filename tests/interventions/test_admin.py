"""The register's admin: import restricted to staff with the change permission, atomic."""

import re

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from interventions.models import QuarterlyOutcome
from partnership.models import Quarter, Role, User

from .factories import make_intervention

IMPORT = "/admin/interventions/quarterlyoutcome/import/"
PROCESS = "/admin/interventions/quarterlyoutcome/process_import/"
GOOD = b"intervention,quarter,young_people,adults,workforce_trained\nleeds-one,2024/25 Q1,5,1,0\n"
BAD = (
    b"intervention,quarter,young_people,adults,workforce_trained\n"
    b"leeds-one,2024/25 Q1,5,1,0\nleeds-one,2024/25 Q2,-3,1,0\n"
)


def admin_user(username, role, *codenames):
    user = User.objects.create_user(username=username, password="correct-horse-battery", role=role, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def csv_index(response):
    """The import form's choice for CSV."""
    return re.search(r'<option value="(\d+)"[^>]*>csv</option>', response.content.decode()).group(1)


def test_it_keeps_import_from_admin_users_without_change_permission_or_staff_role(users, reference_data):
    viewer = admin_user("viewer", Role.VRP_STAFF, "view_quarterlyoutcome")
    panel_with_change = admin_user("panel-admin", Role.PANEL_MEMBER, "view_quarterlyoutcome", "change_quarterlyoutcome")

    assert viewer.get(IMPORT).status_code == 403
    assert panel_with_change.get(IMPORT).status_code == 403


def test_it_previews_then_imports_through_the_admin_and_refuses_a_bad_file_whole(client_for, reference_data):
    make_intervention(reference_data, "leeds", ref="leeds-one")
    client = client_for("admin")
    fmt = csv_index(client.get(IMPORT))

    bad = client.post(IMPORT, {"import_file": SimpleUploadedFile("o.csv", BAD), "format": fmt})
    assert bad.status_code == 200
    assert "greater than or equal to 0" in bad.content.decode()
    assert 'name="import_file_name"' not in bad.content.decode()  # no confirm button
    assert not QuarterlyOutcome.objects.exists()

    preview = client.post(IMPORT, {"import_file": SimpleUploadedFile("o.csv", GOOD), "format": fmt})
    confirm = preview.context["confirm_form"].initial
    done = client.post(PROCESS, confirm)

    assert done.status_code == 302
    assert QuarterlyOutcome.objects.get().young_people == 5
    assert QuarterlyOutcome.history.get().history_user.username == "admin"


def test_it_exports_from_the_admin_with_formulas_neutralised(client_for, reference_data):
    make_intervention(reference_data, "leeds", ref="leeds-one", name="@SUM(A1)")
    client = client_for("admin")

    page = client.get("/admin/interventions/intervention/export/")
    fmt = re.search(r'<option value="(\d+)"[^>]*>csv</option>', page.content.decode()).group(1)
    response = client.post(
        "/admin/interventions/intervention/export/",
        {"format": fmt, "resource": 0, **{f"interventionresource_{name}": "on" for name in ("reference", "name")}},
    )

    assert "'@SUM(A1)" in response.content.decode()


def test_it_names_each_outcome_an_intervention_delete_would_take_with_it(client_for, reference_data):
    intervention = make_intervention(reference_data, "leeds", ref="leeds-one", name="Leeds mentoring")
    for quarter in Quarter.objects.filter(financial_year__start_year=2024, number__in=(1, 2)):
        QuarterlyOutcome.objects.create(intervention=intervention, quarter=quarter, young_people=1)

    page = client_for("admin").get(reverse("admin:interventions_intervention_delete", args=[intervention.pk]))

    assert page.status_code == 200
    assert "Leeds mentoring Q1 2024/25" in page.content.decode()
    assert "Leeds mentoring Q2 2024/25" in page.content.decode()
