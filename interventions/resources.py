"""django-import-export resources for the register: interventions and quarterly outcomes.

What the library does not do by default, and these resources do (issue #4):
* validation errors roll the whole import back: callers pass
  `rollback_on_validation_errors=True` (see `imports.import_run` and the admin);
* `clean_model_instances = True`, so the models' validators run (no negative
  counts, money to the penny);
* every exported text cell goes through `partnership.exports.neutralise_formula`
  (the library's own setting strips only a leading `=`);
* rows match on natural keys (intervention reference; reference + quarter), so
  importing the same file twice changes nothing the second time.

Outcomes are imported in bulk mode with `skip_diff` and `force_init_instance`.
`force_init_instance` alone would make every row new and a re-import would
collide with the rows already held, so `get_or_init_instance` is replaced by a
lookup in an index of the existing outcomes loaded once before the first row:
no query per row, and existing rows are still matched. Foreign keys are read
through widgets that load their table once (`CachedForeignKeyWidget`).
"""
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from partnership.exports import neutralise_formula
from partnership.models import District, FinancialYear, Organisation, Quarter
from partnership.periods import financial_year_label

from .models import Intervention, InterventionFunding, OutcomeSource, QuarterlyOutcome, ToolkitApproach

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
        text = str(value).strip().replace(",", "").removeprefix("£")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"Enter an amount in pounds, not {str(value)!r}.") from None
        if not amount.is_finite():
            raise ValueError(f"Enter an amount in pounds, not {str(value)!r}.")
        return amount

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


class NeutralisedExportMixin:
    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))


class QuarterlyOutcomeResource(NeutralisedExportMixin, resources.ModelResource):
    intervention = fields.Field(
        attribute="intervention",
        column_name="intervention",
        widget=CachedForeignKeyWidget(Intervention, "reference", "intervention with reference"),
    )
    quarter = fields.Field(attribute="quarter", column_name="quarter", widget=QuarterWidget())
    young_people = fields.Field(attribute="young_people", column_name="young_people", widget=CountWidget())
    adults = fields.Field(attribute="adults", column_name="adults", widget=CountWidget())
    workforce_trained = fields.Field(attribute="workforce_trained", column_name="workforce_trained", widget=CountWidget())
    intervention_name = fields.Field(attribute="intervention__name", column_name="intervention_name", readonly=True)
    source = fields.Field(attribute="source", column_name="source", readonly=True)

    class Meta:
        model = QuarterlyOutcome
        name = "Quarterly outcomes"
        fields = ("intervention", "quarter", "young_people", "adults", "workforce_trained", "intervention_name", "source")
        import_order = ("intervention", "quarter", "young_people", "adults", "workforce_trained")
        export_order = ("intervention", "intervention_name", "quarter", "young_people", "adults", "workforce_trained", "source")
        import_id_fields = ("intervention", "quarter")
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        force_init_instance = True
        clean_model_instances = True
        use_transactions = True
        report_skipped = True

    TEMPLATE_HEADERS = ["intervention", "quarter", "young_people", "adults", "workforce_trained"]
    REQUIRED_HEADERS = TEMPLATE_HEADERS

    def __init__(self, **kwargs):
        super().__init__()
        self.user = kwargs.get("user")
        self.preview = []
        self._existing = None
        self._originals = {}
        self._seen = {}

    # --- matching on natural keys without a query per row ---

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user") or self.user
        self._existing = {}
        for outcome in QuarterlyOutcome.objects.only(
            "pk", "intervention_id", "quarter_id", "young_people", "adults", "workforce_trained", "source"
        ):
            self._existing[(outcome.intervention_id, outcome.quarter_id)] = outcome
            self._originals[outcome.pk] = (outcome.young_people, outcome.adults, outcome.workforce_trained)
        self._seen = {}
        self._row_key = None

    def _key(self, row):
        try:
            intervention = self.fields["intervention"].clean(row)
            quarter = self.fields["quarter"].clean(row)
        except (ValueError, KeyError):
            return None
        return intervention.pk, quarter.pk

    def before_import_row(self, row, **kwargs):
        number = kwargs.get("row_number")
        key = self._row_key = self._key(row)
        if key is None:
            return
        first = self._seen.setdefault(key, number)
        if first != number:
            raise ValidationError(
                {"quarter": f"Repeats row {first + 1}: the file gives this intervention's {row.get('quarter')} twice."}
            )

    def get_or_init_instance(self, instance_loader, row):
        # The key before_import_row worked out for this same row.
        existing = self._existing.get(self._row_key)
        if existing is not None:
            return existing, False
        return self.init_instance(row), True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=False):
        """full_clean without the per-row queries: the foreign keys came from the
        cached widgets, and uniqueness is settled by the index and the duplicate check."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=set(errors) | {"intervention", "quarter"}, validate_unique=False, validate_constraints=False
            )
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        return self._originals.get(instance.pk) == (instance.young_people, instance.adults, instance.workforce_trained)

    def before_save_instance(self, instance, row, **kwargs):
        instance.source = OutcomeSource.IMPORTED

    def after_import_row(self, row, row_result, **kwargs):
        """Remember what the row does, for the preview: old and new counts."""
        before = self._originals.get(row_result.object_id) if row_result.object_id else None
        self.preview.append(
            {
                "number": kwargs.get("row_number"),
                "type": row_result.import_type,
                "intervention": row.get("intervention"),
                "quarter": row.get("quarter"),
                "before": before,
                "after": (row.get("young_people"), row.get("adults"), row.get("workforce_trained")),
            }
        )

    # --- saving in bulk, with history ---

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(
                    self.create_instances, QuarterlyOutcome, batch_size=batch_size,
                    default_user=self._history_user(), default_change_reason="Imported from a file",
                )
            except Exception as e:
                self.handle_import_error(result, e, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                bulk_update_with_history(
                    self.update_instances, QuarterlyOutcome, ["young_people", "adults", "workforce_trained", "source"],
                    batch_size=batch_size, default_user=self._history_user(), default_change_reason="Imported from a file",
                )
            except Exception as e:
                self.handle_import_error(result, e, raise_errors)
            finally:
                self.update_instances.clear()

    def _history_user(self):
        return self.user if getattr(self.user, "pk", None) else None

    def dehydrate_quarter(self, outcome):
        return quarter_code(outcome.quarter)


class InterventionResource(NeutralisedExportMixin, resources.ModelResource):
    """Interventions, one a row, matched on `reference`. The rating snapshot is
    imported as given; whether it qualifies is derived (exported, never read)."""

    provider = fields.Field(
        attribute="provider", column_name="provider",
        widget=CachedForeignKeyWidget(Organisation, "ref", "organisation with reference"),
    )
    districts = fields.Field(
        attribute="districts", column_name="districts",
        widget=DistrictsWidget(),
    )
    qualifies = fields.Field(column_name="qualifies_for_30_percent_rule", readonly=True)

    class Meta:
        model = Intervention
        name = "Interventions"
        import_id_fields = ("reference",)
        fields = (
            "reference", "name", "description", "provider", "districts", "status", "starts_on", "ends_on",
            "target_cohort", "approach_name", "impact", "evidence_quality", "cost", "rated_on",
            "evaluation_commissioned", "evaluator", "evaluation_status", "evaluation_url", "publishable", "qualifies",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    TEMPLATE_HEADERS = list(Meta.fields[:-1])
    REQUIRED_HEADERS = ["reference", "name", "provider", "districts"]

    def __init__(self, **kwargs):
        super().__init__()
        self.user = kwargs.get("user")
        self.preview = []

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user") or self.user

    def import_instance(self, instance, row, **kwargs):
        """The library sets many-to-many fields after saving and reports their errors
        without a column; check the districts first so an error names its column."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if "districts" in row:
            try:
                self.fields["districts"].clean(row)
            except ValueError as e:
                errors["districts"] = ValidationError(str(e), code="invalid")
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if getattr(self.user, "pk", None):
            instance._history_user = self.user
        if instance.pk:
            instance.version += 1

    def after_import_row(self, row, row_result, **kwargs):
        self.preview.append(
            {
                "number": kwargs.get("row_number"),
                "type": row_result.import_type,
                "intervention": row.get("reference"),
                "quarter": "",
                "before": None,
                "after": (row.get("name"),),
            }
        )

    def dehydrate_qualifies(self, intervention):
        return "yes" if intervention.qualifies else "no"

    def get_queryset(self):
        return Intervention.objects.select_related("provider").prefetch_related("districts")


class InterventionFundingResource(NeutralisedExportMixin, resources.ModelResource):
    """Funding lines, one a row, matched on (intervention, financial year, stream)."""

    intervention = fields.Field(
        attribute="intervention", column_name="intervention",
        widget=CachedForeignKeyWidget(Intervention, "reference", "intervention with reference"),
    )
    financial_year = fields.Field(attribute="financial_year", column_name="financial_year", widget=FinancialYearWidget())
    stream = fields.Field(attribute="stream", column_name="stream")
    amount = fields.Field(attribute="amount", column_name="amount", widget=MoneyWidget())

    class Meta:
        model = InterventionFunding
        name = "Funding"
        fields = ("intervention", "financial_year", "stream", "amount")
        import_id_fields = ("intervention", "financial_year", "stream")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    TEMPLATE_HEADERS = ["intervention", "financial_year", "stream", "amount"]
    REQUIRED_HEADERS = TEMPLATE_HEADERS

    def __init__(self, **kwargs):
        super().__init__()
        self.user = kwargs.get("user")
        self.preview = []

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user") or self.user

    def get_instance(self, instance_loader, row):
        try:
            lookup = {name: self.fields[name].clean(row) for name in ("intervention", "financial_year")}
        except (ValueError, KeyError):
            return None
        return InterventionFunding.objects.filter(stream=str(row.get("stream") or "").strip(), **lookup).first()

    def before_save_instance(self, instance, row, **kwargs):
        if getattr(self.user, "pk", None):
            instance._history_user = self.user

    def after_import_row(self, row, row_result, **kwargs):
        self.preview.append(
            {
                "number": kwargs.get("row_number"),
                "type": row_result.import_type,
                "intervention": row.get("intervention"),
                "quarter": "",
                "before": None,
                "after": (row.get("financial_year"), row.get("stream"), row.get("amount")),
            }
        )

    def get_queryset(self):
        return InterventionFunding.objects.select_related("intervention", "financial_year")


class ToolkitApproachResource(NeutralisedExportMixin, resources.ModelResource):
    """The reference list of YEF Toolkit approaches, matched on name (admin only)."""

    class Meta:
        model = ToolkitApproach
        fields = ("name", "impact", "evidence_quality", "cost", "rated_on")
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
