"""Hostile and odd text and numbers at the forms, the API and the return pages
(issue 15, items 4 and the input defects): one rule for text (partnership.text),
one reader for typed money (partnership.money.money_from_text), and a page for
a request over the body limit. Run on PostgreSQL too, where NUL was a 500."""

import json
import re
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from grants.models import Grant
from svd.models import FundingLine
from tests.govuk import error_next_to
from tests.grants.test_views_grants import grant_data
from tests.svd.returns.test_api import draft_body, etag


def _narrative_post(quarterly_return, text):
    line = quarterly_return.annex_b_lines.first()
    return line, {"version": quarterly_return.version, f"b-{line.pk}-narrative": text}


def _error_of(page, name):
    found = re.search(rf'<p id="{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>|Error:", "", found.group(1)).strip() if found else ""


@pytest.mark.parametrize("char, named", [("\x00", "a NUL character"), ("\x07", "U+0007"), ("\x1b", "U+001B")])
def test_it_refuses_a_control_character_in_a_narrative_next_to_the_field(client_for, q1, char, named):
    leeds = q1["leeds"]
    line, data = _narrative_post(leeds, f"Sessions ran{char} weekly")
    response = client_for("leeds").post(reverse("svd:annex_b_edit", args=[leeds.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert named in _error_of(page, f"b-{line.pk}-narrative")
    assert "weekly</textarea>" in page  # what was typed is kept
    leeds.refresh_from_db()
    assert leeds.version == 1
    line.refresh_from_db()
    assert line.narrative == ""


def test_it_keeps_tabs_and_line_breaks_in_a_narrative(client_for, q1):
    leeds = q1["leeds"]
    line, data = _narrative_post(leeds, "First line\r\n\tIndented second line")
    assert client_for("leeds").post(reverse("svd:annex_b_edit", args=[leeds.pk]), data).status_code == 302
    line.refresh_from_db()
    assert line.narrative == "First line\r\n\tIndented second line"


def test_it_refuses_a_3_mb_narrative_next_to_the_field_keeping_what_was_typed(client_for, q1):
    leeds = q1["leeds"]
    text = ("Weekly sessions. " * 180_000).strip()  # about 3 MB
    line, data = _narrative_post(leeds, text)
    response = client_for("leeds").post(reverse("svd:annex_b_edit", args=[leeds.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Enter 20,000 characters or fewer (this has {len(text):,})" in _error_of(page, f"b-{line.pk}-narrative")
    assert text in page
    leeds.refresh_from_db()
    assert leeds.version == 1


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_240)
def test_it_explains_a_request_over_the_body_limit(client_for, q1):
    leeds = q1["leeds"]
    _, data = _narrative_post(leeds, "x" * 20_000)
    response = client_for("leeds").post(reverse("svd:annex_b_edit", args=[leeds.pk]), data)
    assert response.status_code == 413
    page = response.content.decode()
    assert "What you sent was too large" in page and "Nothing was saved" in page and "10.0\xa0KB" in page


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_240)
def test_it_explains_an_api_request_over_the_body_limit_in_json(users, q1):
    client = APIClient()
    client.force_authenticate(users["leeds"])
    body = {"annex_b": [{"id": q1["leeds"].annex_b_lines.first().pk, "narrative": "x" * 20_000}]}
    leeds = q1["leeds"]
    response = client.patch(f"/api/v1/returns/{leeds.pk}/", body, format="json", HTTP_IF_MATCH=etag(leeds))
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_it_refuses_nul_through_the_api_naming_the_field(users, q1):
    leeds = q1["leeds"]
    client = APIClient()
    client.force_authenticate(users["leeds"])
    body = draft_body(leeds)
    body["annex_b"][0]["narrative"] = "Sessions\x00 ran"
    response = client.patch(f"/api/v1/returns/{leeds.pk}/", body, format="json", HTTP_IF_MATCH=etag(leeds))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["field"] == "annex_b.0.narrative" and "NUL" in errors[0]["message"]
    leeds.refresh_from_db()
    assert leeds.version == 1


def test_it_refuses_a_lone_surrogate_through_the_api(users, q1):
    client = APIClient()
    client.force_authenticate(users["staff"])
    leeds = q1["leeds"]
    raw = '{"comments": "Fix \\ud800 this"}'  # valid JSON, but no database can store it
    response = client.post(
        f"/api/v1/returns/{leeds.pk}/return/", raw, content_type="application/json", HTTP_IF_MATCH=etag(leeds)
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "comments"


@pytest.mark.parametrize("notes, message", [("Offer\x00 letter", "Null characters"), ("Offer\x01", "U+0001")])
def test_it_refuses_control_characters_on_every_form_next_to_the_field(client_for, reference_data, notes, message):
    response = client_for("staff").post(reverse("grants:grant_create"), grant_data(reference_data, notes=notes))
    assert response.status_code == 200
    assert message in error_next_to(response.content.decode(), "notes")
    assert not Grant.objects.exists()


def test_it_refuses_control_characters_in_the_admin(client_for, reference_data):
    response = client_for("admin").post(
        reverse("admin:interventions_toolkitapproach_add"),
        {"name": "Mentoring\x02", "impact": "moderate", "evidence_quality": "3", "cost": "1"},
    )
    assert response.status_code == 200 and "U+0002" in response.content.decode()


# --- Money: one reader, thousands separators accepted everywhere -------------------
@pytest.mark.parametrize("typed, saved", [("1,000.00", "1000.00"), ("£12,500", "12500.00"), (" 250.5 ", "250.50")])
def test_it_accepts_thousands_separators_on_the_grant_forms(client_for, reference_data, typed, saved):
    response = client_for("staff").post(reverse("grants:grant_create"), grant_data(reference_data, amount=typed))
    assert response.status_code == 302, error_next_to(response.content.decode(), "amount")
    assert Grant.objects.get().amount == Decimal(saved)


@pytest.mark.parametrize("typed", ["1,25", "1,0,0", "1e5", "12 500", "٣"])
def test_it_refuses_ambiguous_amounts_on_the_grant_forms(client_for, reference_data, typed):
    response = client_for("staff").post(reverse("grants:grant_create"), grant_data(reference_data, amount=typed))
    assert "Enter an amount in pounds" in error_next_to(response.content.decode(), "amount")


def test_it_reads_amounts_the_same_way_on_annex_a_and_the_api(client_for, users, q1):
    # Annex A asks only for spend this quarter (spend to date is worked out from
    # the previous approved quarter's); the API may send both.
    leeds = q1["leeds"]
    line = leeds.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    field = f"a-{line.pk}-spend_this_quarter"
    data = {"version": 1, field: "1,0,00", f"a-{line.pk}-explanation": "A large first quarter"}
    page = client_for("leeds").post(reverse("svd:annex_a_edit", args=[leeds.pk]), data).content.decode()
    assert "as an amount in pounds" in _error_of(page, field)
    leeds.refresh_from_db()
    assert leeds.version == 1

    saved = client_for("leeds").post(reverse("svd:annex_a_edit", args=[leeds.pk]), {**data, field: "1,000.00"})
    assert saved.status_code == 302, _error_of(saved.content.decode(), field)
    line.refresh_from_db()
    assert line.spend_this_quarter == line.spend_to_date == Decimal("1000.00")

    leeds.refresh_from_db()
    client = APIClient()
    client.force_authenticate(users["leeds"])
    figures = {"spend_this_quarter": "1,250.00", "spend_to_date": "£1,250.00", "explanation": "A large first quarter"}
    body = {"annex_a": [{"id": line.pk, **figures}]}
    response = client.patch(f"/api/v1/returns/{leeds.pk}/", body, format="json", HTTP_IF_MATCH=etag(leeds))
    assert response.status_code == 200, json.dumps(response.json())
    line.refresh_from_db()
    assert line.spend_this_quarter == line.spend_to_date == Decimal("1250.00")


# --- Query strings -----------------------------------------------------------------
@pytest.mark.parametrize("year, status", [("²", 200), ("99999999999999999999", 404), ("-1", 404), ("2024\x00", 200)])
def test_it_answers_odd_years_on_the_open_data_page_without_an_error(client_for, reference_data, year, status):
    assert client_for("staff").get(reverse("open_data:index"), {"year": year}).status_code == status
