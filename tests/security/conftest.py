"""Fixtures for the portal-wide security tests: the West Yorkshire demo data with
its own users, one per role, and two CSPs (Leeds, Bradford) to play own and other."""

import pytest
from django.test import Client

from partnership.models import User

DEMO_USERNAMES = {
    "staff": "vrp-staff",
    "leeds": "csp-leeds",
    "bradford": "csp-bradford",
    "panel": "panel-member",
    "admin": "admin",
}


@pytest.fixture
def demo_users(demo):
    return {role: User.objects.get(username=username) for role, username in DEMO_USERNAMES.items()}


@pytest.fixture
def client_as(demo_users):
    """client_as("leeds") is a client signed in as the demo's Leeds coordinator;
    client_as("anonymous") is not signed in."""

    def make(role):
        client = Client()
        if role != "anonymous":
            client.force_login(demo_users[role])
        return client

    return make


class _AccessMatrixCounter:
    def __init__(self):
        self.checked = set()
        self.pairs = 0
        self.requests = 0

    def add(self, route, role):
        self.requests += 1
        if (route, role) not in self.checked:
            self.checked.add((route, role))
            self.pairs = len(self.checked)


_COUNTER = _AccessMatrixCounter()


@pytest.fixture
def access_matrix_counter():
    return _COUNTER


def pytest_terminal_summary(terminalreporter):
    if _COUNTER.pairs:
        routes = len({route for route, _ in _COUNTER.checked})
        terminalreporter.write_line(
            f"access matrix: {_COUNTER.pairs} (route, role) pairs checked over {routes} routes "
            f"({_COUNTER.requests} requests, own- and other-CSP objects included)"
        )
