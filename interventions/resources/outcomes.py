"""Quarterly outcomes: bulk mode, matched on (intervention, quarter) without a
query per row (docs/decisions/0200)."""

from django.core.exceptions import ValidationError
from import_export import fields
from simple_history.utils import bulk_create_with_history

from partnership.exports import NeutralisedResource

from ..models import Intervention, OutcomeSource, QuarterlyOutcome
from .widgets import CachedForeignKeyWidget, CountWidget, QuarterWidget, quarter_code


class QuarterlyOutcomeResource(NeutralisedResource):
    intervention = fields.Field(
        attribute="intervention",
        column_name="intervention",
        widget=CachedForeignKeyWidget(Intervention, "reference", "intervention with reference"),
    )
    quarter = fields.Field(attribute="quarter", column_name="quarter", widget=QuarterWidget())
    young_people = fields.Field(attribute="young_people", column_name="young_people", widget=CountWidget())
    adults = fields.Field(attribute="adults", column_name="adults", widget=CountWidget())
    workforce_trained = fields.Field(
        attribute="workforce_trained", column_name="workforce_trained", widget=CountWidget()
    )
    intervention_name = fields.Field(attribute="intervention__name", column_name="intervention_name", readonly=True)
    source = fields.Field(attribute="source", column_name="source", readonly=True)

    class Meta:
        model = QuarterlyOutcome
        name = "Quarterly outcomes"
        fields = (
            "intervention",
            "quarter",
            "young_people",
            "adults",
            "workforce_trained",
            "intervention_name",
            "source",
        )
        import_order = ("intervention", "quarter", "young_people", "adults", "workforce_trained")
        export_order = (
            "intervention",
            "intervention_name",
            "quarter",
            "young_people",
            "adults",
            "workforce_trained",
            "source",
        )
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
        self._existing = {}
        self._originals = {}
        self._keys = []
        self._seen = {}

    # --- matching on natural keys without a query per row ---

    def before_import(self, dataset, **kwargs):
        """Called once per batch: the batch's keys, and the outcomes already held
        for them, in one query."""
        self.user = kwargs.get("user") or self.user
        self._keys = [self._key(row) for row in dataset.dict]
        wanted = {key for key in self._keys if key is not None}
        self._existing, self._originals = {}, {}
        if not wanted:
            return
        held = QuarterlyOutcome.objects.filter(
            intervention_id__in={i for i, _ in wanted}, quarter_id__in={q for _, q in wanted}
        ).only("pk", "intervention_id", "quarter_id", "young_people", "adults", "workforce_trained", "source")
        for outcome in held:
            key = (outcome.intervention_id, outcome.quarter_id)
            if key in wanted:
                self._existing[key] = outcome
                self._originals[outcome.pk] = (outcome.young_people, outcome.adults, outcome.workforce_trained)

    def _key(self, row):
        try:
            intervention = self.fields["intervention"].clean(row)
            quarter = self.fields["quarter"].clean(row)
        except (ValueError, KeyError):
            return None
        return intervention.pk, quarter.pk

    def before_import_row(self, row, **kwargs):
        """Refuse a row that repeats an earlier one, in this batch or an earlier batch.
        `_seen` maps each distinct key, packed into one int, to its first row: about
        100 bytes a row, the only state of an import that grows with the file."""
        index = kwargs["row_number"] - 1
        sheet_row = kwargs["row_numbers"][index] if "row_numbers" in kwargs else index + 2
        key = self._row_key = self._keys[index]
        if key is None:
            return
        first = self._seen.setdefault(key[0] << 32 | key[1], sheet_row)
        if first != sheet_row:
            raise ValidationError(
                {"quarter": f"Repeats row {first}: the file gives this intervention's {row.get('quarter')} twice."}
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
                    self.create_instances,
                    QuarterlyOutcome,
                    batch_size=batch_size,
                    default_user=self._history_user(),
                    default_change_reason="Imported from a file",
                )
            except Exception as e:
                self.handle_import_error(result, e, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                # An upsert on the primary key: one INSERT .. ON CONFLICT DO UPDATE, which
                # Django compiles far faster than bulk_update's CASE WHEN per column.
                QuarterlyOutcome.objects.bulk_create(
                    self.update_instances,
                    batch_size=batch_size,
                    update_conflicts=True,
                    unique_fields=["id"],
                    update_fields=["young_people", "adults", "workforce_trained", "source"],
                )
                QuarterlyOutcome.history.bulk_history_create(
                    self.update_instances,
                    batch_size=batch_size,
                    update=True,
                    default_user=self._history_user(),
                    default_change_reason="Imported from a file",
                )
            except Exception as e:
                self.handle_import_error(result, e, raise_errors)
            finally:
                self.update_instances.clear()

    def _history_user(self):
        return self.user if getattr(self.user, "pk", None) else None

    def dehydrate_quarter(self, outcome):
        return quarter_code(outcome.quarter)
