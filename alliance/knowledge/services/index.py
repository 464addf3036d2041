"""Keeps the search index in step with what may be found: one ``SearchEntry`` per published
achievement, published challenge, listed expert and open shared course or resource, and the database's own full-text index
beside it (SQLite: the FTS5 table ``knowledge_search_fts``; PostgreSQL: the entry's
``search_vector``). The other services call ``index_*`` and ``unindex`` inside their own
transactions, so the index never shows what a rolled-back change would have shown."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
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


def refresh_entries(objs: Iterable[Indexed]) -> int:
    """Index what is findable among ``objs`` and remove the rest; return how many are indexed.
    The embeddings of a batch are computed together."""
    objs = list(objs)
    keep = [o for o in objs if findable(o)]
    for obj in objs:
        if not findable(obj):
            unindex(_kind_of(obj), obj.pk)
    if not keep:
        return 0
    texts = [_text_of(o) for o in keep]
    model = embedder()
    vectors = model.passages([t[2] for t in texts]) if model else [None] * len(keep)
    with transaction.atomic():
        for obj, (head, body, _text), vec in zip(keep, texts, vectors, strict=True):
            kind = _kind_of(obj)
            fields = obj.fields if isinstance(obj, ExpertProfile) else [obj.field]
            entry, _created = SearchEntry.objects.update_or_create(
                kind=kind,
                object_id=obj.pk,
                defaults={
                    "institution_id": obj.institution_id,
                    "fields": _fields(*fields),
                    "trl": obj.trl if isinstance(obj, Achievement) else None,
                    "title": str(obj)[:300],
                    "terms_title": index_terms(head),
                    "terms_body": index_terms(body),
                    "embedding": vec,
                    "updated_at": timezone.now(),
                },
            )
            _write_fulltext(entry)
    return len(keep)


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


def _write_fulltext(entry: SearchEntry) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM knowledge_search_fts WHERE rowid = %s", [entry.pk])
            cursor.execute(
                "INSERT INTO knowledge_search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [entry.pk, entry.terms_title, entry.terms_body],
            )
    elif connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk=entry.pk).update(
            search_vector=SearchVector("terms_title", weight="A", config="simple")
            + SearchVector("terms_body", weight="B", config="simple")
        )


def rebuild_index() -> int:
    """Index everything findable again (after installing the embedding model, or a restore);
    return how many entries there are."""
    with transaction.atomic():
        for kind, object_id in list(SearchEntry.objects.values_list("kind", "object_id")):
            unindex(EntryKind(kind), object_id)
        total = 0
        everything: list[list[Indexed]] = [
            list(Achievement.objects.select_related("institution")),
            list(Challenge.objects.select_related("institution")),
            list(
                ExpertProfile.objects.select_related("institution").prefetch_related(
                    "publication_records"
                )
            ),
            list(SharedCourse.objects.select_related("institution")),
        ]
        for objs in everything:
            for start in range(0, len(objs), 64):
                total += refresh_entries(objs[start : start + 64])
    return total
