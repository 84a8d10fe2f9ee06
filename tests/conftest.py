"""Fixtures every app's tests share: the reference data and one user per role.

Every test that checks access uses at least three users: the one who may act,
a colleague with the same rights, and an outsider (the other CSP's coordinator,
a panel member) who must be refused.
"""

import pytest

from partnership.models import District, Organisation, OrganisationKind, Partnership, Role, User
from partnership.services import financial_year_ensure
from tests.demo_snapshot import DEMO_PASSWORD, DemoSnapshot

# Fixtures more than one folder uses; never import a fixture by name.
pytest_plugins = ["tests.plugins.celery_worker", "tests.plugins.returns"]


@pytest.fixture
def reference_data(db):
    """A small partnership: two districts (Leeds, Bradford) with their CSPs,
    a partnership-wide district, the Home Office, and 2024/25 and 2025/26."""
    Partnership.objects.create(name="Test Violence Reduction Partnership", short_name="Test VRP", area_name="Testshire")
    wide = District.objects.create(name="Partnership-wide", is_partnership_wide=True, position=99)
    leeds = District.objects.create(name="Leeds", code="E08000035", position=1)
    bradford = District.objects.create(name="Bradford", code="E08000032", position=2)
    organisations = {
        "home_office": Organisation.objects.create(
            ref="home-office", name="Home Office", kind=OrganisationKind.FUNDER, district=wide
        ),
        "csp_leeds": Organisation.objects.create(
            ref="csp-leeds", name="Safer Leeds", kind=OrganisationKind.COMMUNITY_SAFETY_PARTNERSHIP, district=leeds
        ),
        "csp_bradford": Organisation.objects.create(
            ref="csp-bradford",
            name="Bradford CSP",
            kind=OrganisationKind.COMMUNITY_SAFETY_PARTNERSHIP,
            district=bradford,
        ),
        "police": Organisation.objects.create(
            ref="police", name="Test Police", kind=OrganisationKind.POLICE, district=wide
        ),
    }
    years = {start: financial_year_ensure(start_year=start) for start in (2024, 2025)}
    return {"districts": {"wide": wide, "leeds": leeds, "bradford": bradford}, "orgs": organisations, "years": years}


def _user(username, role, csp=None):
    user = User.objects.create_user(username=username, password="correct-horse-battery", role=role, csp=csp)
    return user


@pytest.fixture
def users(reference_data):
    orgs = reference_data["orgs"]
    return {
        "staff": _user("staff", Role.VRP_STAFF),
        "staff2": _user("staff2", Role.VRP_STAFF),
        "leeds": _user("leeds", Role.CSP_COORDINATOR, orgs["csp_leeds"]),
        "bradford": _user("bradford", Role.CSP_COORDINATOR, orgs["csp_bradford"]),
        "panel": _user("panel", Role.PANEL_MEMBER),
        "admin": User.objects.create_superuser(username="admin", password="correct-horse-battery", role=Role.ADMIN),
    }


@pytest.fixture
def client_for(client, users):
    """client_for("leeds") is a test client signed in as that user."""
    from django.test import Client

    def make(name):
        c = Client()
        c.force_login(users[name])
        return c

    return make


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """load_demo's rows and files, built once per session (tests/demo_snapshot.py)."""
    with django_db_blocker.unblock():
        snapshot = DemoSnapshot()
    yield snapshot
    snapshot.close()


@pytest.fixture
def demo(db, demo_snapshot, settings, monkeypatch):
    """The full West Yorkshire demo data, exactly as `load_demo` leaves it, and
    nothing else: each test starts from it whatever an earlier test changed.
    Under `transactional_db` the rows are committed (a live server or a worker
    sees them). The demo users' password is DEMO_PASSWORD."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    demo_snapshot.restore(settings.MEDIA_ROOT)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """API throttles count requests in the cache: each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _delete_confirmations_name_objects_one_by_one():
    """Django's admin delete confirmation names every object a delete would take
    with it, one __str__ at a time: an N+1 on a rare staff page that is Django's
    own, accepted in docs/decisions/0103. The N+1 detector looks away from that
    one call (which the confirmation page and the "delete selected" action both
    make) and keeps watching the rest of every admin page."""
    from django.contrib.admin import ModelAdmin
    from zeal import zeal_ignore

    django_get_deleted_objects = ModelAdmin.get_deleted_objects

    def get_deleted_objects(self, objs, request):
        with zeal_ignore():
            return django_get_deleted_objects(self, objs, request)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ModelAdmin, "get_deleted_objects", get_deleted_objects)
        yield
