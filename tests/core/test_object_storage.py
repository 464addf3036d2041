"""Stored files in S3-compatible object storage (``ALLIANCE_S3_*``), against moto's S3 server on
127.0.0.1: a personal document is written, read back byte for byte, listed and given only a
signed, short-lived address; the backup finds it; and the settings build both storages from the
variables."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from alliance.core.backup import _walk, write_backup
from alliance.core.storage import private_storage
from tests.core.test_deploy_checks import manage
from tests.production.stack import s3_server

BUCKET = "alliance-test"
KEYS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    with s3_server(BUCKET) as endpoint:
        yield endpoint


@pytest.fixture
def s3_storages(settings, s3_endpoint):
    common = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_endpoint,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "signature_version": "s3v4",
        "file_overwrite": False,
        **KEYS,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "location": "media"},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "location": "private"},
        },
    }
    return settings.STORAGES


def test_a_personal_document_round_trips_and_has_only_a_signed_address(s3_storages):
    storage = private_storage()
    content = b"%PDF-1.7 passport scan " * 1000
    name = storage.save("letters/2027/passport.pdf", ContentFile(content))
    assert name == "letters/2027/passport.pdf"
    with storage.open(name, "rb") as handle:
        assert handle.read() == content
    second = storage.save("letters/2027/passport.pdf", ContentFile(b"another"))
    assert second != name  # never overwritten
    assert list(_walk(storage)) == sorted([name, second])
    query = parse_qs(urlparse(storage.url(name)).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query
    storage.delete(second)
    assert not storage.exists(second)


def test_a_backup_reads_the_files_from_object_storage(s3_storages, tmp_path, db):
    storages["default"].save("logos/nus.png", ContentFile(b"\x89PNG logo"))
    manifest = write_backup(tmp_path / "backup.tar.gz")
    assert {(f["storage"], f["name"]) for f in manifest["files"]} >= {("default", "logos/nus.png")}


def test_the_variables_make_both_storages_s3(tmp_path):
    code = (
        "import json; from django.conf import settings as s;"
        "print(json.dumps({k: [v['BACKEND'], v['OPTIONS'].get('location'),"
        " v['OPTIONS'].get('endpoint_url')] for k, v in s.STORAGES.items() if k != 'staticfiles'}))"
    )
    done = manage(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        code,
        ALLIANCE_S3_BUCKET="alliance-files",
        ALLIANCE_S3_ENDPOINT_URL="https://minio.example.org",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "default": ["storages.backends.s3.S3Storage", "media", "https://minio.example.org"],
        "private": ["storages.backends.s3.S3Storage", "private", "https://minio.example.org"],
    }
