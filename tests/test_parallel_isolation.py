"""The quick tier runs under pytest-xdist (`make test-quick`): two workers must
never share a test database or a MEDIA_ROOT, or one worker's flush or file
would show up in the other's test. One process (`make test`) keeps the plain
names."""

import os
from pathlib import Path

from django.conf import settings
from django.db import connection


def test_each_xdist_worker_writes_files_under_its_own_media_root():
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base = os.environ.get("MEDIA_ROOT") or str(Path(settings.BASE_DIR) / "var" / "test-media")
    expected = f"{base}-{worker}" if worker and not base.endswith(f"-{worker}") else base
    assert Path(settings.MEDIA_ROOT) == Path(expected)


def test_each_xdist_worker_has_its_own_test_database(db):
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    name = str(connection.settings_dict["NAME"])
    if worker:
        assert name.endswith(f"_{worker}")
    else:
        assert not name.endswith(("_gw0", "_gw1"))
