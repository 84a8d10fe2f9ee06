"""Reconciliation: for partnerships generated at random, every published figure is
the same on the compliance page, in the report's JSON snapshot, in its HTML twin
(the "figures in this report" table), in the figures API and in the figures
export, and equals the figure this test computes itself from the rows it made.

Each example renders the HTML twin; the first PDF_EXAMPLES examples of a run also
render the PDF (WeasyPrint, about a second each) and read its text with pypdf, as
tests/reporting/test_pdf.py does. CI=true runs 200 examples; elsewhere 25
(RECONCILIATION_EXAMPLES=n for another number; HYPOTHESIS_PROFILE=ci for CI's).

The rows are made directly (bulk_create), not through the services: the point is
to reconcile the reading side with rows in every state, including states the
services would only reach through many steps.
"""

import io
import os
import re
from datetime import UTC, datetime, timedelta
from decimal import ROUND_CEILING, Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from rest_framework.test import APIClient

from grants.models import BudgetLine, Grant, GrantConditions, MatchContribution
from interventions.models import Intervention, InterventionFunding, QuarterlyOutcome
from partnership.models import District, Organisation, Partnership, Quarter, Role, User
from partnership.services import financial_year_ensure, full_year_period
from reporting import selectors
from reporting.figure_registry import BY_KEY, COUNT, FIGURES
from reporting.models import PanelReport
from reporting.pdf import render
from svd.models import AnnexALine, QuarterlyReturn, SvdAllocation, SvdRecipient, SvdShare

settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
settings.register_profile(
    "dev", max_examples=int(os.environ.get("RECONCILIATION_EXAMPLES", "25")), deadline=None, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev"))

PDF_EXAMPLES = 3
LONDON = ZoneInfo("Europe/London")
PENNY = Decimal("0.01")
STATES = ["not_started", "draft", "submitted", "returned", "resubmitted", "approved"]
RECEIVED = {"submitted", "resubmitted", "approved"}
STREAMS = ("labour", "non_labour")
SA_KINDS = [
    "police",
    "local_authority",
    "probation",
    "fire_and_rescue",
    "youth_justice_service",
    "integrated_care_board",
]

money = st.integers(min_value=0, max_value=5_000_000_00).map(lambda p: Decimal(p) * PENNY)
small_money = st.integers(min_value=0, max_value=50_000_00).map(lambda p: Decimal(p) * PENNY)

intervention = st.fixed_dictionaries(
    {
        "impact": st.sampled_from(["", "harmful", "no_effect", "low", "moderate", "high"]),
        "evidence": st.one_of(st.none(), st.integers(1, 5)),
        # (year, stream) -> amount: funding in several years and streams
        "funding": st.dictionaries(
            st.tuples(st.sampled_from([2024, 2025]), st.sampled_from(["core", "svd"])), small_money, max_size=4
        ),
        "outcomes": st.dictionaries(
            st.integers(1, 4), st.tuples(st.integers(0, 500), st.integers(0, 100), st.integers(0, 50)), max_size=4
        ),
    }
)
a_return = st.fixed_dictionaries(
    {
        "status": st.sampled_from(STATES),
        # Minutes from midnight UTC on the due date: around the deadline, across the BST hour.
        "submitted_minutes": st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60),
        "spend": st.tuples(small_money, small_money),
    }
)
partnership = st.fixed_dictionaries(
    {
        "csps": st.integers(1, 50),
        "authorities": st.integers(0, 6),
        "core_grant": st.one_of(st.none(), money),
        "qualifying_percent": st.integers(0, 10000).map(lambda n: Decimal(n) / 100),
        "match_required": small_money,
        "contributions": st.lists(
            st.tuples(st.sampled_from(["pledged", "confirmed", "evidenced"]), small_money), max_size=5
        ),
        "budget_lines": st.lists(small_money, max_size=3),
        "svd": st.one_of(st.none(), st.tuples(small_money, small_money)),
        "order_seed": st.randoms(use_true_random=False),
        "overrides": st.lists(
            st.tuples(st.sampled_from(STREAMS), st.integers(0, 99), st.integers(0, 99), st.integers(1, 500)),
            max_size=3,
        ),
        "interventions": st.lists(intervention, max_size=8),
        # returns[csp index][quarter] for quarters 1-4 of 2024/25; missing: not opened
        "returns": st.lists(st.dictionaries(st.integers(1, 4), a_return, max_size=4), min_size=50, max_size=50),
    }
)


def gbp(value) -> str:
    """The test's own formatting of money (not partnership.money's)."""
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


def split(amount: Decimal, count: int) -> list[Decimal]:
    pennies = int(amount * 100)
    base, left = divmod(pennies, count)
    return [Decimal(base + (1 if i < left else 0)) * PENNY for i in range(count)]


@pytest.fixture
def world(db):
    Partnership.objects.create(name="Random VRP", short_name="RVRP", area_name="Randomshire")
    years = {y: financial_year_ensure(start_year=y) for y in (2024, 2025)}
    wide = District.objects.create(name="Partnership-wide", is_partnership_wide=True, position=999)
    funder = Organisation.objects.create(ref="home-office", name="Home Office", kind="funder", district=wide)
    provider = Organisation.objects.create(ref="provider", name="Provider", kind="provider", district=wide)
    staff = User.objects.create_user(username="recon-staff", password="x" * 12, role=Role.VRP_STAFF)
    quarters = {q.number: q for q in Quarter.objects.filter(financial_year=years[2024])}
    return {"years": years, "wide": wide, "funder": funder, "provider": provider, "staff": staff, "quarters": quarters}


def build(world, p) -> dict:
    """Make the partnership's rows and return the figures computed from them, by key."""
    year = world["years"][2024]
    period = full_year_period(year)
    districts = District.objects.bulk_create(
        District(name=f"District {i}", code=f"E0{i:07d}", position=i) for i in range(p["csps"])
    )
    csps = Organisation.objects.bulk_create(
        Organisation(ref=f"csp-{i}", name=f"CSP {i:02d}", kind="csp", district=d) for i, d in enumerate(districts)
    )
    authorities = Organisation.objects.bulk_create(
        Organisation(ref=f"sa-{i}", name=f"Authority {i}", kind=SA_KINDS[i % len(SA_KINDS)], district=world["wide"])
        for i in range(p["authorities"])
    )
    expected = {}

    # Core grant, conditions, contributions and budget lines.
    core = p["core_grant"]
    budget = sum(p["budget_lines"], Decimal("0.00")) if core is not None else Decimal("0.00")
    if core is not None:
        grant = Grant.objects.create(
            reference="core", funder=world["funder"], programme="vru_core", period=period, amount=core
        )
        GrantConditions.objects.create(
            grant=grant, match_funding_amount=p["match_required"], qualifying_share_percent=p["qualifying_percent"]
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(grant=grant, kind="other", description=f"Line {i}", amount=a)
            for i, a in enumerate(p["budget_lines"])
        )
    MatchContribution.objects.bulk_create(
        MatchContribution(partner=world["funder"], financial_year=year, form="cash", value=v, status=s)
        for s, v in p["contributions"]
    )
    by_status = {s: sum((v for t, v in p["contributions"] if t == s), Decimal("0.00")) for s in ("pledged",)}
    secured = sum((v for s, v in p["contributions"] if s in ("confirmed", "evidenced")), Decimal("0.00"))
    minimum = None
    if core is not None:
        minimum = (core * p["qualifying_percent"] / 100).quantize(PENNY, rounding=ROUND_CEILING)
    expected |= {
        "core_grant": core,
        "match_required": p["match_required"] if core is not None else Decimal("0.00"),
        "match_pledged": by_status["pledged"],
        "match_secured": secured,
        "qualifying_minimum": minimum,
        "budget_lines": budget,
    }

    # Interventions, their funding by year and stream, and outcomes.
    qualifying = lambda i: i["impact"] == "high" or (i["impact"] == "moderate" and i["evidence"] in (4, 5))  # noqa: E731
    made = Intervention.objects.bulk_create(
        Intervention(
            reference=f"i-{n}",
            name=f"Intervention {n}",
            provider=world["provider"],
            impact=i["impact"],
            evidence_quality=i["evidence"],
        )
        for n, i in enumerate(p["interventions"])
    )
    InterventionFunding.objects.bulk_create(
        InterventionFunding(intervention=m, financial_year=world["years"][y], stream=s, amount=a)
        for m, i in zip(made, p["interventions"], strict=True)
        for (y, s), a in i["funding"].items()
    )
    QuarterlyOutcome.objects.bulk_create(
        QuarterlyOutcome(intervention=m, quarter=world["quarters"][q], young_people=y, adults=a, workforce_trained=t)
        for m, i in zip(made, p["interventions"], strict=True)
        for q, (y, a, t) in i["outcomes"].items()
    )

    def funded(stream, only_qualifying=False):
        rows = [
            i["funding"][(2024, stream)]
            for i in p["interventions"]
            if (2024, stream) in i["funding"] and (qualifying(i) or not only_qualifying)
        ]
        return sum(rows, Decimal("0.00")), len(rows)

    (core_amount, core_count), (q_amount, q_count) = funded("core"), funded("core", True)
    svd_amount, svd_count = funded("svd")
    outcomes = [i["outcomes"].values() for i in p["interventions"]]
    expected |= {
        "core_amount": core_amount,
        "core_count": core_count,
        "qualifying_amount": q_amount,
        "qualifying_count": q_count,
        "svd_interventions_amount": svd_amount,
        "svd_interventions_count": svd_count,
        "outcomes_young_people": sum(o[0] for rows in outcomes for o in rows),
        "outcomes_adults": sum(o[1] for rows in outcomes for o in rows),
        "outcomes_workforce_trained": sum(o[2] for rows in outcomes for o in rows),
        "core_headroom": None if core is None else core - core_amount - budget,
    }

    # SVD allocation, its equal split in a stated order, and overrides that keep the sum.
    held = {(c.pk, s): Decimal("0.00") for c in csps for s in STREAMS}
    total = Decimal("0.00")
    if p["svd"] is not None:
        labour, non_labour = p["svd"]
        total = labour + non_labour
        allocation = SvdAllocation.objects.create(
            period=period, labour_amount=labour, non_labour_amount=non_labour, status="issued"
        )
        recipients = csps + authorities
        p["order_seed"].shuffle(recipients)
        SvdRecipient.objects.bulk_create(
            SvdRecipient(allocation=allocation, organisation=o, position=n) for n, o in enumerate(recipients, 1)
        )
        amounts = {s: split(a, len(recipients)) for s, a in zip(STREAMS, p["svd"], strict=True)}
        for stream, giver, taker, pennies in p["overrides"]:
            giver, taker = giver % len(recipients), taker % len(recipients)
            moved = min(Decimal(pennies) * PENNY, amounts[stream][giver])
            amounts[stream][giver] -= moved
            amounts[stream][taker] += moved
        SvdShare.objects.bulk_create(
            SvdShare(
                allocation=allocation,
                recipient=o,
                stream=s,
                position=n,
                amount=amounts[s][n - 1],
                is_override=bool(p["overrides"]),
                override_reason="Agreed" if p["overrides"] else "",
            )
            for s in STREAMS
            for n, o in enumerate(recipients, 1)
        )
        for s in STREAMS:
            for n, o in enumerate(recipients, 1):
                if (o.pk, s) in held:
                    held[(o.pk, s)] = amounts[s][n - 1]
    expected |= {
        "svd_total": total,
        "svd_shares_issued": total,
        "svd_csp_shares": sum(held.values(), Decimal("0.00")) if p["svd"] is not None else Decimal("0.00"),
    }

    # Quarterly returns in every state, with Annex A spend.
    returns, lines, latest = [], [], {}
    counted = {"expected": 0, "received": 0, "on_time": 0}
    for csp, by_quarter in zip(csps, p["returns"], strict=False):
        for number, r in sorted(by_quarter.items()):
            quarter = world["quarters"][number]
            submitted = None
            if r["status"] not in ("not_started", "draft"):
                due = datetime.combine(quarter.due_on, datetime.min.time(), tzinfo=UTC)
                submitted = due + timedelta(minutes=r["submitted_minutes"])
            returns.append(QuarterlyReturn(csp=csp, quarter=quarter, status=r["status"], first_submitted_at=submitted))
            counted["expected"] += 1
            if r["status"] in RECEIVED:
                counted["received"] += 1
                counted["on_time"] += submitted.astimezone(LONDON).date() <= quarter.due_on
            if r["status"] == "approved":
                for s, spend in zip(STREAMS, r["spend"], strict=True):
                    latest[(csp.pk, s)] = spend  # quarters in order: the latest approved wins
    QuarterlyReturn.objects.bulk_create(returns)
    for made_return, (csp, by_quarter) in zip(
        returns, [(c, q) for c, b in zip(csps, p["returns"], strict=False) for q in sorted(b.items())], strict=True
    ):
        for s, spend in zip(STREAMS, by_quarter[1]["spend"], strict=True):
            lines.append(
                AnnexALine(
                    quarterly_return=made_return,
                    funding_line=s,
                    allocation=held[(csp.pk, s)],
                    spend_to_date=spend,
                )
            )
    AnnexALine.objects.bulk_create(lines)
    expected |= {
        "svd_spend_to_date": sum(latest.values(), Decimal("0.00")),
        "returns_expected": counted["expected"],
        "returns_received": counted["received"],
        "returns_on_time": counted["on_time"],
    }
    expected["_reported"] = bool(latest)
    expected["_within"] = all(latest.get((c.pk, s), Decimal("0.00")) <= held[(c.pk, s)] for c in csps for s in STREAMS)
    return expected


def shown(key, value) -> str:
    """A figure as the report's figures table prints it (the test's own formatting)."""
    if value is None:
        return "Not recorded"
    return f"{value:,}" if BY_KEY[key].kind == COUNT else gbp(value)


def as_carried(key, value):
    """A figure as the snapshot, the API and the export carry it."""
    if value is None:
        return None
    return value if BY_KEY[key].kind == COUNT else f"{value:.2f}"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


examples_run = {"n": 0}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(p=partnership)
def test_every_figure_agrees_everywhere_and_with_the_rows(world, p):
    examples_run["n"] += 1
    with transaction.atomic():
        expected = build(world, p)
        year = world["years"][2024]
        report = PanelReport.objects.create(
            title="Reconciliation", meeting_date=datetime(2025, 5, 1).date(), financial_year=year
        )
        client = Client()
        client.force_login(world["staff"])
        api = APIClient()
        api.force_authenticate(world["staff"])

        snapshot = selectors.report_figures(report)
        twin = render.report_html(report, snapshot, links=True)
        page = client.get("/reporting/compliance/?year=2024").content.decode()
        api_figures = {f["key"]: f["value"] for f in api.get("/api/v1/figures/?year=2024").json()["figures"]}
        export = client.get("/reporting/figures/export.csv?year=2024").content.decode().splitlines()[1:]
        exported = {line.split(",")[1]: line.rsplit(",", 1)[1] for line in export}
        twin_rows = dict(re.findall(r'<tr data-figure="([a-z_]+)">.*?<td class="num">(.*?)</td></tr>', twin))
        pdf_text = ""
        if examples_run["n"] <= PDF_EXAMPLES:
            reader = PdfReader(io.BytesIO(render.html_to_pdf(render.report_html(report, snapshot))))
            pdf_text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
        transaction.set_rollback(True)

    for figure in FIGURES:
        key, value = figure.key, expected[figure.key]
        assert snapshot["figures"][key] == as_carried(key, value), (key, "snapshot")
        assert api_figures[key] == as_carried(key, value), (key, "API")
        assert exported[key] == ("" if value is None else str(as_carried(key, value))), (key, "export")
        assert twin_rows[key] == shown(key, value), (key, "HTML twin")
        if pdf_text:
            assert f"{figure.title} {key} {shown(key, value)}" in pdf_text, (key, "PDF")

    # The compliance page's lines show the same figures.
    rows = {k: text_of(v) for k, v in re.findall(r'<tr class="govuk-table__row" id="([a-z_]+)">(.*?)</tr>', page, re.S)}
    if expected["core_grant"] is not None:
        assert gbp(expected["core_grant"]) in rows["core_grant"]
        assert gbp(expected["qualifying_minimum"]) in rows["qualifying"]
        assert gbp(expected["match_required"]) in rows["match"]
    assert gbp(expected["match_secured"]) in rows["match"]
    assert gbp(expected["qualifying_amount"]) in rows["qualifying"]
    assert f"From {expected['qualifying_count']} qualifying" in rows["qualifying"]
    assert f"Total: {gbp(expected['svd_total'])}" in rows["svd"]
    assert f"Shares issued: {gbp(expected['svd_shares_issued'])}" in rows["svd"]
    if expected["_reported"]:
        assert gbp(expected["svd_spend_to_date"]) in rows["spend"]
        assert gbp(expected["svd_csp_shares"]) in rows["spend"]
        assert (" Not met " in rows["spend"]) == (not expected["_within"])
    else:
        assert "Not yet available" in rows["spend"]
    # The report's returns sentence counts the same returns.
    if expected["returns_expected"]:
        summary = snapshot["svd_returns"]["summary"]
        assert summary.startswith(
            f"{expected['returns_received']} of {expected['returns_expected']} returns received, "
            f"{expected['returns_on_time']} on time"
        )
