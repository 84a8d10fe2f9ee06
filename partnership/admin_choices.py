"""The admin names objects by their __str__, which for several models reaches up
a foreign key (a grant is named by its period, a share by its recipient's
organisation). On a choice list or an inline that is one query per row; this
mixin loads what the names need with the rows instead.

Quarters and periods are named from their own dates, so nothing here follows
them to their financial year. Django's delete confirmation still names each
related object on its own; docs/decisions/0103 says why that is accepted.

Models are named by label, so the ground floor imports none of the apps above it.
"""

from django.contrib.admin.options import InlineModelAdmin

# What each model's __str__ reads, as select_related paths.
NAMED_BY = {
    "grants.grant": ["period"],
    "grants.grantconditions": ["grant__period"],
    "grants.matchcontribution": ["partner", "financial_year"],
    "svd.svdallocation": ["period"],
    "svd.svdrecipient": ["organisation"],
    "svd.svdshare": ["recipient__organisation"],
    "svd.quarterlyreturn": ["csp", "quarter"],
    "svd.annexbline": ["intervention"],
    "svd.returntransition": ["by", "quarterly_return__csp", "quarterly_return__quarter"],
    "interventions.interventionfunding": ["intervention", "financial_year"],
    "interventions.quarterlyoutcome": ["intervention", "quarter"],
}


def named_by(model):
    return NAMED_BY.get(model._meta.label_lower, [])


class NamedChoicesAdmin:
    """Mix into a ModelAdmin or an inline, before the admin base class."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        paths = named_by(db_field.remote_field.model)
        if paths and "queryset" not in kwargs:
            queryset = self.get_field_queryset(None, db_field, request)
            if queryset is None:
                queryset = db_field.remote_field.model._default_manager.all()
            kwargs["queryset"] = queryset.select_related(*paths)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # An inline's rows are shown by name or by their related fields; a ModelAdmin's
        # list has its own list_select_related, which a select_related here would switch off.
        paths = named_by(queryset.model) if isinstance(self, InlineModelAdmin) else []
        return queryset.select_related(*paths) if paths else queryset
