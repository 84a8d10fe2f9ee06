"""Sign-in, the home page each role sees, and the public pages."""

import pytest
from django.urls import reverse

HOME = reverse("home")


def test_it_sends_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


@pytest.mark.parametrize(
    "name, heading",
    [
        ("staff", "Your work as VRP staff"),
        ("admin", "Portal administration"),
        ("leeds", "Safer Leeds: your returns"),
        ("bradford", "Bradford CSP: your returns"),
        ("panel", "Papers for the reporting body"),  # the test partnership has not named it
    ],
)
def test_it_shows_each_role_its_own_home_page(client_for, name, heading):
    response = client_for(name).get(HOME)

    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in response.content.decode()


def test_it_signs_in_with_a_username_and_password(client, users):
    response = client.post(reverse("login"), {"username": "leeds", "password": "correct-horse-battery"})

    assert response.status_code == 302
    assert client.get(HOME).status_code == 200


def test_it_refuses_a_wrong_password_with_a_message_and_no_session(client, users):
    response = client.post(reverse("login"), {"username": "leeds", "password": "wrong"})

    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_it_signs_out_on_post(client_for):
    client = client_for("staff")

    client.post(reverse("logout"))

    assert client.get(HOME).status_code == 302


def test_it_shows_the_accessibility_statement_to_anyone(client, db):
    response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    assert "WCAG" in response.content.decode()


def test_it_shows_the_service_name_from_settings_and_the_partnership_name_from_data(client_for, settings):
    settings.PORTAL_SERVICE_NAME = "Serious Violence Portal"

    page = client_for("staff").get(HOME).content.decode()

    assert "Serious Violence Portal" in page
    assert "Test Violence Reduction Partnership" in page


def test_it_lists_published_reports_on_a_panel_members_home_page_and_no_drafts(demo, client):
    from partnership.models import Role, User
    from reporting.models import PanelReport, ReportStatus

    published = PanelReport.objects.get(status=ReportStatus.PUBLISHED)
    draft = PanelReport.objects.create(
        title="Draft update",
        meeting_date=published.meeting_date,
        financial_year=published.financial_year,
        up_to_quarter=3,
    )
    client.force_login(User.objects.create_user(username="another-panel-member", role=Role.PANEL_MEMBER))

    page = client.get(HOME).content.decode()

    assert "The latest paper" in page
    assert f'href="{reverse("reporting:report_detail", args=[published.pk])}"' in page
    assert published.title in page
    assert "Draft update" not in page and f"reports/{draft.pk}/" not in page
