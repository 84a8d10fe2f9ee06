"""The OpenAPI schema: served live, checked in, documented, and a docs page that
needs no inline script."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from partnership.api_support.schema_file import checked_in_schema_yaml, generate_schema_yaml


def test_it_keeps_the_checked_in_schema_in_step_with_the_code():
    assert generate_schema_yaml() == checked_in_schema_yaml(), (
        "docs/api/openapi.yaml is out of date: run `.venv/bin/python manage.py api_schema` and commit it."
    )


def test_it_fails_the_check_command_when_the_file_is_stale(monkeypatch, tmp_path):
    from partnership.api_support import schema_file
    from partnership.management.commands import api_schema

    stale = tmp_path / "openapi.yaml"
    stale.write_text("openapi: 3.0.3\n")
    monkeypatch.setattr(schema_file, "SCHEMA_FILE", stale)
    monkeypatch.setattr(api_schema, "checked_in_schema_yaml", lambda: stale.read_text())
    with pytest.raises(CommandError):
        call_command("api_schema", "--check")


def test_it_documents_every_operation_with_access_and_errors():
    schema = yaml.safe_load(checked_in_schema_yaml())
    assert "apiToken" in schema["components"]["securitySchemes"]
    for route, item in schema["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {route}"
            assert "**Access:**" in operation.get("description", ""), where
            for code in ("400", "401", "403", "429"):
                assert code in operation["responses"], f"{where} does not document {code}"
                assert operation["responses"][code]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ApiError"
                }
            if "{" in route:
                assert "404" in operation["responses"], where
            if method in ("put", "patch"):
                assert {"412", "428"} <= set(operation["responses"]), f"{where} must use ConditionalUpdateMixin"


def test_it_documents_filters_and_ordering_on_every_list():
    schema = yaml.safe_load(checked_in_schema_yaml())
    for route, item in schema["paths"].items():
        operation = item.get("get")
        if operation is None or "{" in route or "results" not in str(operation["responses"]["200"]):
            continue
        names = {p["name"] for p in operation.get("parameters", [])}
        assert {"page", "ordering"} <= names, f"GET {route} lacks paging or ordering"
        assert names - {"page", "ordering"}, f"GET {route} has no filters"


def test_it_serves_the_live_schema_to_signed_in_users(api_for, client):
    response = api_for("leeds").get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/organisations/" in response.content
    assert client.get("/api/schema/").status_code == 401


def test_it_serves_a_docs_page_with_no_inline_script_or_style(client_for, client):
    response = client_for("staff").get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts, "the page loads Swagger UI"
    assert all('src="' in attrs and not body.strip() for attrs, body in scripts)
    assert "<style" not in html and "style=" not in html
    assert "cdn" not in html.lower()
    # The start-up script is a separate file, from this site.
    init = re.search(r'<script src="([^"]*script[^"]*)"', html).group(1)
    script = client_for("staff").get(init.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_it_sends_anonymous_visitors_of_the_docs_page_to_sign_in(client, users):
    response = client.get("/api/docs/")
    assert response.status_code == 302
