"""Grant pages: who may use them, what they save, what they refuse, and the history."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import BudgetLine, Grant, GrantDocument, Programme
from partnership.services import full_year_period
from tests.govuk import error_next_to, summary_links_to

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def grant_data(reference_data, **overrides):
    data = {
        "reference": "other-2025-26",
        "funder": reference_data["orgs"]["home_office"].pk,
        "programme": Programme.OTHER,
        "period": full_year_period(reference_data["years"][2025]).pk,
        "amount": "12500.00",
        "status": "confirmed",
        "arrangement": "",
        "arrangement_year": "",
        "arrangement_years": "",
        "notes": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", ["grant_list", "grant_create"])
def test_it_sends_anonymous_users_to_sign_in(client, users, name):
    response = client.get(reverse(f"grants:{name}"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["leeds", "panel"])
@pytest.mark.parametrize("name", ["grant_list", "grant_create", "contribution_list", "contribution_create"])
def test_it_refuses_grant_pages_to_everyone_but_staff(client_for, who, name):
    assert client_for(who).get(reverse(f"grants:{name}")).status_code == 403


@pytest.mark.parametrize("who", ["leeds", "panel"])
def test_it_refuses_a_grants_detail_history_and_edit_to_non_staff(client_for, core_grant, who):
    for name in ("grant_detail", "grant_history", "grant_edit", "grant_conditions_edit"):
        assert client_for(who).get(reverse(f"grants:{name}", args=[core_grant.pk])).status_code == 403


def test_it_answers_404_for_a_grant_that_does_not_exist(client_for, core_grant):
    assert client_for("staff").get(reverse("grants:grant_detail", args=[core_grant.pk + 100])).status_code == 404


def test_it_lists_grants_with_a_fixed_number_of_queries(
    client_for, core_grant, reference_data, django_assert_num_queries
):
    client = client_for("staff")
    # session, user, the grants with funder, period, year and conditions (one join),
    # the partnership's name (context processor), then saving the session (savepoint, update, release)
    with django_assert_num_queries(7):
        first = client.get(reverse("grants:grant_list"))
    for n in range(5):
        Grant.objects.create(
            reference=f"extra-{n}",
            funder=reference_data["orgs"]["home_office"],
            programme=Programme.OTHER,
            period=full_year_period(reference_data["years"][2025]),
            amount=Decimal("10.00"),
        )
    with django_assert_num_queries(7):
        second = client.get(reverse("grants:grant_list"))
    assert "£4,341,877.11" in first.content.decode()
    assert second.content.decode().count("extra-") == 5


def test_it_creates_a_grant(client_for, reference_data):
    response = client_for("staff").post(reverse("grants:grant_create"), grant_data(reference_data))

    grant = Grant.objects.get(reference="other-2025-26")
    assert response.status_code == 302 and response["Location"] == reverse("grants:grant_detail", args=[grant.pk])
    assert grant.amount == Decimal("12500.00")
    assert grant.history.get().history_user.username == "staff"


@pytest.mark.parametrize(
    "amount, message",
    [
        ("-1.00", "The amount must be £0.00 or more"),
        ("10.001", "no more than 2 decimal places"),
        ("1000000000000.00", "The amount must be less than £1,000,000,000,000"),
        ("twelve pounds", "Enter an amount in pounds, like 1250.00"),
        ("", "Enter the amount awarded"),
    ],
)
def test_it_refuses_a_bad_amount_next_to_the_field_and_saves_nothing(client_for, reference_data, amount, message):
    response = client_for("staff").post(reverse("grants:grant_create"), grant_data(reference_data, amount=amount))

    page = response.content.decode()
    assert response.status_code == 200  # the form again, with its errors (partnership.pages)
    assert summary_links_to(page, "amount")
    assert message in error_next_to(page, "amount")
    assert not Grant.objects.exists()


def test_it_refuses_an_arrangement_year_beyond_its_length(client_for, reference_data):
    data = grant_data(reference_data, arrangement_year="4", arrangement_years="3")
    response = client_for("staff").post(reverse("grants:grant_create"), data)
    assert response.status_code == 200  # the form again, with its errors (partnership.pages)
    assert "cannot be after its last year" in response.content.decode()
    assert not Grant.objects.exists()


def test_it_keeps_a_visible_history_of_who_changed_what(client_for, reference_data, core_grant):
    data = grant_data(
        reference_data,
        reference=core_grant.reference,
        programme="vru_core",
        period=core_grant.period_id,
        amount="4341877.12",
        status="rollover",
    )
    client_for("staff2").post(reverse("grants:grant_edit", args=[core_grant.pk]), data)

    core_grant.refresh_from_db()
    assert core_grant.amount == Decimal("4341877.12") and core_grant.version == 2
    page = client_for("staff").get(reverse("grants:grant_history", args=[core_grant.pk])).content.decode()
    assert "staff2" in page
    assert "4341877.11" in page and "4341877.12" in page
    assert "Confirmed" in page and "Rollover" in page


def test_it_stores_conditions_as_a_percentage_of_a_reference_allocation(client_for, core_grant):
    response = client_for("staff").post(
        reverse("grants:grant_conditions_edit", args=[core_grant.pk]),
        {
            "match_funding_basis": "percentage",
            "match_funding_amount": "",
            "match_funding_percent": "20",
            "match_reference_amount": "3370000",
            "match_reference_label": "2021/22 allocation",
            "qualifying_share_percent": "30",
        },
    )
    assert response.status_code == 302
    page = client_for("staff").get(reverse("grants:grant_detail", args=[core_grant.pk])).content.decode()
    assert "£674,000.00" in page
    assert "£1,302,563.14" in page  # 30% is £1,302,563.133: a minimum rounds up


def test_it_asks_for_the_amount_when_match_funding_is_entered(client_for, core_grant):
    response = client_for("staff").post(
        reverse("grants:grant_conditions_edit", args=[core_grant.pk]),
        {"match_funding_basis": "amount", "match_funding_amount": "", "qualifying_share_percent": "30"},
    )
    assert response.status_code == 200  # the form again, with its errors (partnership.pages)
    assert "Enter the match funding required" in response.content.decode()
    core_grant.conditions.refresh_from_db()
    assert core_grant.conditions.match_funding_basis == "percentage"


def test_it_refuses_a_percentage_over_100(client_for, core_grant):
    response = client_for("staff").post(
        reverse("grants:grant_conditions_edit", args=[core_grant.pk]),
        {"match_funding_basis": "amount", "match_funding_amount": "674000", "qualifying_share_percent": "130"},
    )
    assert response.status_code == 200  # the form again, with its errors (partnership.pages)
    assert "The percentage must be 100 or less" in response.content.decode()


def test_it_warns_but_saves_a_budget_line_that_over_allocates_the_grant(client_for, core_grant):
    response = client_for("staff").post(
        reverse("grants:budget_line_create", args=[core_grant.pk]),
        {"kind": "staffing", "description": "Everything and more", "amount": "5000000.00"},
        follow=True,
    )
    assert BudgetLine.objects.get().amount == Decimal("5000000.00")
    assert "add up to more than the grant" in response.content.decode()


def test_it_refuses_a_negative_budget_line(client_for, core_grant):
    response = client_for("staff").post(
        reverse("grants:budget_line_create", args=[core_grant.pk]),
        {"kind": "staffing", "description": "Refund", "amount": "-5.00"},
    )
    assert response.status_code == 200
    assert "The amount must be £0.00 or more" in error_next_to(response.content.decode(), "amount")
    assert not BudgetLine.objects.exists()


def test_it_stores_a_supporting_document_and_serves_it_only_to_staff(client_for, client, core_grant):
    upload = SimpleUploadedFile("Offer letter.pdf", PDF, content_type="application/pdf")
    client_for("staff").post(
        reverse("grants:grant_document_upload", args=[core_grant.pk]), {"title": "Offer letter", "file": upload}
    )

    document = GrantDocument.objects.get()
    assert document.original_name == "Offer letter.pdf"
    assert "Offer letter" not in document.file.name and document.file.name.endswith(".pdf")
    url = reverse("grants:grant_document_download", args=[core_grant.pk, document.pk])
    detail = client_for("staff").get(reverse("grants:grant_detail", args=[core_grant.pk])).content.decode()
    assert f'href="{url}"' in detail and "uploaded by staff" in detail
    download = client_for("staff2").get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert 'attachment; filename="Offer letter.pdf"' in download["Content-Disposition"]
    assert client_for("leeds").get(url).status_code == 403
    assert client_for("panel").get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_it_refuses_a_document_that_is_not_what_it_claims(client_for, core_grant):
    upload = SimpleUploadedFile("letter.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client_for("staff").post(
        reverse("grants:grant_document_upload", args=[core_grant.pk]), {"title": "Letter", "file": upload}
    )
    assert response.status_code == 200  # the form again, with its errors (partnership.pages)
    assert "The selected file must be a PDF" in response.content.decode()
    assert not GrantDocument.objects.exists()


def test_it_adds_entered_conditions_to_a_grant_without_any_and_shows_them_in_its_history(client_for, reference_data):
    grant = Grant.objects.create(
        reference="other",
        funder=reference_data["orgs"]["home_office"],
        programme=Programme.OTHER,
        period=full_year_period(reference_data["years"][2025]),
        amount=Decimal("1000.00"),
    )
    response = client_for("staff").post(
        reverse("grants:grant_conditions_edit", args=[grant.pk]),
        {
            "match_funding_basis": "amount",
            "match_funding_amount": "150.00",
            "match_funding_percent": "20",
            "match_reference_amount": "999",
            "qualifying_share_percent": "33.33",
        },
    )

    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.conditions.required_match_funding() == Decimal("150.00")
    assert grant.conditions.match_funding_percent is None  # the basis is an amount: the rest is cleared
    assert grant.conditions.minimum_qualifying_spend() == Decimal("333.30")
    history = client_for("staff").get(reverse("grants:grant_history", args=[grant.pk])).content.decode()
    assert "Conditions" in history


@pytest.mark.parametrize("who", ["leeds", "panel"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_refuses_grant_exports_to_non_staff(client_for, core_grant, who, fmt):
    assert client_for(who).get(reverse("grants:grant_export", args=[fmt])).status_code == 403


def test_it_answers_404_for_an_unknown_export_format(client_for, core_grant):
    assert client_for("staff").get(reverse("grants:grant_export", args=["pdf"])).status_code == 404
