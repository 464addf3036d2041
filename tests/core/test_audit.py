import pytest

from alliance.core.models import AuditEntry
from alliance.core.models.audit import AppendOnlyError
from alliance.core.services.audit import record_audit
from tests.conftest import client_for


@pytest.fixture
def entry(db):
    return record_audit("test.thing.happen", actor=None, after={"n": 1})


def test_it_writes_system_as_actor_when_none(entry):
    assert entry.actor_label == "system"
    assert entry.after == {"n": 1}


def test_it_refuses_to_update_a_saved_entry(entry):
    entry.action = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.thing.happen"


def test_it_refuses_to_delete_an_entry(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_it_refuses_queryset_update_and_delete(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["action"])
    assert AuditEntry.objects.count() == 1


def test_it_records_the_request_id_of_the_request(cast, tsinghua):
    client = client_for(cast.coordinator_tsinghua)
    response = client.post(
        f"/members/{tsinghua.slug}/edit/",
        {
            "name": tsinghua.name,
            "kind": "university",
            "country": "CN",
            "city": "Beijing",
            "time_zone": "Asia/Shanghai",
            "ror_id": "03cve4549",
            "names-TOTAL_FORMS": "1",
            "names-INITIAL_FORMS": "1",
            "names-0-language": "zh",
            "names-0-name": "清华大学",
        },
        HTTP_X_REQUEST_ID="req-123",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="members.institution.update").get()
    assert entry.request_id == "req-123"
    assert entry.actor == cast.coordinator_tsinghua
    assert entry.institution_id == tsinghua.pk
    assert entry.before == {"city": "", "time_zone": ""}
    assert entry.after == {"city": "Beijing", "time_zone": "Asia/Shanghai"}


def test_the_secretariat_browses_and_filters_the_log(cast, tsinghua, nus):
    record_audit(
        "members.institution.update",
        actor=cast.coordinator_tsinghua,
        obj=tsinghua,
        institution_id=tsinghua.pk,
        after={"city": "Beijing"},
    )
    record_audit(
        "members.institution.update",
        actor=cast.coordinator_nus,
        obj=nus,
        institution_id=nus.pk,
        after={"city": "Singapore"},
    )
    client = client_for(cast.secretariat)
    page = client.get(
        "/audit/", {"institution_id": tsinghua.pk, "action": "members.institution.update"}
    )
    assert page.status_code == 200
    entries = list(page.context["page"].object_list)
    assert [e.actor_label for e in entries] == ["coord@tsinghua.example.org"]


def test_only_the_secretariat_sees_the_log(cast):
    assert client_for(cast.coordinator_tsinghua).get("/audit/").status_code == 403
    assert client_for(None).get("/audit/").status_code == 302


def test_the_audit_page_query_count_does_not_grow_with_entries(cast, tsinghua):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.secretariat)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/audit/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(10):
        record_audit(
            "members.institution.update",
            actor=cast.coordinator_tsinghua,
            obj=tsinghua,
            institution_id=tsinghua.pk,
            after={"n": n},
        )
    assert count() == before


def test_the_tokens_page_query_count_does_not_grow_with_tokens(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alliance.core.enums import TokenScope
    from alliance.core.services.tokens import create_access_token

    client = client_for(cast.secretariat)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/account/tokens/").status_code == 200
        return len(ctx.captured_queries)

    create_access_token(
        cast.secretariat,
        actor=cast.secretariat,
        name="first",
        scopes=[TokenScope.MEMBERS_READ],
        expires_at=None,
    )
    before = count()
    for n in range(5):
        create_access_token(
            cast.secretariat,
            actor=cast.secretariat,
            name=f"t{n}",
            scopes=[TokenScope.AUDIT_READ],
            expires_at=None,
        )
    assert count() == before
