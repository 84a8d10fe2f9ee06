"""Exports of SVD shares. Written by the one spreadsheet writer (partnership.spreadsheets.writing); the
caller limits rows to what the user may see."""

from import_export import fields, widgets

from partnership.exports import NeutralisedResource

from .models import SvdShare


class SvdShareResource(NeutralisedResource):
    """What a coordinator may see of a share: no override reasons or names."""

    period = fields.Field(column_name="period", readonly=True)
    recipient_name = fields.Field(column_name="recipient", attribute="recipient__name", readonly=True)
    stream_label = fields.Field(column_name="stream", readonly=True)
    amount = fields.Field(column_name="amount", attribute="amount", widget=widgets.DecimalWidget())

    class Meta:
        model = SvdShare
        fields = ("period", "recipient_name", "stream_label", "amount")
        export_order = fields

    def dehydrate_period(self, share):
        return share.allocation.period.label

    def dehydrate_stream_label(self, share):
        return share.get_stream_display()


class SvdShareStaffResource(SvdShareResource):
    position = fields.Field(column_name="position", attribute="position", widget=widgets.IntegerWidget())
    overridden = fields.Field(column_name="overridden", attribute="is_override", widget=widgets.BooleanWidget())
    override_reason = fields.Field(column_name="override reason", attribute="override_reason")

    class Meta(SvdShareResource.Meta):
        fields = ("period", "position", "recipient_name", "stream_label", "amount", "overridden", "override_reason")
        export_order = fields
