"""The first-run path (issue 13): an admin on a new install sees what to set up."""

import pytest
from django.test import Client
from django.urls import reverse

from partnership.models import Role, User


@pytest.fixture
def first_admin(db):
    return User.objects.create_superuser(username="first", password="correct-horse-battery", role=Role.ADMIN)


def test_the_first_admin_on_an_empty_install_sees_the_set_up_list_and_the_admin(first_admin):
    client = Client()
    client.force_login(first_admin)
    page = client.get(reverse("home")).content.decode()
    assert "Set up your partnership" in page
    assert "You have done 0 of 5 steps" in page
    assert reverse("admin:index") in page
    assert reverse("admin:partnership_partnership_add") in page
    for step in ("Partnership details", "Districts and CSPs", "Financial years", "People", "The first grant"):
        assert step in page


def test_steps_are_marked_done_as_the_partnership_is_set_up(first_admin, reference_data):
    client = Client()
    client.force_login(first_admin)
    page = client.get(reverse("reporting:setup")).content.decode()
    # reference_data: a partnership, two districts with their CSPs, two years; no people, no grant.
    assert "You have done 3 of 5 steps" in page


def test_staff_are_not_shown_the_set_up_list(users):
    client = Client()
    client.force_login(users["staff"])
    page = client.get(reverse("home")).content.decode()
    assert "Set up your partnership" not in page
    assert client.get(reverse("reporting:setup")).status_code == 403


def test_createsuperuser_makes_an_administrator(db):
    from django.core.management import call_command

    call_command("createsuperuser", interactive=False, username="boot", email="boot@example.org", verbosity=0)
    assert User.objects.get(username="boot").role == Role.ADMIN


def test_it_pins_the_queries_of_the_set_up_list(first_admin, reference_data, django_assert_num_queries):
    client = Client()
    client.force_login(first_admin)
    client.get(reverse("reporting:setup"))
    # session, user, partnership (page header, then the first step), districts, CSPs
    # without a coordinator, staff, CSPs, years, grants; the session's save: 3.
    with django_assert_num_queries(13):
        client.get(reverse("reporting:setup"))
