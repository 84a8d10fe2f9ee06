"""SVD allocation pages, exports and API: staff manage; a coordinator sees only their own CSP's shares."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from partnership.models import Organisation, OrganisationKind
from partnership.services import full_year_period
from svd.models import SvdAllocation, SvdRecipient, SvdShare
from svd.services import svd_allocation_split
from tests.govuk import error_next_to


def staff_urls(allocation):
    return [
        reverse("svd:allocation_list"),
        reverse("svd:allocation_create"),
        reverse("svd:allocation_detail", args=[allocation.pk]),
        reverse("svd:allocation_edit", args=[allocation.pk]),
        reverse("svd:shares_override", args=[allocation.pk, "labour"]),
    ]


@pytest.mark.parametrize("who", ["leeds", "panel"])
def test_it_refuses_allocation_pages_to_non_staff(client_for, allocation, who):
    for url in staff_urls(allocation):
        assert client_for(who).get(url).status_code == 403, url
    assert client_for(who).post(reverse("svd:allocation_split", args=[allocation.pk])).status_code == 403


def test_it_sends_anonymous_users_to_sign_in(client, allocation):
    for url in staff_urls(allocation) + [reverse("svd:my_shares"), reverse("svd:share_export", args=["csv"])]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_it_shows_staff_every_share_and_whether_they_add_up(client_for, allocation):
    page = client_for("staff").get(reverse("svd:allocation_detail", args=[allocation.pk])).content.decode()

    assert "£33.34" in page and "£21,812.15" in page
    assert "Safer Leeds" in page and "Bradford CSP" in page
    assert "add up to" not in page  # no warning


def test_the_list_says_shares_add_up_as_the_detail_page_does(client_for, allocation):
    # Three recipients: a sum over a join with them counted every share three times.
    client = client_for("staff")
    row = [r for r in client.get(reverse("svd:allocation_list")).content.decode().split("<tr") if "2024/25" in r][0]
    assert '<strong class="govuk-tag govuk-tag--green">Yes</strong>' in row
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in row  # recipients, once each

    share = allocation.shares.get(stream="labour", position=1)
    SvdShare.objects.filter(pk=share.pk).update(amount=share.amount + Decimal("0.01"))
    row = [r for r in client.get(reverse("svd:allocation_list")).content.decode().split("<tr") if "2024/25" in r][0]
    assert '<strong class="govuk-tag govuk-tag--red">No</strong>' in row


def test_it_lists_allocations_with_a_fixed_number_of_queries(
    client_for, allocation, reference_data, django_assert_num_queries
):
    client = client_for("staff")
    # session, user, allocations with period, year, grant and share totals (one query),
    # the partnership (context processor), saving the session (savepoint, update, release)
    with django_assert_num_queries(7):
        client.get(reverse("svd:allocation_list"))
    second = SvdAllocation.objects.create(
        period=full_year_period(reference_data["years"][2025]),
        labour_amount=Decimal("1.00"),
        non_labour_amount=Decimal("2.00"),
    )
    SvdRecipient.objects.create(allocation=second, organisation=reference_data["orgs"]["police"], position=1)
    svd_allocation_split(allocation=second)
    with django_assert_num_queries(7):
        page = client.get(reverse("svd:allocation_list")).content.decode()
    assert "2025/26" in page and "2024/25" in page


def test_it_overrides_shares_through_the_form(client_for, allocation):
    shares = list(allocation.shares.filter(stream="labour").order_by("position"))
    data = {f"share_{s.pk}": v for s, v in zip(shares, ["40.00", "30.00", "30.00"], strict=True)} | {
        "version": SvdAllocation.objects.get(pk=allocation.pk).version,
        "reason": "Agreed at the board",
    }

    response = client_for("staff").post(
        reverse("svd:shares_override", args=[allocation.pk, "labour"]), data, follow=True
    )

    page = response.content.decode()
    assert "Overridden" in page and "Agreed at the board" in page and "staff" in page
    assert sorted(allocation.shares.filter(stream="labour").values_list("amount", flat=True)) == [
        Decimal("30.00"),
        Decimal("30.00"),
        Decimal("40.00"),
    ]


def test_it_says_clearly_when_overridden_shares_do_not_add_up(client_for, allocation):
    shares = list(allocation.shares.filter(stream="labour").order_by("position"))
    data = {f"share_{s.pk}": v for s, v in zip(shares, ["40.00", "30.00", "29.00"], strict=True)} | {
        "version": SvdAllocation.objects.get(pk=allocation.pk).version,
        "reason": "Agreed",
    }

    response = client_for("staff").post(reverse("svd:shares_override", args=[allocation.pk, "labour"]), data)

    page = response.content.decode()
    assert response.status_code == 200  # the form again, with its errors (partnership.pages)
    assert "govuk-error-summary" in page
    assert "add up to £99.00 but the labour amount is £100.00" in page and "£1.00 short" in page
    assert not SvdShare.objects.filter(is_override=True).exists()


@pytest.mark.parametrize(
    "value, message",
    [
        ("-1.00", "£0.00 or more"),
        ("1.005", "no more than 2 decimal places"),
        ("ten", "Enter an amount in pounds"),
        ("1000000000000.00", "less than £1,000,000,000,000"),
    ],
)
def test_it_refuses_a_bad_share_amount_next_to_the_field(client_for, allocation, value, message):
    shares = list(allocation.shares.filter(stream="labour").order_by("position"))
    data = {f"share_{s.pk}": "33.33" for s in shares} | {f"share_{shares[0].pk}": value, "reason": "x"}

    response = client_for("staff").post(reverse("svd:shares_override", args=[allocation.pk, "labour"]), data)

    assert response.status_code == 200  # the form again, with its errors (partnership.pages)
    assert message in error_next_to(response.content.decode(), f"share_{shares[0].pk}")
    assert not SvdShare.objects.filter(is_override=True).exists()


def test_it_requires_a_reason_for_an_override(client_for, allocation):
    shares = list(allocation.shares.filter(stream="labour").order_by("position"))
    data = {f"share_{s.pk}": v for s, v in zip(shares, ["40.00", "30.00", "30.00"], strict=True)} | {
        "version": SvdAllocation.objects.get(pk=allocation.pk).version,
        "reason": "",
    }
    response = client_for("staff").post(reverse("svd:shares_override", args=[allocation.pk, "labour"]), data)
    assert "Enter the reason for changing the shares" in error_next_to(response.content.decode(), "reason")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("labour_amount", "-5", "£0.00 or more"),
        ("non_labour_amount", "1.234", "2 decimal places"),
        ("labour_amount", "lots", "Enter an amount in pounds"),
        ("labour_amount", "123456789012345", "less than"),
    ],
)
def test_it_refuses_a_bad_allocation_amount_and_saves_nothing(client_for, reference_data, field, value, message):
    period = full_year_period(reference_data["years"][2025])
    data = {
        "period": period.pk,
        "grant": "",
        "labour_amount": "10.00",
        "non_labour_amount": "20.00",
        "status": "confirmed",
        "notes": "",
    }
    data[field] = value
    response = client_for("staff").post(reverse("svd:allocation_create"), data)
    assert response.status_code == 200  # the form again, with its errors (partnership.pages)
    assert message in error_next_to(response.content.decode(), field)
    assert not SvdAllocation.objects.exists()


def test_it_adds_a_recipient_and_splits_again_in_stated_order(client_for, allocation, reference_data):
    fire = Organisation.objects.create(
        ref="fire",
        name="Test Fire",
        kind=OrganisationKind.FIRE_AND_RESCUE,
        district=reference_data["districts"]["wide"],
    )
    client = client_for("staff")
    client.post(reverse("svd:recipient_add", args=[allocation.pk]), {"organisation": fire.pk})
    client.post(reverse("svd:allocation_split", args=[allocation.pk]))

    labour = list(
        allocation.shares.filter(stream="labour").order_by("position").values_list("recipient__ref", "amount")
    )
    assert labour == [
        ("police", Decimal("25.00")),
        ("csp-leeds", Decimal("25.00")),
        ("csp-bradford", Decimal("25.00")),
        ("fire", Decimal("25.00")),
    ]


# --- What a coordinator sees ----------------------------------------------


def test_it_shows_a_coordinator_only_their_own_csps_shares(client_for, allocation):
    page = client_for("leeds").get(reverse("svd:my_shares")).content.decode()

    assert "Safer Leeds" in page
    assert "£33.33" in page and "£21,812.16" in page
    assert "Bradford CSP" not in page and "Test Police" not in page
    assert "£33.34" not in page and "£21,812.15" not in page  # others' shares
    assert "£100.00" not in page and "£65,436.47" not in page  # the allocation itself is staff-only


def test_it_hides_override_reasons_from_a_coordinator(client_for, allocation):
    shares = list(allocation.shares.filter(stream="labour").order_by("position"))
    data = {f"share_{s.pk}": v for s, v in zip(shares, ["40.00", "30.00", "30.00"], strict=True)} | {
        "version": SvdAllocation.objects.get(pk=allocation.pk).version,
        "reason": "Police analyst: staff only",
    }
    client_for("staff").post(reverse("svd:shares_override", args=[allocation.pk, "labour"]), data)

    page = client_for("leeds").get(reverse("svd:my_shares")).content.decode()
    export = client_for("leeds").get(reverse("svd:share_export", args=["csv"])).content.decode()
    api = client_for("leeds").get("/api/v1/svd-shares/").content.decode()
    for text in (page, export, api):
        assert "staff only" not in text and "override" not in text.lower()


def test_it_refuses_my_shares_to_panel_members_and_staff(client_for, allocation):
    assert client_for("panel").get(reverse("svd:my_shares")).status_code == 403
    assert client_for("staff").get(reverse("svd:my_shares")).status_code == 403  # staff use the allocation pages


def test_it_shows_my_shares_with_a_fixed_number_of_queries(
    client_for, allocation, reference_data, django_assert_num_queries
):
    client = client_for("leeds")
    # session, user, the user's CSP (for the page), shares with allocation, period, year and recipient,
    # the partnership (context processor), saving the session (savepoint, update, release)
    with django_assert_num_queries(8):
        client.get(reverse("svd:my_shares"))
    second = SvdAllocation.objects.create(
        period=full_year_period(reference_data["years"][2025]),
        labour_amount=Decimal("1.00"),
        non_labour_amount=Decimal("2.00"),
    )
    SvdRecipient.objects.create(allocation=second, organisation=reference_data["orgs"]["csp_leeds"], position=1)
    svd_allocation_split(allocation=second)
    with django_assert_num_queries(8):
        page = client.get(reverse("svd:my_shares")).content.decode()
    assert "2025/26" in page


def test_it_exports_to_a_coordinator_only_their_own_shares(client_for, allocation):
    response = client_for("bradford").get(reverse("svd:share_export", args=["csv"]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["recipient"] for r in rows} == {"Bradford CSP"}
    assert {r["amount"] for r in rows} == {"33.33", "21812.15"}
    assert "override reason" not in rows[0]


def test_it_exports_every_share_to_staff_as_xlsx(client_for, allocation):
    response = client_for("staff").get(reverse("svd:share_export", args=["xlsx"]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    amounts = [Decimal(str(row[header.index("amount")])) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(amounts) == 6 and sum(amounts) == Decimal("65536.47")
    assert "override reason" in header


def test_it_refuses_share_exports_to_panel_members(client_for, allocation):
    assert client_for("panel").get(reverse("svd:share_export", args=["csv"])).status_code == 403


def test_it_gives_a_coordinator_only_their_own_shares_in_the_api(client_for, allocation):
    leeds = client_for("leeds")
    body = leeds.get("/api/v1/svd-shares/").json()

    assert {r["recipient"] for r in body["results"]} == {"Safer Leeds"}
    assert {r["amount"] for r in body["results"]} == {"33.33", "21812.16"}
    bradford_share = SvdShare.objects.get(recipient__ref="csp-bradford", stream="labour")
    assert leeds.get(f"/api/v1/svd-shares/{bradford_share.pk}/").status_code == 404
    assert leeds.get("/api/v1/svd-allocations/").json()["results"] == []
    assert leeds.get(f"/api/v1/svd-allocations/{allocation.pk}/").status_code == 404


def test_it_gives_staff_allocations_with_recipients_and_shares(client_for, allocation):
    body = client_for("staff").get(f"/api/v1/svd-allocations/{allocation.pk}/").json()

    assert body["total"] == "65536.47"
    assert [r["organisation"] for r in body["recipients"]] == ["Test Police", "Safer Leeds", "Bradford CSP"]
    assert sum(Decimal(s["amount"]) for s in body["shares"]) == Decimal("65536.47")


def test_it_refuses_writes_to_shares_through_the_api(client_for, allocation):
    share = SvdShare.objects.first()
    client = client_for("staff")
    for amount in ("-1.00", "1.001", "1000000000000.00", "text"):
        assert (
            client.patch(
                f"/api/v1/svd-shares/{share.pk}/", {"amount": amount}, content_type="application/json"
            ).status_code
            == 405
        )
    assert (
        client.post("/api/v1/svd-allocations/", {"labour_amount": "-1"}, content_type="application/json").status_code
        == 405
    )
    share.refresh_from_db()
    assert share.amount == Decimal("33.34")


def test_it_lists_api_shares_with_a_fixed_number_of_queries(
    client_for, allocation, reference_data, django_assert_num_queries
):
    client = client_for("staff")
    # session, user, count, shares with allocation, period, year and recipient (one join), session save (3)
    with django_assert_num_queries(7):
        client.get("/api/v1/svd-shares/")
    SvdRecipient.objects.create(allocation=allocation, organisation=reference_data["orgs"]["home_office"], position=4)
    svd_allocation_split(allocation=allocation)
    with django_assert_num_queries(7):
        assert client.get("/api/v1/svd-shares/").json()["count"] == 8


def test_it_lists_api_allocations_with_a_fixed_number_of_queries(
    client_for, allocation, reference_data, django_assert_num_queries
):
    client = client_for("staff")
    # session, user, count, allocations (period, year, grant joined), recipients, shares, session save (3)
    with django_assert_num_queries(9):
        client.get("/api/v1/svd-allocations/")
    second = SvdAllocation.objects.create(
        period=full_year_period(reference_data["years"][2025]),
        labour_amount=Decimal("1.00"),
        non_labour_amount=Decimal("2.00"),
    )
    SvdRecipient.objects.create(allocation=second, organisation=reference_data["orgs"]["police"], position=1)
    svd_allocation_split(allocation=second)
    with django_assert_num_queries(9):
        assert client.get("/api/v1/svd-allocations/").json()["count"] == 2


def test_it_lists_one_year_s_allocations_with_their_totals_in_one_more_query(
    client_for, allocation, reference_data, django_assert_num_queries
):
    second = SvdAllocation.objects.create(
        period=full_year_period(reference_data["years"][2025]),
        labour_amount=Decimal("1.00"),
        non_labour_amount=Decimal("2.00"),
    )
    SvdRecipient.objects.create(allocation=second, organisation=reference_data["orgs"]["police"], position=1)
    svd_allocation_split(allocation=second)
    client = client_for("staff")

    # as for every year, and the year asked for
    with django_assert_num_queries(8):
        response = client.get(reverse("svd:allocation_list"), {"year": 2025})

    page = response.content.decode()
    assert [a.pk for a in response.context["allocations"]] == [second.pk]
    assert 'id="allocations-total">£3.00</td>' in page and 'id="shares-issued-total">£3.00</td>' in page
    assert client.get(reverse("svd:allocation_list"), {"year": 1999}).status_code == 404
