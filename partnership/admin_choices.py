"""The admin names objects by their __str__, which for several models reaches up
a foreign key (a grant is named by its period, a period by its financial year).
On a choice list or a delete confirmation that is one query per object; this
mixin loads what the names need with the objects instead.

Models are named by label, so the ground floor imports none of the apps above it.
"""
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import NestedObjects, quote
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

# What each model's __str__ reads, as select_related paths.
NAMED_BY = {
    "partnership.period": ["financial_year"],
    "partnership.quarter": ["financial_year"],
    "grants.grant": ["period__financial_year"],
    "grants.grantconditions": ["grant__period__financial_year"],
    "grants.matchcontribution": ["partner", "financial_year"],
    "svd.svdallocation": ["period__financial_year"],
    "svd.svdrecipient": ["organisation"],
    "svd.svdshare": ["recipient"],
    "svd.quarterlyreturn": ["csp", "quarter__financial_year"],
    "svd.annexbline": ["intervention"],
    "svd.returntransition": ["by", "quarterly_return__csp", "quarterly_return__quarter__financial_year"],
    "interventions.interventionfunding": ["intervention", "financial_year"],
    "interventions.quarterlyoutcome": ["intervention", "quarter__financial_year"],
}


def named_by(model):
    return NAMED_BY.get(model._meta.label_lower, [])


class _NamedNestedObjects(NestedObjects):
    """Django's delete-confirmation collector, loading what each object's name needs."""

    def related_objects(self, related_model, related_fields, objs):
        queryset = super().related_objects(related_model, related_fields, objs)
        paths = named_by(related_model)
        return queryset.select_related(*paths) if paths else queryset


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

    def get_deleted_objects(self, objs, request):
        return get_deleted_objects(objs, request, self.admin_site)


def get_deleted_objects(objs, request, admin_site):
    """django.contrib.admin.utils.get_deleted_objects (Django 5.2), with the
    collector above: the list of what a delete takes with it, by name and link."""
    try:
        obj = objs[0]
    except IndexError:
        return [], {}, set(), []
    using = router.db_for_write(obj._meta.model)
    collector = _NamedNestedObjects(using=using, origin=objs)
    collector.collect(objs)
    perms_needed = set()

    def format_callback(obj):
        model, opts = obj.__class__, obj._meta
        no_edit_link = "%s: %s" % (capfirst(opts.verbose_name), obj)
        if not admin_site.is_registered(model):
            return no_edit_link
        if not admin_site.get_model_admin(model).has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        try:
            admin_url = reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", None, (quote(obj.pk),))
        except NoReverseMatch:
            return no_edit_link
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), admin_url, obj)

    to_delete = collector.nested(format_callback)
    protected = [format_callback(obj) for obj in collector.protected]
    model_count = {model._meta.verbose_name_plural: len(found) for model, found in collector.model_objs.items()}
    return to_delete, model_count, perms_needed, protected
