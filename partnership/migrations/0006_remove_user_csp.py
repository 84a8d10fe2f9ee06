from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("partnership", "0005_coordinators_csps_from_csp")]

    operations = [migrations.RemoveField(model_name="user", name="csp")]
