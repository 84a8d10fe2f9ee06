"""/healthz: open to anyone, cheap, and it says only ok / down / not configured."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(CELERY_BROKER_URL="")
def test_it_reports_ok_without_a_sign_in(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # SELECT 1
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "not configured", "storage": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_it_answers_503_when_the_broker_is_down_and_names_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "down", "storage": "ok"}
    assert b"127.0.0.1" not in response.content and b"redis" not in response.content.lower()


def test_it_answers_503_when_storage_is_unusable(client, tmp_path):
    not_a_directory = tmp_path / "media"
    not_a_directory.write_text("")
    with override_settings(MEDIA_ROOT=str(not_a_directory)):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["storage"] == "down"
    assert str(tmp_path).encode() not in response.content


def test_it_answers_503_when_the_database_is_down(client, monkeypatch):
    from partnership import health

    def broken():
        raise RuntimeError("connection refused to db.internal:5432")

    monkeypatch.setattr(health, "_database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert b"db.internal" not in response.content


def test_it_refuses_anything_but_get(client):
    assert client.post("/healthz").status_code == 405


def test_it_reports_a_live_redis_broker_as_ok(client):
    url = __import__("os").environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/6"
    with override_settings(CELERY_BROKER_URL=url):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"
