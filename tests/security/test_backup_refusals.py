"""A damaged or hostile backup is refused before anything changes, with a
message saying what is wrong (no traceback); a good one restores the database
and the media both or neither, and the media ends exactly as backed up; `make
backup` and `make restore` need no network."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile

import pytest
from django.conf import settings
from django.db import connection

from . import test_backup
from .test_backup import BACKUP_SCRIPT, _census_of, _run, _url_for

restore_target = test_backup.restore_target  # the fresh database to restore into

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def made(reference_data, tmp_path):
    """A good backup of the reference data with one evidence file."""
    media = tmp_path / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "receipt.pdf").write_bytes(b"%PDF-1.7 backed up")
    backups = tmp_path / "backups"
    _run(["backup", "--into", str(backups)], _url_for(connection.settings_dict["NAME"]), media)
    [directory] = list(backups.iterdir())
    return directory


@pytest.fixture
def live_media(tmp_path):
    """The restore target's media, as it is before the restore."""
    media = tmp_path / "live-media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "added-after-the-backup.pdf").write_bytes(b"%PDF-1.7 newer")
    return media


def _restore(backup, restore_target, media_root):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vrp_portal.settings.test", "DATABASE_URL": _url_for(restore_target)}
    return subprocess.run(
        [sys.executable, str(BACKUP_SCRIPT), "restore", str(backup), "--yes", "--media-root", str(media_root)],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def _untouched(restore_target, live_media):
    """The target database is as empty as it was and the media as it was."""
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(_url_for(restore_target)) as other:
            tables = other.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
        assert tables == 0, "the database was changed"
    else:
        assert not os.path.exists(restore_target) or os.path.getsize(restore_target) == 0, "the database was changed"
    assert sorted(p.name for p in live_media.rglob("*")) == ["added-after-the-backup.pdf", "evidence"]


def _refused(result, message):
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def _rewrite_manifest(backup):
    """Checksums that match the files as they now are, as an attacker would write them."""
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["files"] = {name: hashlib.sha256((backup / name).read_bytes()).hexdigest() for name in manifest["files"]}
    (backup / "manifest.json").write_text(json.dumps(manifest))


def test_a_missing_manifest_is_refused_clearly(made, restore_target, live_media):
    (made / "manifest.json").unlink()
    _refused(_restore(made, restore_target, live_media), "manifest.json is missing")
    _untouched(restore_target, live_media)


def test_an_unreadable_manifest_is_refused_clearly(made, restore_target, live_media):
    (made / "manifest.json").write_bytes(b"{not json")
    _refused(_restore(made, restore_target, live_media), "manifest.json in")
    _untouched(restore_target, live_media)


def test_a_missing_dump_is_refused_clearly(made, restore_target, live_media):
    dump = made / ("database.dump" if connection.vendor == "postgresql" else "database.sqlite3")
    dump.unlink()
    _refused(_restore(made, restore_target, live_media), f"{dump.name} is missing")
    _untouched(restore_target, live_media)


def test_a_dump_that_does_not_match_its_checksum_is_refused(made, restore_target, live_media):
    dump = made / ("database.dump" if connection.vendor == "postgresql" else "database.sqlite3")
    dump.write_bytes(dump.read_bytes()[:-10])
    _refused(_restore(made, restore_target, live_media), f"{dump.name} does not match its checksum")
    _untouched(restore_target, live_media)


def _hostile_archive(backup, member, data=b"x"):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        good = tarfile.TarInfo("./evidence/receipt.pdf")
        good.size = 3
        archive.addfile(good, io.BytesIO(b"pdf"))
        if member.isfile():
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
        else:
            archive.addfile(member)
    (backup / "media.tar.gz").write_bytes(buffer.getvalue())
    _rewrite_manifest(backup)


def test_a_media_archive_climbing_out_with_dot_dot_restores_nothing(made, restore_target, live_media, tmp_path):
    _hostile_archive(made, tarfile.TarInfo("../../escaped.txt"))
    _refused(_restore(made, restore_target, live_media), "media.tar.gz is unsafe to unpack")
    _untouched(restore_target, live_media)
    assert not list(tmp_path.rglob("escaped.txt"))


def test_a_media_archive_with_an_absolute_path_restores_nothing(made, restore_target, live_media, tmp_path):
    _hostile_archive(made, tarfile.TarInfo(str(tmp_path / "absolute.txt")))
    _refused(_restore(made, restore_target, live_media), "media.tar.gz is unsafe to unpack")
    _untouched(restore_target, live_media)


def test_a_media_archive_with_a_link_outside_restores_nothing(made, restore_target, live_media):
    link = tarfile.TarInfo("./evidence/passwd")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    _hostile_archive(made, link)
    _refused(_restore(made, restore_target, live_media), "media.tar.gz is unsafe to unpack")
    _untouched(restore_target, live_media)


def test_a_good_restore_makes_the_media_match_the_backup_exactly(made, restore_target, live_media):
    result = _restore(made, restore_target, live_media)
    assert result.returncode == 0, result.stderr

    assert sorted(str(p.relative_to(live_media)) for p in live_media.rglob("*")) == ["evidence", "evidence/receipt.pdf"]
    assert (live_media / "evidence" / "receipt.pdf").read_bytes() == b"%PDF-1.7 backed up"
    census = _census_of(restore_target)
    assert census["partnership_district"][0] == 3


def test_make_backup_and_restore_use_the_installed_python_and_never_pip_or_npm(tmp_path):
    for target in ("backup", "restore"):
        plan = subprocess.run(["make", "-n", target], cwd=settings.BASE_DIR, capture_output=True, text=True).stdout
        assert "scripts/backup.py" in plan
        assert "pip" not in plan and "npm" not in plan and "venv" not in plan.replace(".venv/bin/python", "")

    missing = subprocess.run(
        ["make", "backup", f"VENV={tmp_path / 'no-venv'}"], cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert missing.returncode != 0
    assert "is missing: install the portal first" in missing.stderr


def test_make_backup_runs_with_the_named_python(reference_data, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vrp_portal.settings.test",
        "DATABASE_URL": _url_for(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(media),
    }
    result = subprocess.run(
        ["make", "backup", f"PY={sys.executable}"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Backed up to" in result.stdout
    # Under `make test` this make is a sub-make, which adds "Leaving directory" lines: find the line.
    made = next(line for line in result.stdout.splitlines() if line.startswith("Backed up to")).rsplit(" ", 1)[-1]
    try:
        with open(os.path.join(made, "manifest.json")) as manifest:
            assert json.load(manifest)["files"]
    finally:
        shutil.rmtree(made)
