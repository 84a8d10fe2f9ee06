"""Rate limits per token and per IP address, with a clear 429."""

import pytest
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

ORGANISATIONS = "/api/v1/organisations/"


@pytest.fixture
def rates(monkeypatch):
    """Small rates for the test; the throttles read them at class level."""
    from partnership.api_support import throttles

    def set_rates(**scopes):
        merged = dict(api_settings.DEFAULT_THROTTLE_RATES, **scopes)
        for cls in (throttles.TokenRateThrottle, throttles.SessionUserRateThrottle, throttles.IPRateThrottle):
            monkeypatch.setattr(cls, "THROTTLE_RATES", merged)

    return set_rates


def test_it_limits_each_token_separately(rates, token_for):
    rates(token="3/minute")
    first, second = APIClient(), APIClient()
    first.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for('staff', 'one')}")
    second.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for('staff', 'two')}")
    assert [first.get(ORGANISATIONS).status_code for _ in range(3)] == [200, 200, 200]
    response = first.get(ORGANISATIONS)
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert body["errors"] == []
    assert 0 < body["retry_after"] <= 60
    assert body["detail"].startswith("Too many requests. Wait ")
    assert int(response["Retry-After"]) == body["retry_after"]
    # The other token has its own budget.
    assert second.get(ORGANISATIONS).status_code == 200


def test_it_limits_each_ip_address_whoever_asks(rates, client_for, api_for):
    rates(ip="2/minute")
    staff = client_for("staff")
    assert staff.get(ORGANISATIONS, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert staff.get(ORGANISATIONS, REMOTE_ADDR="10.0.0.1").status_code == 200
    # Another user's token from the same address shares the address's budget.
    assert api_for("staff2").get(ORGANISATIONS, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert staff.get(ORGANISATIONS, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_it_limits_a_browser_session_by_user(rates, client_for):
    rates(user="1/minute")
    staff = client_for("staff")
    assert staff.get(ORGANISATIONS).status_code == 200
    assert staff.get(ORGANISATIONS).status_code == 429
    assert client_for("staff2").get(ORGANISATIONS).status_code == 200
