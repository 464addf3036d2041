"""Keeps the search index in step with what may be found: one ``SearchEntry`` per published
achievement, published challenge, listed expert and open shared course or resource, and the database's own full-text index
beside it (SQLite: the FTS5 table ``knowledge_search_fts``; PostgreSQL: the entry's
``search_vector``). The other services call ``index_*`` and ``unindex`` inside their own
transactions, so the index never shows what a rolled-back change would have shown."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from alliance.knowledge.embeddings import embedder
from alliance.knowledge.enums import (
    AchievementStatus,
    ChallengeStatus,
    CourseStatus,
    EntryKind,
    ExpertPart,
)
from alliance.knowledge.models import (
    Achievement,
    Challenge,
    ExpertProfile,
    SearchEntry,
    SharedCourse,
)
from alliance.knowledge.textindex import index_terms

EMBED_BATCH = 32  # passages the model embeds together
EMBED_TASK_SIZE = 256  # entries per background task
REBUILD_BATCH = 2000


def _fields(*fields: str) -> str:
    return " " + " ".join(f for f in fields if f) + " "


Indexed = Achievement | Challenge | ExpertProfile | SharedCourse


def _text_of(obj: Indexed) -> tuple[str, str, str]:
    """(title text, body text, text to embed)."""
    if isinstance(obj, Achievement):
        head = "\n".join([obj.title, *obj.keywords])
        body = "\n".join([obj.summary, *obj.inventors, obj.institution.name])
        return head, body, f"{head}\n{obj.summary}"
    if isinstance(obj, Challenge):
        head = "\n".join([obj.title, *obj.keywords])
        body = "\n".join([obj.problem, obj.wanted_outcome, obj.institution.name])
        return head, body, f"{head}\n{obj.problem}\n{obj.wanted_outcome}"
    if isinstance(obj, SharedCourse):
        head = "\n".join([obj.title, *obj.keywords])
        body = "\n".join([obj.description, obj.prerequisites, obj.term, obj.institution.name])
        return head, body, f"{head}\n{obj.description}"
    head = "\n".join([obj.full_name, *obj.keywords])
    bio = "" if obj.is_private(ExpertPart.BIO) else obj.bio
    parts = [obj.position, obj.institution.name, bio]
    if not obj.is_private(ExpertPart.PUBLICATIONS):
        parts.extend(obj.publications)
        parts.extend(p.title for p in obj.publication_records.all())
    return head, "\n".join(parts), "\n".join([*obj.keywords, obj.position, bio])


def _kind_of(obj: Indexed) -> EntryKind:
    if isinstance(obj, Achievement):
        return EntryKind.ACHIEVEMENT
    if isinstance(obj, Challenge):
        return EntryKind.CHALLENGE
    if isinstance(obj, SharedCourse):
        return EntryKind.COURSE
    return EntryKind.EXPERT


def findable(obj: Indexed) -> bool:
    if isinstance(obj, Achievement):
        return obj.status == AchievementStatus.PUBLISHED
    if isinstance(obj, Challenge):
        return obj.status == ChallengeStatus.PUBLISHED
    if isinstance(obj, SharedCourse):
        return obj.status == CourseStatus.OPEN
    return obj.listed


def _values(obj: Indexed, head: str, body: str) -> dict[str, Any]:
    fields = obj.fields if isinstance(obj, ExpertProfile) else [obj.field]
    return {
        "institution_id": obj.institution_id,
        "fields": _fields(*fields),
        "trl": obj.trl if isinstance(obj, Achievement) else None,
        "title": str(obj)[:300],
        "terms_title": index_terms(head),
        "terms_body": index_terms(body),
        "updated_at": timezone.now(),
    }


def text_hash(text: str) -> str:
    """What an embedding was computed from, in 16 hex digits: a changed text is embedded anew."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def refresh_entries(objs: Iterable[Indexed]) -> int:
    """Index what is findable among ``objs`` and remove the rest; return how many are indexed.
    The words are indexed at once; the embeddings (when the model is installed) are computed
    after the transaction commits, by the ``knowledge.embed_entries`` task, for the entries
    whose text changed. Until then an entry keeps its previous embedding, or is found by its
    words only."""
    objs = list(objs)
    keep = [o for o in objs if findable(o)]
    for obj in objs:
        if not findable(obj):
            unindex(_kind_of(obj), obj.pk)
    if not keep:
        return 0
    with transaction.atomic():
        entries = []
        for obj in keep:
            head, body, _text = _text_of(obj)
            entry, _created = SearchEntry.objects.update_or_create(
                kind=_kind_of(obj), object_id=obj.pk, defaults=_values(obj, head, body)
            )
            entries.append(entry)
        _write_fulltext(entries)
        _embed_after_commit([e.pk for e in entries])
    return len(keep)


def _embed_after_commit(ids: list[int]) -> None:
    if ids and embedder() is not None:
        from alliance.knowledge.tasks import embed_entries_task

        for start in range(0, len(ids), EMBED_TASK_SIZE):
            chunk = ids[start : start + EMBED_TASK_SIZE]
            transaction.on_commit(partial(embed_entries_task.delay, chunk))


def embed_entries(ids: Sequence[int]) -> int:
    """Compute the embeddings of the entries ``ids`` whose text changed since (or that have
    none); return how many were computed. Entries removed meanwhile are skipped."""
    model = embedder()
    if model is None:
        return 0
    entries = list(SearchEntry.objects.filter(pk__in=ids).order_by("pk"))
    found = _objects_of(entries)
    todo: list[tuple[SearchEntry, str, str]] = []
    for entry in entries:
        obj = found.get((entry.kind, entry.object_id))
        if obj is None:
            continue
        text = _text_of(obj)[2]
        digest = text_hash(text)
        if entry.embedding is None or entry.embedded_hash != digest:
            todo.append((entry, text, digest))
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start : start + EMBED_BATCH]
        vectors = model.passages([text for _entry, text, _digest in batch])
        now = timezone.now()
        for (entry, _text, digest), vec in zip(batch, vectors, strict=True):
            SearchEntry.objects.filter(pk=entry.pk).update(
                embedding=vec, embedded_hash=digest, updated_at=now
            )
    return len(todo)


def _objects_of(entries: Sequence[SearchEntry]) -> dict[tuple[str, int], Indexed]:
    models: dict[str, Any] = {
        EntryKind.ACHIEVEMENT: Achievement.objects.select_related("institution"),
        EntryKind.CHALLENGE: Challenge.objects.select_related("institution"),
        EntryKind.COURSE: SharedCourse.objects.select_related("institution"),
        EntryKind.EXPERT: ExpertProfile.objects.select_related("institution").prefetch_related(
            "publication_records"
        ),
    }
    result: dict[tuple[str, int], Indexed] = {}
    for kind, qs in models.items():
        wanted = [e.object_id for e in entries if e.kind == kind]
        if wanted:
            for obj in qs.filter(pk__in=wanted):
                result[(str(kind), obj.pk)] = obj
    return result


def index_object(obj: Indexed) -> None:
    refresh_entries([obj])


def unindex(kind: EntryKind, object_id: int) -> None:
    for pk in SearchEntry.objects.filter(kind=kind, object_id=object_id).values_list(
        "pk", flat=True
    ):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM knowledge_search_fts WHERE rowid = %s", [pk])
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def _write_fulltext(entries: Sequence[SearchEntry]) -> None:
    """The database's full-text index of ``entries``, written anew."""
    if not entries:
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM knowledge_search_fts WHERE rowid = %s", [(e.pk,) for e in entries]
            )
            cursor.executemany(
                "INSERT INTO knowledge_search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [(e.pk, e.terms_title, e.terms_body) for e in entries],
            )
    elif connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
            search_vector=SearchVector("terms_title", weight="A", config="simple")
            + SearchVector("terms_body", weight="B", config="simple")
        )


def rebuild_index() -> int:
    """Index everything findable again (after installing the embedding model, or a restore);
    return how many entries there are. Written in bulk: the entries, then the full text. The
    embeddings of unchanged texts are kept; the others are computed after the commit, in the
    background."""
    kept = {
        (kind, object_id): (embedding, digest)
        for kind, object_id, embedding, digest in SearchEntry.objects.exclude(
            embedding=None
        ).values_list("kind", "object_id", "embedding", "embedded_hash")
    }
    everything: list[QuerySet[Any]] = [
        Achievement.objects.select_related("institution").order_by("pk"),
        Challenge.objects.select_related("institution").order_by("pk"),
        ExpertProfile.objects.select_related("institution")
        .prefetch_related("publication_records")
        .order_by("pk"),
        SharedCourse.objects.select_related("institution").order_by("pk"),
    ]
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM knowledge_search_fts")
        SearchEntry.objects.all().delete()
        stale: list[int] = []
        for qs in everything:
            batch: list[SearchEntry] = []
            for obj in qs.iterator(chunk_size=REBUILD_BATCH):
                if findable(obj):
                    batch.append(_rebuilt_entry(obj, kept))
                if len(batch) == REBUILD_BATCH:
                    stale += _write_batch(batch)
                    batch = []
            stale += _write_batch(batch)
        _embed_after_commit(stale)
    return SearchEntry.objects.count()


def _rebuilt_entry(obj: Indexed, kept: dict[tuple[str, int], tuple[Any, str]]) -> SearchEntry:
    head, body, text = _text_of(obj)
    kind = _kind_of(obj)
    entry = SearchEntry(kind=kind, object_id=obj.pk, **_values(obj, head, body))
    embedding, digest = kept.get((str(kind), obj.pk), (None, ""))
    if embedding is not None and digest == text_hash(text):
        entry.embedding, entry.embedded_hash = embedding, digest
    return entry


def _write_batch(batch: list[SearchEntry]) -> list[int]:
    """Store the entries and their full text; the ids of those still to embed."""
    if not batch:
        return []
    created = SearchEntry.objects.bulk_create(batch)
    _write_fulltext(created)
    return [e.pk for e in created if e.embedding is None]
