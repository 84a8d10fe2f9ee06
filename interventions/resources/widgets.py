"""Widgets that read the register's columns: each loads its table once, and
reports a bad value as a ValueError, which the resource shows against its column."""

import difflib
import re

from import_export import widgets

from partnership.models import District, FinancialYear, Organisation, Quarter
from partnership.money import money_from_text
from partnership.periods import financial_year_label

QUARTER_PATTERNS = [
    re.compile(r"^(?P<year>\d{4})/(?P<next>\d{2})\s*Q(?P<number>[1-4])$", re.IGNORECASE),
    re.compile(r"^Q(?P<number>[1-4])\s*(?P<year>\d{4})/(?P<next>\d{2})$", re.IGNORECASE),
]


def parse_quarter(text) -> tuple[int, int] | None:
    """(start year, quarter number) from "2024/25 Q1" or "Q1 2024/25"; None if neither."""
    text = str(text or "").strip()
    for pattern in QUARTER_PATTERNS:
        match = pattern.match(text)
        if match and int(match["next"]) == (int(match["year"]) + 1) % 100:
            return int(match["year"]), int(match["number"])
    return None


def quarter_code(quarter: Quarter) -> str:
    """The form imports and exports use: "2024/25 Q1"."""
    return f"{financial_year_label(quarter.financial_year.start_year)} Q{quarter.number}"


class CachedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A ForeignKeyWidget that loads the whole (small) related table on first use,
    so an import runs one query for it instead of one per row. An unknown value
    is a ValueError, which the resource reports against the column."""

    def __init__(self, model, field, label):
        super().__init__(model, field=field)
        self.label = label
        self._cache = None

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            raise ValueError(f"Enter the {self.label}.")
        if self._cache is None:
            self._cache = {getattr(obj, self.field): obj for obj in self.get_queryset(value, row, **kwargs)}
        key = str(value).strip()
        try:
            return self._cache[key]
        except KeyError:
            raise ValueError(f"There is no {self.label} {key!r}.") from None


class QuarterWidget(widgets.Widget):
    def __init__(self):
        super().__init__()
        self._cache = None

    def clean(self, value, row=None, **kwargs):
        key = parse_quarter(value)
        if key is None:
            raise ValueError(f"Write the quarter as 2024/25 Q1, not {str(value or '')!r}.")
        if self._cache is None:
            self._cache = {
                (q.financial_year.start_year, q.number): q for q in Quarter.objects.select_related("financial_year")
            }
        try:
            return self._cache[key]
        except KeyError:
            raise ValueError(f"The portal has no quarter {str(value).strip()}.") from None

    def render(self, value, obj=None, **kwargs):
        return quarter_code(value) if value else ""


class CountWidget(widgets.Widget):
    """A whole number of people. Text and fractions are refused here, negatives
    by the model's validators (clean_model_instances)."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            raise ValueError("Enter a count (0 if there were none).")
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(f"Enter a whole number, not {text!r}.")
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return value


class DistrictsWidget(widgets.ManyToManyWidget):
    """District names separated by semicolons. An unknown name is an error rather
    than silently dropped, as the library's ManyToManyWidget would."""

    def __init__(self):
        super().__init__(District, field="name", separator=";")

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(self.separator) if name.strip()]
        if not names:
            raise ValueError("Enter at least one district, or Partnership-wide.")
        found = {d.name: d for d in District.objects.filter(name__in=names)}
        unknown = [name for name in names if name not in found]
        if unknown:
            raise ValueError(f"There is no district {', '.join(repr(n) for n in unknown)}.")
        return [found[name] for name in names]


class MoneyWidget(widgets.Widget):
    """Pounds as a Decimal, never through a float: "1,234.50", "£1234.5" or a number
    cell. More than two decimal places is refused by the model (clean_model_instances),
    so 1.005 is an error rather than silently rounded by the database."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            raise ValueError("Enter an amount in pounds.")
        if isinstance(value, float):
            value = repr(value)  # a number cell: its shortest exact decimal form, never binary noise
        try:
            return money_from_text(value)
        except ValueError:
            raise ValueError(f"Enter an amount in pounds, not {str(value)[:40]!r}.") from None

    def render(self, value, obj=None, **kwargs):
        return value


class FinancialYearWidget(widgets.Widget):
    """A financial year written as "2024/25"."""

    def __init__(self):
        super().__init__()
        self._cache = None

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        match = re.fullmatch(r"(\d{4})/(\d{2})", text)
        if not match or int(match[2]) != (int(match[1]) + 1) % 100:
            raise ValueError(f"Write the financial year as 2024/25, not {text!r}.")
        if self._cache is None:
            self._cache = {year.start_year: year for year in FinancialYear.objects.all()}
        try:
            return self._cache[int(match[1])]
        except KeyError:
            raise ValueError(f"The portal has no financial year {text}.") from None

    def render(self, value, obj=None, **kwargs):
        return value.label if value else ""


class ProviderWidget(CachedForeignKeyWidget):
    """A provider named by its reference or its exact name. An unknown one is
    reported with the closest names (difflib) and kept in `unknown`, so the
    import page can offer to create it."""

    def __init__(self):
        super().__init__(Organisation, "ref", "provider")
        self.unknown = set()
        self._by_name = None

    def get_queryset(self, value, row=None, **kwargs):
        return Organisation.objects.filter(is_active=True)

    def clean(self, value, row=None, **kwargs):
        key = str(value or "").strip()
        if not key:
            raise ValueError("Enter the provider's reference or exact name.")
        if self._cache is None:
            self._cache = {obj.ref: obj for obj in self.get_queryset(value, row, **kwargs)}
            self._by_name = {obj.name: obj for obj in self._cache.values()}
        found = self._cache.get(key) or self._by_name.get(key)
        if found is not None:
            return found
        self.unknown.add(key)
        close = difflib.get_close_matches(key, list(self._by_name), n=3, cutoff=0.6)
        hint = f" The closest: {'; '.join(close)}." if close else ""
        raise ValueError(f"There is no provider {key!r}.{hint} Create it below, or correct the name.")
