"""API fixtures: personal tokens and clients that present them."""

import pytest
from rest_framework.test import APIClient

from partnership.services import api_token_create


@pytest.fixture
def token_for(users):
    """token_for("leeds") is a new raw token string for that user."""

    def make(name, token_name="test token"):
        _, raw = api_token_create(user=users[name], name=token_name)
        return raw

    return make


@pytest.fixture
def api_for(token_for):
    """api_for("leeds") is an API client that sends a fresh token of that user."""

    def make(name):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(name)}")
        return client

    return make
