"""The access policy, asked directly. Views' own refusals are tested beside them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from partnership import access
from partnership.models import Organisation, Role, User


def test_it_lets_staff_and_admins_see_staff_only_objects(users):
    organisations = Organisation.objects.all()

    for name in ("staff", "admin"):
        assert access.visible(users[name], organisations).count() == organisations.count()
    for name in ("leeds", "panel"):
        assert access.visible(users[name], organisations).count() == 0


def test_it_shows_nothing_to_anonymous_or_disabled_users(users):
    from django.contrib.auth.models import AnonymousUser

    users["staff"].is_active = False
    users["staff"].save()

    assert not access.visible(AnonymousUser(), Organisation.objects.all()).exists()
    assert not access.visible(users["staff"], Organisation.objects.all()).exists()


def test_it_answers_404_not_403_for_an_object_the_user_may_not_see(users, reference_data):
    leeds_csp = reference_data["orgs"]["csp_leeds"]

    with pytest.raises(Http404):
        access.get_visible_or_404(users["leeds"], Organisation.objects.all(), pk=leeds_csp.pk)
    assert access.get_visible_or_404(users["staff"], Organisation.objects.all(), pk=leeds_csp.pk) == leeds_csp


def test_it_fails_closed_for_a_model_not_named_in_the_policy(users):
    assert access.rule_for(User) is access.STAFF_ONLY
    assert access.visible(users["leeds"], User.objects.all()).count() == 0


def test_it_ties_a_coordinator_to_exactly_one_csp(reference_data):
    coordinator = User(username="nobody", role=Role.CSP_COORDINATOR)
    with pytest.raises(ValidationError):
        coordinator.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="nobody", role=Role.CSP_COORDINATOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="staff-with-csp", role=Role.VRP_STAFF, csp=reference_data["orgs"]["csp_leeds"])
