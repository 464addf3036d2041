"""Read replicas (alliance/core/db_router.py): reads go to a replica, writes to the primary; a
write, a recent write's cookie, or an open transaction keeps reads on the primary."""

from __future__ import annotations

import time

from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from alliance.core.db_router import (
    COOKIE,
    PrimaryAfterWriteMiddleware,
    ReplicaRouter,
    pinned_to_primary,
)
from alliance.core.models import User

router = ReplicaRouter()


def read_alias_during(request) -> tuple[str, HttpResponse]:
    seen = []

    def view(_request):
        seen.append(router.db_for_read(User))
        return HttpResponse()

    response = PrimaryAfterWriteMiddleware(view)(request)
    return seen[0], response


def test_without_replicas_everything_is_the_primary(settings):
    settings.DATABASE_REPLICAS = []
    alias, response = read_alias_during(RequestFactory().post("/"))
    assert alias == "default"
    assert COOKIE not in response.cookies
    assert router.db_for_write(User) == "default"


def test_reads_go_to_replicas_until_the_person_writes(settings):
    settings.DATABASE_REPLICAS = ["replica_1", "replica_2"]
    settings.REPLICA_LAG_SECONDS = 10
    alias, _ = read_alias_during(RequestFactory().get("/"))
    assert alias in {"replica_1", "replica_2"}

    alias, response = read_alias_during(RequestFactory().post("/"))
    assert alias == "default"
    cookie = response.cookies[COOKIE]
    assert cookie["max-age"] == 10
    assert int(cookie.value) >= int(time.time()) + 9

    after = RequestFactory().get("/")
    after.COOKIES[COOKIE] = cookie.value
    assert read_alias_during(after)[0] == "default"
    stale = RequestFactory().get("/")
    stale.COOKIES[COOKIE] = str(int(time.time()) - 1)
    assert read_alias_during(stale)[0] in {"replica_1", "replica_2"}
    forged = RequestFactory().get("/")
    forged.COOKIES[COOKIE] = "soon"
    assert read_alias_during(forged)[0] in {"replica_1", "replica_2"}
    assert pinned_to_primary.get() is False  # nothing leaks out of a request


def test_a_transaction_reads_from_the_primary(settings, transactional_db):
    settings.DATABASE_REPLICAS = ["replica_1"]
    assert router.db_for_read(User) == "replica_1"
    with transaction.atomic():
        assert router.db_for_read(User) == "default"
    assert router.db_for_write(User) == "default"
    assert router.allow_migrate("replica_1", "core") is False
    assert router.allow_migrate("default", "core") is True


def test_replica_urls_become_mirrored_aliases(tmp_path):
    from tests.core.test_deploy_checks import manage

    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASE_REPLICAS, s.DATABASES['replica_2']['HOST'],"
        " s.DATABASES['replica_2']['TEST']['MIRROR'])"
    )
    done = manage(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        code,
        ALLIANCE_DATABASE_REPLICA_URLS="postgres://r@db-r1/alliance, postgres://r@db-r2/alliance",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['replica_1', 'replica_2'] db-r2 default"
