"""Every model change has its migration, and no app has two leaf migrations.

A model's Meta.indexes or constraints changed without a migration would pass
every other test on a database the test runner builds from the models' state,
and fail only when production migrates.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader


@pytest.mark.django_db
def test_it_has_a_migration_for_every_model_change():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Models changed without a migration:\n{out.getvalue()}")


@pytest.mark.django_db
def test_it_has_no_conflicting_migrations():
    conflicts = MigrationLoader(connection, ignore_no_migrations=True).detect_conflicts()
    assert conflicts == {}
