"""The access policy, asked directly. Views' own refusals are tested beside them."""

import pytest
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


def test_a_coordinator_tied_to_no_csp_sees_no_csp_object(reference_data):
    coordinator = User.objects.create_user(username="nobody", role=Role.CSP_COORDINATOR)
    assert not access.is_coordinator(coordinator)
    assert access.visible(coordinator, Organisation.objects.all()).count() == 0


def test_a_coordinator_of_two_csps_reaches_both_and_no_other(reference_data):
    from svd.returns.services import returns_open_quarter

    orgs = reference_data["orgs"]
    quarter = reference_data["years"][2024].quarters.get(number=1)
    returns_open_quarter(quarter=quarter)
    both = User.objects.create_user(
        username="both", role=Role.CSP_COORDINATOR, csps=[orgs["csp_leeds"], orgs["csp_bradford"]]
    )
    only_leeds = User.objects.create_user(username="one", role=Role.CSP_COORDINATOR, csp=orgs["csp_leeds"])
    from svd.models import QuarterlyReturn

    assert {r.csp for r in access.visible(both, QuarterlyReturn.objects.all())} == {
        orgs["csp_leeds"],
        orgs["csp_bradford"],
    }
    assert {r.csp for r in access.visible(only_leeds, QuarterlyReturn.objects.all())} == {orgs["csp_leeds"]}
    bradford_return = QuarterlyReturn.objects.get(csp=orgs["csp_bradford"])
    assert access.can_change(both, bradford_return)
    assert not access.can_change(only_leeds, bradford_return)
    assert both.csp_names == "Bradford CSP and Safer Leeds"
