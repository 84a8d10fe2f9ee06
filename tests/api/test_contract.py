"""Contract tests: Schemathesis generates requests from the live OpenAPI schema
and checks each response against it, as VRP staff and as a CSP coordinator.

No 5xx, every status code and body as documented. The WSGI app is called in
process, so it sees the test database with the West Yorkshire demo loaded.
Every built-in check runs except `positive_data_acceptance`, which expects any
schema-valid request to succeed. The schema cannot say "an id that exists", so
a filter naming an unknown grant or district (`?grant=-279`) is schema-valid.
The API answers it with a documented 400 that names the field, by design.

Examples per operation are bounded (CONTRACT_EXAMPLES, default 15) to keep the
test to a minute or two; raise it locally to search harder.
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from partnership.models import User
from partnership.services import api_token_create

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "15"))


@pytest.fixture
def generous_rates(monkeypatch):
    """Throttling has its own tests; here it would only cut the search short."""
    from partnership.api_support import throttles

    for cls in (throttles.TokenRateThrottle, throttles.SessionUserRateThrottle, throttles.IPRateThrottle):
        monkeypatch.setattr(cls, "THROTTLE_RATES", {"token": None, "user": None, "ip": None})


@pytest.fixture
def wsgi_app():
    """The real WSGI app, kept from closing the test's database connection at the
    end of each request (as Django's own test client does)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("username", ["vrp-staff", "csp-leeds"])
def test_it_answers_every_operation_as_the_schema_says(demo, generous_rates, wsgi_app, username):
    _, raw = api_token_create(user=User.objects.get(username=username), name="contract test")
    headers = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app, headers=headers)

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    failures = []
    for operation in operations:

        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            check()
        except (Exception, BaseExceptionGroup) as failure:  # gather every operation's failures, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}:\n{failure}")
    assert not failures, f"{len(failures)} operations break the contract as {username}:\n\n" + "\n\n".join(failures)
