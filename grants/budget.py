"""The VRP's own budget for a grant, read for the budget page, the API and the
forecast record: each line's plan and actual spend by quarter, the variance,
the forecast outturn and the forecasts recorded at past quarter ends.

Forecast outturn of a line = its actual spend in the quarters entered plus its
plan for the quarters not entered yet. Every figure is a sum of amounts stored
to the penny, so nothing here rounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from partnership.money import ZERO

from .models import BudgetForecast, BudgetLine, Grant

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class QuarterFigures:
    quarter: int
    planned: Decimal
    actual: Decimal | None  # None: not entered yet

    @property
    def variance(self) -> Decimal | None:
        """Actual less plan: negative is spend below plan."""
        return None if self.actual is None else self.actual - self.planned


@dataclass(frozen=True)
class LineBudget:
    line: BudgetLine
    quarters: list[QuarterFigures]
    forecasts: dict[int, BudgetForecast] = field(default_factory=dict)

    @property
    def amount(self) -> Decimal:
        return self.line.amount

    @property
    def planned_total(self) -> Decimal:
        return sum((q.planned for q in self.quarters), ZERO)

    @property
    def quarters_entered(self) -> int:
        """How many quarters from Q1 have their actual spend entered, without a gap."""
        count = 0
        for q in self.quarters:
            if q.actual is None:
                break
            count += 1
        return count

    def actual_to(self, quarter: int) -> Decimal:
        return sum((q.actual or ZERO for q in self.quarters if q.quarter <= quarter), ZERO)

    def planned_to(self, quarter: int) -> Decimal:
        return sum((q.planned for q in self.quarters if q.quarter <= quarter), ZERO)

    def forecast_at(self, quarter: int) -> Decimal:
        """Actual spend to the end of `quarter` plus the plan after it."""
        return self.actual_to(quarter) + sum((q.planned for q in self.quarters if q.quarter > quarter), ZERO)

    @property
    def actual_to_date(self) -> Decimal:
        return sum((q.actual for q in self.quarters if q.actual is not None), ZERO)

    @property
    def planned_to_date(self) -> Decimal:
        """The plan for the quarters whose actual spend is entered."""
        return sum((q.planned for q in self.quarters if q.actual is not None), ZERO)

    @property
    def variance_to_date(self) -> Decimal:
        return self.actual_to_date - self.planned_to_date

    @property
    def forecast_outturn(self) -> Decimal:
        return self.actual_to_date + sum((q.planned for q in self.quarters if q.actual is None), ZERO)

    @property
    def forecast_variance(self) -> Decimal:
        """Forecast outturn less the line's amount: negative is a forecast underspend."""
        return self.forecast_outturn - self.amount

    @property
    def underspend_risk(self) -> bool:
        """Spend to date is behind plan, or the forecast falls short of the line."""
        return self.variance_to_date < 0 or self.forecast_variance < 0


@dataclass(frozen=True)
class GrantBudget:
    grant: Grant
    lines: list[LineBudget]

    @property
    def amount(self) -> Decimal:
        return sum((row.amount for row in self.lines), ZERO)

    @property
    def quarters_reported(self) -> int:
        """The last quarter for which every line has its actual spend (0: none yet)."""
        return min((row.quarters_entered for row in self.lines), default=0)

    def quarter_totals(self) -> list[QuarterFigures]:
        reported = self.quarters_reported
        return [
            QuarterFigures(
                quarter=n,
                planned=sum((row.quarters[n - 1].planned for row in self.lines), ZERO),
                actual=sum((row.quarters[n - 1].actual for row in self.lines), ZERO) if n <= reported else None,
            )
            for n in QUARTERS
        ]

    @property
    def actual_to_date(self) -> Decimal:
        return sum((row.actual_to_date for row in self.lines), ZERO)

    @property
    def planned_to_date(self) -> Decimal:
        return sum((row.planned_to_date for row in self.lines), ZERO)

    @property
    def variance_to_date(self) -> Decimal:
        return self.actual_to_date - self.planned_to_date

    @property
    def forecast_outturn(self) -> Decimal:
        return sum((row.forecast_outturn for row in self.lines), ZERO)

    @property
    def forecast_variance(self) -> Decimal:
        return self.forecast_outturn - self.amount

    @property
    def forecast_shown(self) -> bool:
        """From Q2 on: once a quarter's actual spend is in for every line."""
        return self.quarters_reported >= 1

    @property
    def outside_lines(self) -> Decimal:
        """The grant's money no budget line holds: interventions are funded from it
        (their funding is in the register, which this app does not read)."""
        return self.grant.amount - self.amount

    @property
    def grant_forecast_outturn(self) -> Decimal:
        """The grant's forecast outturn: the lines' forecast, and the money outside
        the lines taken as planned (its spend is not entered here)."""
        return self.forecast_outturn + self.outside_lines

    @property
    def forecast_underspend(self) -> Decimal:
        """How far the grant's forecast outturn falls below the grant amount (0: none)."""
        return max(self.grant.amount - self.grant_forecast_outturn, ZERO)

    @property
    def recorded_quarters(self) -> list[int]:
        return sorted({n for row in self.lines for n in row.forecasts})

    def recorded(self) -> list[dict]:
        """Per recorded quarter: the total forecast then, and each line's."""
        return [
            {
                "quarter": n,
                "forecast_outturn": sum(
                    (row.forecasts[n].forecast_outturn for row in self.lines if n in row.forecasts), ZERO
                ),
                "actual_to_date": sum(
                    (row.forecasts[n].actual_to_date for row in self.lines if n in row.forecasts), ZERO
                ),
                "recorded_at": max(row.forecasts[n].recorded_at for row in self.lines if n in row.forecasts),
                "recorded_by": next(row.forecasts[n].recorded_by for row in self.lines if n in row.forecasts),
            }
            for n in self.recorded_quarters
        ]

    @property
    def recorded_by_line(self) -> list[tuple[LineBudget, list[Decimal | None]]]:
        """Each line with its forecast outturn as recorded at each recorded quarter
        (None: the line was added after that quarter's forecast)."""
        quarters = self.recorded_quarters
        return [
            (row, [row.forecasts[n].forecast_outturn if n in row.forecasts else None for n in quarters])
            for row in self.lines
        ]

    @property
    def next_forecast_quarter(self) -> int | None:
        """The quarter whose forecast staff may record now, if any."""
        n = self.quarters_reported
        return n if n >= 1 and n not in self.recorded_quarters else None


def budget_lines_with_quarters():
    return BudgetLine.objects.prefetch_related(
        "quarters", Prefetch("forecasts", queryset=BudgetForecast.objects.select_related("recorded_by"))
    ).order_by("kind", "description", "pk")


def grants_with_budgets(grants: QuerySet[Grant]) -> QuerySet[Grant]:
    """Grants with what `grant_budget` reads prefetched: three queries for any number."""
    return grants.prefetch_related(Prefetch("budget_lines", queryset=budget_lines_with_quarters()))


def grant_budget(grant: Grant) -> GrantBudget:
    """The grant's budget lines with their quarters and recorded forecasts: three
    queries, none if the grant came from `grants_with_budgets`."""
    if "budget_lines" in getattr(grant, "_prefetched_objects_cache", {}):
        lines = grant.budget_lines.all()
    else:
        lines = budget_lines_with_quarters().filter(grant=grant)
    rows = []
    for line in lines:
        stored = {q.quarter: q for q in line.quarters.all()}
        quarters = [
            QuarterFigures(n, stored[n].planned if n in stored else ZERO, stored[n].actual if n in stored else None)
            for n in QUARTERS
        ]
        rows.append(LineBudget(line=line, quarters=quarters, forecasts={f.quarter: f for f in line.forecasts.all()}))
    return GrantBudget(grant=grant, lines=rows)
