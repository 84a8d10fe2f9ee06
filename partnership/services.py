"""Writes to the reference data."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from . import periods
from .models import FinancialYear, Period, PeriodKind, Quarter

if TYPE_CHECKING:
    from .models import ApiToken, District, Organisation, User


@transaction.atomic
def financial_year_ensure(*, start_year: int) -> FinancialYear:
    """The financial year, with its full-year period and its four quarters.

    New quarters fall due by the partnership's due-date rule. Idempotent: an
    existing year keeps its quarters' due dates, which staff may have changed.
    """
    from .models import Partnership

    partnership = Partnership.current()
    year, _ = FinancialYear.objects.get_or_create(start_year=start_year)
    first, last = periods.financial_year_bounds(start_year)
    Period.objects.get_or_create(
        starts_on=first, ends_on=last, defaults={"financial_year": year, "kind": PeriodKind.FULL_YEAR}
    )
    made = set(year.quarters.values_list("number", flat=True))
    missing = []
    for number in sorted({1, 2, 3, 4} - made):
        starts_on, ends_on = periods.quarter_bounds(start_year, number)
        due_on = partnership.due_date_for(ends_on) if partnership else periods.due_date(ends_on)
        missing.append(Quarter(financial_year=year, number=number, starts_on=starts_on, ends_on=ends_on, due_on=due_on))
    Quarter.objects.bulk_create(missing, ignore_conflicts=True)  # a year made twice at once makes each quarter once
    return year


def full_year_period(financial_year: FinancialYear) -> Period:
    first, last = periods.financial_year_bounds(financial_year.start_year)
    return Period.objects.get(starts_on=first, ends_on=last)


@transaction.atomic
def part_year_period_ensure(*, starts_on: date, ends_on: date) -> Period:
    year = financial_year_ensure(start_year=periods.financial_year_start_for(starts_on))
    period, _ = Period.objects.get_or_create(
        starts_on=starts_on,
        ends_on=ends_on,
        defaults={"financial_year": year, "kind": PeriodKind.PART_YEAR},
    )
    period.full_clean()
    return period


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`, lasting `days` (PORTAL_API_TOKEN_DAYS by default).
    Returns (token, the secret token string); the string is shown to its owner
    once and never stored."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from .models import ApiToken
    from .tokens import digest, new_token_parts

    days = settings.PORTAL_API_TOKEN_DAYS if days is None else days
    if days < 1:
        raise ValidationError({"days": "A token must last at least a day"})
    prefix, secret, raw = new_token_parts()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=prefix,
        secret_sha256=digest(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> None:
    """Revoke at once: authentication looks the token up on every request."""
    from django.utils import timezone

    from .models import ApiToken

    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()


@transaction.atomic
def provider_create(*, name: str, sector: str, district: District | None) -> Organisation:
    """A new provider, named as an import file names it; its reference is made
    from its name (with a number added if that reference is taken)."""
    from django.utils.text import slugify

    from .models import Organisation, OrganisationKind

    name = name.strip()
    base = slugify(name)[:50] or "provider"
    ref, number = base, 1
    while Organisation.objects.filter(ref=ref).exists():
        number += 1
        ref = f"{base}-{number}"
    provider = Organisation(
        ref=ref, name=name, kind=OrganisationKind.PROVIDER, provider_sector=sector, district=district
    )
    provider.full_clean()
    provider.save()
    return provider
