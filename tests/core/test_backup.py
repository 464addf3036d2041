"""`alliance backup` and `alliance restore`: an installation with the demo members, audit trail
and stored files is backed up, restored into an empty database and empty storage (SQLite in the
SQLite pass; PostgreSQL in the PostgreSQL pass, from the same SQLite backup), and every row count
and file checksum matches. A restore refuses a database that is not empty, and a file that is not
a backup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import psycopg
import pytest

from tests.core.test_deploy_checks import manage

FILL = """
import django; django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from alliance.members.services.demo import load_demo
load_demo()
storages["private"].save("letters/visa-letter.pdf", ContentFile(b"%PDF-1.7 letter " * 500))
storages["default"].save("logos/tsinghua.png", ContentFile(bytes(range(256)) * 40))
"""
STATE = """
import django, hashlib, json; django.setup()
from django.core.files.storage import storages
from alliance.core.backup import STORAGES, _walk, row_counts
files = {f"{s}/{n}": hashlib.sha256(storages[s].open(n, "rb").read()).hexdigest()
         for s in STORAGES for n in _walk(storages[s])}
print(json.dumps({"rows": row_counts(), "files": files}))
"""


def python(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600
    )


def environment(tmp_path, name: str, database_url: str) -> dict[str, str]:
    data_dir = tmp_path / name
    data_dir.mkdir()
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_")},
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "ALLIANCE_DATA_DIR": str(data_dir),
        "ALLIANCE_DATABASE_URL": database_url,
    }


@pytest.fixture
def target_url(tmp_path):
    """An empty database to restore into: a new SQLite file, or a new PostgreSQL database."""
    url = os.environ.get("ALLIANCE_DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"alliance_restore_{uuid.uuid4().hex[:12]}"
    server = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env_of(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith("ALLIANCE_")}


def test_a_backup_restores_into_an_empty_database_with_every_row_and_file(tmp_path, target_url):
    source = environment(tmp_path, "source", f"sqlite:///{tmp_path / 'source.sqlite3'}")
    assert manage(tmp_path, "migrate", "-v0", **_env_of(source)).returncode == 0
    filled = python(source, FILL)
    assert filled.returncode == 0, filled.stderr
    archive = tmp_path / "alliance.tar.gz"
    made = manage(tmp_path, "backup", "--output", str(archive), **_env_of(source))
    assert made.returncode == 0, made.stderr
    assert made.stdout.endswith(f"and 2 files to {archive}\n")

    target = environment(tmp_path, "target", target_url)
    restored = manage(tmp_path, "restore", str(archive), **_env_of(target))
    assert restored.returncode == 0, restored.stderr
    assert "every count and checksum matches the backup" in restored.stdout

    before = json.loads(python(source, STATE).stdout)
    after = json.loads(python(target, STATE).stdout)
    assert after == before
    assert before["rows"]["members.institution"] >= 15
    assert before["rows"]["core.auditentry"] > 0
    assert sorted(before["files"]) == [
        "default/logos/tsinghua.png",
        "private/letters/visa-letter.pdf",
    ]

    again = manage(tmp_path, "restore", str(archive), **_env_of(target))
    assert again.returncode != 0
    assert "The database is not empty" in again.stderr
    assert "Restore into a new, empty database." in again.stderr


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    env = environment(tmp_path, "junk", f"sqlite:///{tmp_path / 'junk.sqlite3'}")
    done = manage(tmp_path, "restore", str(junk), **_env_of(env))
    assert done.returncode != 0
    assert f"{junk} cannot be read as a backup" in done.stderr
