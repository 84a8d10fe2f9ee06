#!/usr/bin/env python
"""Back up and restore the portal's database and uploaded files.

    scripts/backup.py backup [--into var/backups]      -> var/backups/<UTC timestamp>/
    scripts/backup.py restore var/backups/<timestamp>  [--yes]

A backup directory holds:

* database.dump   PostgreSQL custom format (pg_dump -Fc), restored with pg_restore;
                  or database.sqlite3 for the embedded SQLite demo;
* media.tar.gz    everything under MEDIA_ROOT (evidence, generated reports);
* manifest.json   when, which engine, which files, and their SHA-256.

The database and MEDIA_ROOT are the ones the Django settings name
(DJANGO_SETTINGS_MODULE, DATABASE_URL, MEDIA_ROOT), so the script backs up
what the portal it runs beside uses. Restore replaces the database's tables and
writes the files back; it refuses to run without --yes when on a terminal.
"""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DUMP = "database.dump"
SQLITE = "database.sqlite3"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _is_postgres(database):
    return "postgresql" in database["ENGINE"]


def _pg_env(database):
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _pg_tool(name):
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools (postgresql-client).")
    return path


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(*, database, media_root, into):
    """Writes a new timestamped backup under `into`; returns its directory."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = Path(into) / stamp
    target.mkdir(parents=True, exist_ok=False)
    if _is_postgres(database):
        _run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target / DUMP}",
                database["NAME"],
            ],
            _pg_env(database),
        )
        files = [DUMP]
    else:
        if not Path(database["NAME"]).is_file():
            raise BackupError(f"There is no database at {database['NAME']}: nothing to back up.")
        source = sqlite3.connect(database["NAME"])
        copy = sqlite3.connect(target / SQLITE)
        with copy:
            source.backup(copy)
        source.close()
        copy.close()
        files = [SQLITE]
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if Path(media_root).is_dir():
            archive.add(media_root, arcname=".")
    files.append(MEDIA)
    manifest = {
        "created_at": stamp,
        "engine": "postgresql" if _is_postgres(database) else "sqlite",
        "files": {name: _sha256(target / name) for name in files},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return target


def restore(*, source, database, media_root):
    """Replaces the database's contents and the files under media_root with the backup's."""
    source = Path(source)
    manifest = json.loads((source / MANIFEST).read_text())
    for name, expected in manifest["files"].items():
        if _sha256(source / name) != expected:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged.")
    engine = "postgresql" if _is_postgres(database) else "sqlite"
    if manifest["engine"] != engine:
        raise BackupError(f"This is a {manifest['engine']} backup; the target database is {engine}.")
    if engine == "postgresql":
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={database['NAME']}",
                str(source / DUMP),
            ],
            _pg_env(database),
        )
    else:
        backup_copy = sqlite3.connect(source / SQLITE)
        target = sqlite3.connect(database["NAME"])
        with target:
            backup_copy.backup(target)
        backup_copy.close()
        target.close()
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")  # refuses absolute paths and ../


def _latest(into):
    backups = sorted(path for path in Path(into).iterdir() if (path / MANIFEST).exists()) if Path(into).is_dir() else []
    if not backups:
        raise BackupError(f"No backups under {into}.")
    return backups[-1]


def main(argv=None):
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vrp_portal.settings.development")
    import django
    from django.conf import settings

    django.setup()
    default_into = BASE_DIR / "var" / "backups"
    parser = argparse.ArgumentParser(description="Back up or restore the portal's database and media files.")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="write var/backups/<timestamp>/")
    make.add_argument("--into", default=default_into, help="the folder that holds backups (default var/backups)")
    put_back = commands.add_parser("restore", help="restore a backup directory (default: the latest)")
    put_back.add_argument("source", nargs="?", help="a backup directory; the latest under var/backups if omitted")
    put_back.add_argument("--yes", action="store_true", help="do not ask before replacing the data")
    for command in (make, put_back):
        command.add_argument("--media-root", help="the media folder (default: the settings' MEDIA_ROOT)")
    args = parser.parse_args(argv)

    database, media_root = settings.DATABASES["default"], args.media_root or settings.MEDIA_ROOT
    try:
        if args.command == "backup":
            print(f"Backed up to {backup(database=database, media_root=media_root, into=args.into)}")
            return 0
        source = Path(args.source) if args.source else _latest(default_into)
        if not args.yes and sys.stdin.isatty():
            answer = input(f"Replace the data in {database['NAME']} and {media_root} with {source}? Type yes: ")
            if answer.strip().lower() != "yes":
                print("Nothing restored.")
                return 1
        restore(source=source, database=database, media_root=media_root)
        print(f"Restored {source}")
        return 0
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
