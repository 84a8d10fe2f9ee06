"""The import page: check a file, see each bad row, confirm it once; templates to start from."""

import re

from django.urls import reverse

from interventions.models import PendingImport, QuarterlyOutcome


def test_it_previews_then_imports_an_outcomes_file_from_the_staff_page(client_for, register):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("staff")
    csv = b"intervention,quarter,young_people,adults,workforce_trained\nleeds-one,2024/25 Q1,5,1,0\n"

    preview = client.post(
        reverse("interventions:import"), {"kind": "outcomes", "file": SimpleUploadedFile("o.csv", csv)}
    )
    assert preview.context["report"].new == 1
    assert not QuarterlyOutcome.objects.exists()
    token = preview.context["pending"].pk

    done = client.post(reverse("interventions:import"), {"confirm": token})

    assert done.status_code == 302
    assert QuarterlyOutcome.objects.get().young_people == 5


def test_it_shows_each_bad_row_and_column_on_the_staff_page(client_for, register):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = (
        b"intervention,quarter,young_people,adults,workforce_trained\n"
        b"leeds-one,2024/25 Q1,five,1,0\n"
        b"nope,2024/25 Q9,1,1,1\n"
    )

    response = client_for("staff").post(
        reverse("interventions:import"), {"kind": "outcomes", "file": SimpleUploadedFile("o.csv", csv)}
    )

    errors = {(e.row, e.column) for e in response.context["report"].errors}
    assert errors == {(2, "young_people"), (3, "intervention"), (3, "quarter")}
    assert response.context["pending"] is None
    assert not PendingImport.objects.exists()  # nothing kept to confirm


def test_it_offers_the_templates(client_for, reference_data):
    response = client_for("staff").get(reverse("interventions:import_template", args=["outcomes", "csv"]))

    # UTF-8 with a byte-order mark, so Excel shows £ and accents as typed.
    assert response.content.startswith(b"\xef\xbb\xbf")
    # The columns, then one example row a newcomer can copy (issue 13): an
    # intervention's reference, the latest quarter, and the three counts.
    header, example = response.content.decode("utf-8-sig").strip().split("\r\n")
    assert header == "intervention,quarter,young_people,adults,workforce_trained"
    reference, quarter, *counts = example.split(",")
    assert reference and re.fullmatch(r"\d{4}/\d{2} Q[1-4]", quarter)
    assert counts == ["12", "3", "0"]


def test_it_says_next_to_the_file_field_when_the_file_is_not_a_spreadsheet(client_for, register):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for("staff").post(
        reverse("interventions:import"), {"kind": "outcomes", "file": SimpleUploadedFile("o.xlsx", b"not a workbook")}
    )

    assert "could not be read as XLSX" in response.context["form"].errors["file"][0]
    assert response.context["report"] is None


def test_it_says_how_large_an_import_file_may_be(client_for, register, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PORTAL_UPLOAD_MAX_BYTES = 100
    csv = b"intervention,quarter,young_people,adults,workforce_trained\n" + b"leeds-one,2024/25 Q1,5,1,0\n" * 10

    response = client_for("staff").post(
        reverse("interventions:import"), {"kind": "outcomes", "file": SimpleUploadedFile("o.csv", csv)}
    )

    assert response.context["form"].errors["file"] == [
        "The selected file must be smaller than 100\xa0bytes: split it into several files."
    ]
    assert not QuarterlyOutcome.objects.exists()


def test_it_checks_a_file_of_several_new_interventions_without_a_query_per_row(client_for, reference_data):
    """Found by issue 13's journey: two new interventions in one file made the
    N+1 detector (on in the suite) fail each row while the import was checked."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import provider

    provider(reference_data)
    csv = (
        b"reference,name,provider,districts,status\n"
        b"first-new,First new,provider-one,Leeds,live\n"
        b"second-new,Second new,provider-one,Bradford,live\n"
    )

    response = client_for("staff").post(
        reverse("interventions:import"), {"kind": "interventions", "file": SimpleUploadedFile("i.csv", csv)}
    )

    report = response.context["report"]
    assert [e.message for e in report.errors] == []
    assert report.new == 2
