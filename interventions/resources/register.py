"""Interventions, their funding lines and the Toolkit list, matched on natural keys."""

from django.core.exceptions import ValidationError
from import_export import fields

from partnership.exports import NeutralisedResource

from ..models import Intervention, InterventionFunding, ToolkitApproach
from .widgets import CachedForeignKeyWidget, DistrictsWidget, FinancialYearWidget, MoneyWidget, ProviderWidget


class InterventionResource(NeutralisedResource):
    """Interventions, one a row, matched on `reference`. The rating snapshot is
    imported as given; whether it qualifies is derived (exported, never read)."""

    provider = fields.Field(
        attribute="provider",
        column_name="provider",
        widget=ProviderWidget(),
    )
    districts = fields.Field(
        attribute="districts",
        column_name="districts",
        widget=DistrictsWidget(),
    )
    qualifies = fields.Field(column_name="qualifies_for_30_percent_rule", readonly=True)

    class Meta:
        model = Intervention
        name = "Interventions"
        import_id_fields = ("reference",)
        fields = (
            "reference",
            "name",
            "description",
            "provider",
            "districts",
            "status",
            "starts_on",
            "ends_on",
            "target_cohort",
            "approach_name",
            "impact",
            "evidence_quality",
            "cost",
            "rated_on",
            "evaluation_commissioned",
            "evaluator",
            "evaluation_status",
            "evaluation_url",
            "publishable",
            "qualifies",
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
        instance._imported_new = instance.pk is None

    def save_m2m(self, instance, row, **kwargs):
        """A new intervention's districts are added, not set, and kept on the
        instance for the diff to read: the library's set() and its diff would
        each read the districts back, one query a row, for a file of many new
        interventions. add() still records the districts' history."""
        if not getattr(instance, "_imported_new", False) or "districts" not in row:
            return super().save_m2m(instance, row, **kwargs)
        districts = self.fields["districts"].clean(row)
        instance.districts.add(*districts)
        held = instance.districts.all()
        held._result_cache, held._prefetch_done = list(districts), True
        instance._prefetched_objects_cache = {"districts": held}

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
        """For export: the provider and districts in two queries, however many rows."""
        return Intervention.objects.select_related("provider").prefetch_related("districts")

    def get_instance(self, instance_loader, row):
        """For import: the row's intervention by reference, without the export's
        prefetch. django-import-export deep-copies the instance to compare it, and
        a deep copy of a prefetched cache breaks under the N+1 detector's patched
        querysets in the test suite (django-zeal, as with its pickle issue #76)."""
        reference = str(row.get("reference") or "").strip()
        return Intervention.objects.filter(reference=reference).first() if reference else None


class InterventionFundingResource(NeutralisedResource):
    """Funding lines, one a row, matched on (intervention, financial year, stream)."""

    intervention = fields.Field(
        attribute="intervention",
        column_name="intervention",
        widget=CachedForeignKeyWidget(Intervention, "reference", "intervention with reference"),
    )
    financial_year = fields.Field(
        attribute="financial_year", column_name="financial_year", widget=FinancialYearWidget()
    )
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


class ToolkitApproachResource(NeutralisedResource):
    """The reference list of YEF Toolkit approaches, matched on name (admin only)."""

    class Meta:
        model = ToolkitApproach
        fields = ("name", "impact", "evidence_quality", "cost", "rated_on")
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
