"""Stress volumes in one partnership, for benchmarks: deterministic for a seed."""

import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from devdata.scale import interventions, reference, returns_and_reports


class Command(BaseCommand):
    help = (
        "Create stress volumes: about 100 CSPs and districts, 10,000 interventions, "
        "400,000 outcome rows (with breakdowns), returns and reports. Deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--csps", type=int, default=100)
        parser.add_argument("--interventions", type=int, default=10_000)
        parser.add_argument("--outcome-rows", type=int, default=400_000)
        parser.add_argument(
            "--last-year", type=int, default=2025, help="The last financial year generated (start year)."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        rng = random.Random(options["seed"])
        years = options["years"]
        first_year = options["last_year"] - years + 1
        steps = [
            (
                "reference data",
                lambda: reference.generate(
                    rng, years=years, csps=options["csps"], providers=500, first_year=first_year
                ),
            ),
            (
                "interventions and outcomes",
                lambda: interventions.generate(
                    rng,
                    interventions=options["interventions"],
                    outcome_rows=options["outcome_rows"],
                    first_year=first_year,
                    years=years,
                ),
            ),
            (
                "returns with Annex A and B lines",
                lambda: returns_and_reports.generate_returns(rng, first_year=first_year, years=years),
            ),
            (
                "panel reports",
                lambda: returns_and_reports.generate_reports(rng, count=200, first_year=first_year, years=years),
            ),
        ]
        for label, step in steps:
            step_started = time.perf_counter()
            with transaction.atomic():
                step()
            self.stdout.write(f"  {label}: {time.perf_counter() - step_started:.1f}s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data generated in {time.perf_counter() - started:.1f}s (seed {options['seed']})."
            )
        )
