"""Import and export of the reference data a partnership keeps in lists:
districts and organisations. Rows are matched by their natural key (a district's
name, an organisation's reference), so importing a file again changes rows
rather than duplicating them."""

from import_export import fields, widgets

from .exports import NeutralisedResource
from .models import District, Organisation


class DistrictResource(NeutralisedResource):
    class Meta:
        model = District
        import_id_fields = ("name",)
        fields = ("name", "code", "is_partnership_wide", "position", "is_active")
        export_order = fields
        skip_unchanged = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)


class OrganisationResource(NeutralisedResource):
    district = fields.Field(
        column_name="district", attribute="district", widget=widgets.ForeignKeyWidget(District, field="name")
    )

    class Meta:
        model = Organisation
        import_id_fields = ("ref",)
        fields = (
            "ref",
            "name",
            "kind",
            "provider_sector",
            "district",
            "charity_number",
            "company_number",
            "ons_code",
            "org_id_360",
            "is_active",
        )
        export_order = fields
        skip_unchanged = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        instance.full_clean(exclude=["ref"] if instance.pk else None, validate_unique=False)
