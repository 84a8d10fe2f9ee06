"""A coordinator's one CSP becomes the first of their CSPs. Going back, a
coordinator keeps the first of their CSPs (by name): the old schema holds one."""

from django.db import migrations


def csps_from_csp(apps, schema_editor):
    User = apps.get_model("partnership", "User")
    for user in User.objects.filter(csp__isnull=False):
        user.csps.add(user.csp_id)


def csp_from_csps(apps, schema_editor):
    User = apps.get_model("partnership", "User")
    for user in User.objects.filter(role="csp_coordinator"):
        user.csp = user.csps.order_by("name", "pk").first()
        user.save(update_fields=["csp"])
    User.objects.exclude(role="csp_coordinator").update(csp=None)


class Migration(migrations.Migration):
    dependencies = [("partnership", "0004_reference_data_administered_and_coordinators_of_many_csps")]

    operations = [migrations.RunPython(csps_from_csp, csp_from_csps)]
