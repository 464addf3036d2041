"""Backup and restore of a whole installation: the database and the stored files.

A backup is one ``.tar.gz``: ``manifest.json`` (when, from which database, the migration state,
the row count of every model, and the size and SHA-256 of every stored file), ``data.json``
(Django's ``dumpdata`` of every model, engine-neutral, so a SQLite backup restores into
PostgreSQL and back) and ``files/<storage>/<name>`` for the default and private storages.

``restore_backup`` fills an empty, freshly migrated database, copies the files back, and checks
that every row count and every checksum matches the manifest. Encrypted fields stay encrypted:
they are dumped as the stored ciphertext, so restoring needs the same field-encryption keys.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
STORAGES = ("default", "private")
# Rebuilt by ``migrate`` (content types, permissions) or worthless after a restore (sessions).
EXCLUDED = ("contenttypes", "auth.permission", "sessions")


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    rows: int
    files: int


def _models() -> list[Any]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in EXCLUDED
        and m._meta.label_lower not in EXCLUDED
        and m._meta.managed
        and not m._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in _models()}


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def write_backup(path: Path) -> dict[str, Any]:
    """Write a backup to ``path`` and return its manifest. The database is read in one
    transaction (a consistent snapshot on PostgreSQL and in SQLite's WAL mode)."""
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "data.json"
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            call_command(
                "dumpdata",
                exclude=list(EXCLUDED),
                natural_foreign=True,
                output=str(dump),
                verbosity=0,
            )
            counts = row_counts()
            migrations = _applied_migrations()
        files = []
        path.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path, "w:gz") as archive:
            archive.add(dump, arcname="data.json")
            for storage_name in STORAGES:
                storage = storages[storage_name]
                for name in _walk(storage):
                    with storage.open(name, "rb") as handle:
                        data = handle.read()
                    _add(archive, f"files/{storage_name}/{name}", data)
                    files.append(
                        {
                            "storage": storage_name,
                            "name": name,
                            "size": len(data),
                            "sha256": _sha256(data),
                        }
                    )
            manifest = {
                "format": FORMAT,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                "database": connection.vendor,
                "migrations": migrations,
                "rows": counts,
                "files": files,
            }
            _add(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError:
        raise BackupError("This file is not an Alliance backup: it has no manifest.") from None
    assert member is not None
    manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')} is not {FORMAT}.")
    return manifest


def restore_backup(path: Path) -> Restored:
    """Restore ``path`` into this installation, which must be empty. Migrates the database
    first; refuses a backup made at another migration state."""
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{path} cannot be read as a backup: {exc}") from None
    with archive:
        manifest = _read_manifest(archive)
        call_command("migrate", verbosity=0, interactive=False)
        if _applied_migrations() != manifest["migrations"]:
            raise BackupError(
                "This backup was made at another migration state than this release's. Restore it "
                "with the release that made it, then upgrade."
            )
        present = {label: n for label, n in row_counts().items() if n}
        if present:
            raise BackupError(
                "The database is not empty ("
                + ", ".join(f"{label}: {n}" for label, n in sorted(present.items()))
                + "). Restore into a new, empty database."
            )
        for entry in manifest["files"]:
            if storages[entry["storage"]].exists(entry["name"]):
                raise BackupError(
                    f"The {entry['storage']} storage already holds {entry['name']}: "
                    "restore into empty storage."
                )
        with tempfile.TemporaryDirectory() as scratch:
            data = archive.extractfile("data.json")
            assert data is not None
            dump = Path(scratch) / "data.json"
            dump.write_bytes(data.read())
            with transaction.atomic():
                call_command("loaddata", str(dump), verbosity=0)
                counts = row_counts()
                wrong = {
                    label: (n, counts.get(label))
                    for label, n in manifest["rows"].items()
                    if counts.get(label) != n
                }
                if wrong:
                    raise BackupError(f"Row counts differ after loading: {wrong}")
        for entry in manifest["files"]:
            member = archive.extractfile(f"files/{entry['storage']}/{entry['name']}")
            assert member is not None
            content = member.read()
            if _sha256(content) != entry["sha256"]:
                raise BackupError(f"{entry['name']} in the backup is damaged (checksum).")
            storage = storages[entry["storage"]]
            saved = storage.save(entry["name"], ContentFile(content))
            with storage.open(saved, "rb") as handle:
                if saved != entry["name"] or _sha256(handle.read()) != entry["sha256"]:
                    raise BackupError(f"{entry['name']} was not stored back as it was.")
    return Restored(rows=sum(manifest["rows"].values()), files=len(manifest["files"]))
