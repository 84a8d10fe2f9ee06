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

Restore checks the whole backup first (manifest, every checksum, the dump
readable, the media archive safe to unpack) and changes nothing if any of it is
wrong; then it restores the database and the media both or neither, and the
media folder ends holding exactly what the backup held.
"""

import argparse
import datetime
import hashlib
import json
import os
import secrets
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
# Working folders a restore makes inside MEDIA_ROOT; never part of a backup.
RESTORE_PREFIX = ".restore-"


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


def _not_restore_leftovers(member):
    return None if Path(member.name).name.startswith(RESTORE_PREFIX) else member


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
            archive.add(media_root, arcname=".", filter=_not_restore_leftovers)
    files.append(MEDIA)
    manifest = {
        "created_at": stamp,
        "engine": "postgresql" if _is_postgres(database) else "sqlite",
        "files": {name: _sha256(target / name) for name in files},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return target


def _manifest(source):
    if not source.is_dir():
        raise BackupError(f"{source} is not a backup directory.")
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{MANIFEST} is missing from {source}: this is not a complete backup.")
    try:
        manifest = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{MANIFEST} in {source} cannot be read ({error}): the backup is damaged.") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict) or "engine" not in manifest:
        raise BackupError(f"{MANIFEST} in {source} does not list the backup's engine and files: the backup is damaged.")
    return manifest


def _check_media_archive(path):
    """Every member lands inside the media folder: no absolute paths, no `..`,
    no link that points outside it, nothing but files, folders and such links."""
    destination = "/restore-check"
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if not (member.isfile() or member.isdir() or member.issym() or member.islnk()):
                    raise BackupError(f"{MEDIA} holds {member.name!r}, which is not a file or folder.")
                if member.name.startswith("/") or ".." in Path(member.name).parts:
                    raise BackupError(f"{MEDIA} is unsafe to unpack: {member.name!r} points outside the media folder.")
                try:
                    tarfile.data_filter(member, destination)
                except tarfile.FilterError as error:
                    raise BackupError(f"{MEDIA} is unsafe to unpack: {error}.") from None
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{MEDIA} cannot be read ({error}): the backup is damaged.") from None


def check(*, source, database):
    """Everything about the backup that can be known before touching the data.
    Returns the manifest; raises BackupError naming what is wrong."""
    source = Path(source)
    manifest = _manifest(source)
    engine = "postgresql" if _is_postgres(database) else "sqlite"
    if manifest["engine"] != engine:
        raise BackupError(f"This is a {manifest['engine']} backup; the target database is {engine}.")
    needed = {DUMP if engine == "postgresql" else SQLITE, MEDIA}
    for name in sorted(needed - set(manifest["files"])):
        raise BackupError(f"{MANIFEST} does not list {name}: the backup is incomplete.")
    for name, expected in manifest["files"].items():
        if name not in needed:
            raise BackupError(f"{MANIFEST} lists {name!r}, which is not part of a backup.")
        if not (source / name).is_file():
            raise BackupError(f"{name} is missing from {source}: the backup is incomplete.")
        if _sha256(source / name) != expected:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged.")
    _check_media_archive(source / MEDIA)
    if engine == "postgresql":
        _run([_pg_tool("pg_restore"), "--list", str(source / DUMP)], _pg_env(database))
    else:
        try:
            copy = sqlite3.connect(f"file:{source / SQLITE}?mode=ro", uri=True)
            try:
                ok = copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            finally:
                copy.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{SQLITE} is not a readable SQLite database ({error}).") from None
        if not ok:
            raise BackupError(f"{SQLITE} fails SQLite's integrity check: the backup is damaged.")
    return manifest


def _restore_database(source, database, engine):
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
        return
    backup_copy = sqlite3.connect(source / SQLITE)
    target = sqlite3.connect(database["NAME"])
    try:
        with target:
            backup_copy.backup(target)
    finally:
        backup_copy.close()
        target.close()


def _swap_in(media_root, staging):
    """Make media_root hold exactly what staging holds. Both are in one folder
    tree (staging is inside media_root), so each move is a rename, which also
    works when media_root is a mounted volume that cannot itself be renamed."""
    old = media_root / f"{RESTORE_PREFIX}old-{secrets.token_hex(4)}"
    old.mkdir()
    for entry in list(media_root.iterdir()):
        if not entry.name.startswith(RESTORE_PREFIX):
            entry.rename(old / entry.name)
    for entry in list(staging.iterdir()):
        entry.rename(media_root / entry.name)
    shutil.rmtree(old)
    staging.rmdir()


def restore(*, source, database, media_root):
    """Replaces the database's contents and the files under media_root with the
    backup's: both or neither. The whole backup is checked first; the media is
    unpacked beside the current files before the database is touched; files
    added since the backup are gone afterwards."""
    source = Path(source)
    manifest = check(source=source, database=database)
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    staging = media_root / f"{RESTORE_PREFIX}new-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        with tarfile.open(source / MEDIA, "r:gz") as archive:
            archive.extractall(staging, filter="data")
        _restore_database(source, database, manifest["engine"])
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(media_root, staging)


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
        check(source=source, database=database)  # before asking: a damaged backup is refused at once
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
    except OSError as error:
        print(f"error: {error.strerror or error} ({error.filename or ''})", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
