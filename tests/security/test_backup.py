"""`make backup` then `make restore` into a fresh database gives back every row,
every penny and every file.

Against PostgreSQL (CI) this runs pg_dump and pg_restore for real and fails,
loudly, if the client tools are missing; against the SQLite default it runs the
same round trip through SQLite's backup API.
"""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models

BACKUP_SCRIPT = Path(settings.BASE_DIR) / "scripts" / "backup.py"
IS_POSTGRES = connection.vendor == "postgresql"


def _run(args, database_url, media_root):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vrp_portal.settings.test",
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(
        [sys.executable, str(BACKUP_SCRIPT), *args, "--media-root", str(media_root)],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _url_for(name):
    """DATABASE_URL with the database name swapped."""
    if not IS_POSTGRES:
        return f"sqlite:///{name}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def _tables_and_money_columns():
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        money = [field.column for field in model._meta.concrete_fields if isinstance(field, models.DecimalField)]
        yield model._meta.db_table, money


def _census(cursor):
    """{table: (row count, {money column: total})}, read with plain SQL."""
    census = {}
    for table, money in _tables_and_money_columns():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        count = cursor.fetchone()[0]
        totals = {}
        for column in money:
            cursor.execute(f'SELECT CAST(SUM("{column}") AS TEXT) FROM "{table}"')
            value = cursor.fetchone()[0]
            totals[column] = Decimal(value) if value is not None else None
        census[table] = (count, totals)
    return census


@pytest.fixture
def restore_target(tmp_path):
    if not IS_POSTGRES:
        yield str(tmp_path / "restored.sqlite3")
        return
    import psycopg

    name = (
        os.environ.get("BACKUP_RESTORE_DATABASE") or connection.settings_dict["NAME"].removeprefix("test_") + "_restore"
    )
    admin_url = _url_for("postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _census_of(target):
    if IS_POSTGRES:
        import psycopg

        with psycopg.connect(_url_for(target)) as other, other.cursor() as cursor:
            return _census(cursor)
    import sqlite3

    other = sqlite3.connect(target)
    try:
        return _census(other.cursor())
    finally:
        other.close()


@pytest.mark.skipif(not IS_POSTGRES, reason="the PostgreSQL client tools are needed on PostgreSQL only")
def test_it_has_the_postgresql_client_tools_when_running_on_postgresql():
    for tool in ("pg_dump", "pg_restore"):
        assert subprocess.run(["which", tool], capture_output=True).returncode == 0, (
            f"{tool} is missing: install postgresql-client"
        )


def test_it_restores_every_row_penny_and_file_into_a_fresh_database(transactional_db, demo, tmp_path, restore_target):
    media = tmp_path / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "receipt-0001.pdf").write_bytes(b"%PDF-1.7 evidence bytes")
    backups = tmp_path / "backups"
    source_url = _url_for(connection.settings_dict["NAME"])

    out = _run(["backup", "--into", str(backups)], source_url, media)
    [made] = list(backups.iterdir())
    assert out.strip().endswith(made.name)
    assert {path.name for path in made.iterdir()} == {
        "database.dump" if IS_POSTGRES else "database.sqlite3",
        "media.tar.gz",
        "manifest.json",
    }

    restored_media = tmp_path / "restored-media"
    _run(["restore", str(made), "--yes"], _url_for(restore_target), restored_media)

    with connection.cursor() as cursor:
        before = _census(cursor)
    after = _census_of(restore_target)
    assert before["grants_grant"][0] > 0, "the demo data should be in the backup"
    assert sum(count for count, _ in before.values()) > 100
    assert after == before
    assert (restored_media / "evidence" / "receipt-0001.pdf").read_bytes() == b"%PDF-1.7 evidence bytes"


def test_it_refuses_a_damaged_backup(transactional_db, reference_data, tmp_path, restore_target):
    media = tmp_path / "media"
    media.mkdir()
    backups = tmp_path / "backups"
    _run(["backup", "--into", str(backups)], _url_for(connection.settings_dict["NAME"]), media)
    [made] = list(backups.iterdir())
    archive = made / "media.tar.gz"
    archive.write_bytes(archive.read_bytes() + b"tampered")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vrp_portal.settings.test", "DATABASE_URL": _url_for(restore_target)}
    result = subprocess.run(
        [sys.executable, str(BACKUP_SCRIPT), "restore", str(made), "--yes", "--media-root", str(tmp_path / "m2")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "media.tar.gz does not match its checksum" in result.stderr
