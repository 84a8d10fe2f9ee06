"""Bulk import of outcomes and interventions: atomic, row-by-row errors, idempotent."""

import tablib

from interventions.imports import import_run, read_dataset, template_dataset
from interventions.models import Intervention, OutcomeSource, QuarterlyOutcome
from partnership.models import Quarter

from .factories import make_intervention, provider

HEADERS = ["intervention", "quarter", "young_people", "adults", "workforce_trained"]


def outcome_rows(interventions):
    quarters = [f"{year}/{(year + 1) % 100:02d} Q{n}" for year in (2024, 2025) for n in (1, 2, 3, 4)]
    return [
        [i.reference, q, str(k % 50), str(k % 7), str(k % 3)]
        for k, (i, q) in enumerate((i, q) for i in interventions for q in quarters)
    ]


def dataset(rows):
    return tablib.Dataset(*rows, headers=HEADERS)


def test_it_saves_nothing_from_a_file_with_bad_rows_and_names_each_row_and_column(users, many_interventions):
    rows = outcome_rows(many_interventions)
    rows[9][2] = "lots"  # text in a count: spreadsheet row 11
    rows[99][3] = "-4"  # a negative number: row 101
    rows[499][0] = "no-such-one"  # an unknown intervention: row 501
    rows[1999] = list(rows[0])  # a duplicate of row 2: row 2001

    report = import_run(kind="outcomes", dataset=dataset(rows), dry_run=False, by=users["staff"])

    assert not report.saved
    assert QuarterlyOutcome.objects.count() == 0
    found = {(e.row, e.column) for e in report.errors}
    assert found == {(11, "young_people"), (101, "adults"), (501, "intervention"), (2001, "quarter")}
    messages = {e.row: e.message for e in report.errors}
    assert "lots" in messages[11]
    assert "greater than or equal to 0" in messages[101]
    assert "no-such-one" in messages[501]
    assert "Repeats row 2" in messages[2001]


def test_it_imports_the_fixed_file_once_and_a_second_import_changes_nothing(users, many_interventions):
    rows = outcome_rows(many_interventions)

    preview = import_run(kind="outcomes", dataset=dataset(rows), dry_run=True, by=users["staff"])
    assert (preview.ok, preview.new, QuarterlyOutcome.objects.count()) == (True, 2000, 0)

    first = import_run(kind="outcomes", dataset=dataset(rows), dry_run=False, by=users["staff"])
    assert (first.saved, first.new, first.changed) == (True, 2000, 0)
    assert QuarterlyOutcome.objects.count() == 2000
    assert QuarterlyOutcome.history.count() == 2000
    assert set(QuarterlyOutcome.history.values_list("history_user__username", flat=True)) == {"staff"}
    assert set(QuarterlyOutcome.objects.values_list("source", flat=True)) == {OutcomeSource.IMPORTED}

    second = import_run(kind="outcomes", dataset=dataset(rows), dry_run=False, by=users["staff"])
    assert (second.saved, second.new, second.changed, second.unchanged) == (True, 0, 0, 2000)
    assert QuarterlyOutcome.objects.count() == 2000
    assert QuarterlyOutcome.history.count() == 2000


def test_it_previews_a_change_with_the_old_and_new_counts(users, reference_data):
    intervention = make_intervention(reference_data, "leeds", ref="leeds-one")
    q1 = Quarter.objects.get(financial_year__start_year=2024, number=1)
    QuarterlyOutcome.objects.create(
        intervention=intervention, quarter=q1, young_people=5, adults=1, workforce_trained=0
    )

    report = import_run(
        kind="outcomes", dataset=dataset([["leeds-one", "Q1 2024/25", "9", "1", "0"]]), dry_run=True, by=users["staff"]
    )

    assert report.changed == 1
    assert report.rows[0]["action"] == "Changed"
    assert report.rows[0]["before"] == (5, 1, 0)
    assert report.rows[0]["after"] == ("9", "1", "0")
    assert QuarterlyOutcome.objects.get().young_people == 5


def test_it_reports_missing_columns_without_importing(users, reference_data):
    report = import_run(
        kind="outcomes",
        dataset=tablib.Dataset(["x", "1"], headers=["intervention", "young_people"]),
        dry_run=False,
        by=users["staff"],
    )

    assert not report.ok
    assert "quarter" in report.errors[0].column


def test_it_reads_the_template_back_as_csv_and_xlsx(reference_data):
    for fmt in ("csv", "xlsx"):
        data = template_dataset("outcomes").export(fmt)
        content = data.encode() if isinstance(data, str) else data
        assert read_dataset(content, fmt).headers == HEADERS


def test_it_imports_interventions_matched_on_reference(users, reference_data):
    provider(reference_data)
    headers = [
        "reference",
        "name",
        "provider",
        "districts",
        "status",
        "impact",
        "evidence_quality",
        "cost",
        "approach_name",
        "rated_on",
    ]
    row = [
        "new-one",
        "New one",
        "provider-one",
        "Leeds;Bradford",
        "live",
        "moderate",
        "4",
        "2",
        "Social skills training",
        "2024-03-01",
    ]

    first = import_run(
        kind="interventions", dataset=tablib.Dataset(row, headers=headers), dry_run=False, by=users["staff"]
    )
    second = import_run(
        kind="interventions", dataset=tablib.Dataset(row, headers=headers), dry_run=False, by=users["staff"]
    )

    intervention = Intervention.objects.get(reference="new-one")
    assert (first.new, second.unchanged) == (1, 1)
    assert sorted(d.name for d in intervention.districts.all()) == ["Bradford", "Leeds"]
    assert intervention.qualifies


def test_it_refuses_unknown_districts_and_never_reads_the_qualifies_column(users, reference_data):
    provider(reference_data)
    headers = [
        "reference",
        "name",
        "provider",
        "districts",
        "impact",
        "evidence_quality",
        "qualifies_for_30_percent_rule",
    ]
    rows = tablib.Dataset(
        ["low-one", "Low one", "provider-one", "Leeds", "low", "2", "yes"],
        ["nowhere", "Nowhere", "provider-one", "Leeds;Atlantis", "high", "2", "yes"],
        headers=headers,
    )

    refused = import_run(kind="interventions", dataset=rows, dry_run=False, by=users["staff"])
    del rows[1]
    imported = import_run(kind="interventions", dataset=rows, dry_run=False, by=users["staff"])

    assert [(e.row, e.column) for e in refused.errors] == [(3, "districts")]
    assert "Atlantis" in refused.errors[0].message
    assert imported.saved
    assert not Intervention.objects.get(reference="low-one").qualifies


def test_it_imports_funding_to_the_penny_and_refuses_fractions_of_a_penny_and_text(users, reference_data):
    from decimal import Decimal

    from interventions.models import InterventionFunding

    make_intervention(reference_data, "leeds", ref="leeds-one", amount=None)
    headers = ["intervention", "financial_year", "stream", "amount"]
    bad = tablib.Dataset(
        ["leeds-one", "2024/25", "core", "1.005"],
        ["leeds-one", "2025/26", "core", "lots"],
        ["leeds-one", "2024/25", "svd", "-1"],
        ["leeds-one", "2024/26", "match", "5"],
        ["leeds-one", "2025/26", "gold", "5"],
        headers=headers,
    )
    good = tablib.Dataset(
        ["leeds-one", "2024/25", "core", "£1,302,563.14"], ["leeds-one", "2025/26", "svd", "0.01"], headers=headers
    )

    refused = import_run(kind="funding", dataset=bad, dry_run=False, by=users["staff"])
    first = import_run(kind="funding", dataset=good, dry_run=False, by=users["staff"])
    again = import_run(kind="funding", dataset=good, dry_run=False, by=users["staff"])

    assert {(e.row, e.column) for e in refused.errors} == {
        (2, "amount"),
        (3, "amount"),
        (4, "amount"),
        (5, "financial_year"),
        (6, "stream"),
    }
    assert (first.new, again.unchanged) == (2, 2)
    assert sorted(InterventionFunding.objects.values_list("amount", flat=True)) == [
        Decimal("0.01"),
        Decimal("1302563.14"),
    ]
