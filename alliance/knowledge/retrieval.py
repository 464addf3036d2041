"""Search and matching: the reads behind the search page, the matching lists and the search
endpoint. Lexical ranking is the database's own (SQLite FTS5 bm25, PostgreSQL ts_rank over the
GIN-indexed ``search_vector``), on terms made by ``textindex``; when the embedding model is
installed, a dense ranking (cosine over stored embeddings) is fused with it by summing each
ranking's z-scores (``fusion.zscore_fusion``). Every result says why it was found: the terms
that matched, a shared field, or a similar meaning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet

from alliance.knowledge.dense import nearest
from alliance.knowledge.embeddings import embedder
from alliance.knowledge.enums import EntryKind
from alliance.knowledge.fusion import zscore_fusion
from alliance.knowledge.models import (
    Achievement,
    Challenge,
    ExpertProfile,
    SearchEntry,
    SharedCourse,
)
from alliance.knowledge.textindex import Unit, fts5_query, matched, query_units, tsquery

LEXICAL_DEPTH = 100
DENSE_DEPTH_SEARCH = 10  # a typed query: meaning adds a few, words lead
DENSE_DEPTH_MATCH = 50
FIELD_BONUS = 0.5  # a shared field counts half a standard deviation


@dataclass(frozen=True)
class SearchFilter:
    q: str = ""
    kinds: tuple[str, ...] = ()
    field: str = ""
    institution: int | None = None
    min_trl: int | None = None


@dataclass
class Hit:
    entry: SearchEntry
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None
    terms: list[str] = field(default_factory=list)
    same_field: bool = False

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def by_meaning(self) -> bool:
        return self.dense_rank is not None


def _filtered(filters: SearchFilter) -> QuerySet[SearchEntry]:
    # The embedding (1.5 kB) and the tsvector are read by the database, never by a hit.
    qs = SearchEntry.objects.select_related("institution").defer("embedding", "search_vector")
    if filters.kinds:
        qs = qs.filter(kind__in=filters.kinds)
    if filters.field:
        qs = qs.filter(fields__contains=f" {filters.field} ")
    if filters.institution:
        qs = qs.filter(institution_id=filters.institution)
    if filters.min_trl:
        qs = qs.filter(trl__gte=filters.min_trl)
    return qs


def lexical(
    qs: QuerySet[SearchEntry], units: Sequence[Unit], *, every: bool, prefix_last: bool
) -> list[SearchEntry]:
    """Entries of ``qs`` holding the units (all of them, or any), best first."""
    if not units:
        return []
    if connection.vendor == "sqlite":
        expression = fts5_query(list(units), every=every, prefix_last=prefix_last)
        ranked = qs.extra(
            select={"score": "bm25(knowledge_search_fts, 4.0, 1.0)"},
            tables=["knowledge_search_fts"],
            where=[
                "knowledge_search_fts.rowid = knowledge_searchentry.id",
                "knowledge_search_fts MATCH %s",
            ],
            params=[expression],
        ).order_by("score", "id")
    else:
        query = SearchQuery(
            tsquery(list(units), every=every, prefix_last=prefix_last),
            search_type="raw",
            config="simple",
        )
        ranked = (
            qs.filter(search_vector=query)
            .annotate(score=SearchRank(F("search_vector"), query, weights=[0.1, 0.2, 0.4, 1.0]))
            .order_by("-score", "id")
        )
    return list(ranked[:LEXICAL_DEPTH])


def _word_score(entry: SearchEntry) -> float:
    """The database's score of an entry found by its words, higher being better (bm25 is
    lower-is-better, ts_rank higher-is-better)."""
    score = float(entry.score)  # type: ignore[attr-defined]
    return -score if connection.vendor == "sqlite" else score


def dense(qs: QuerySet[SearchEntry], text: str, depth: int) -> list[SearchEntry]:
    """The ``depth`` entries of ``qs`` nearest in meaning to ``text``; none without the model.
    The stored embeddings are one matrix in memory (``knowledge.dense``)."""
    model = embedder()
    if model is None or not text.strip():
        return []
    return nearest(qs, model.query(text), depth)


def _explain(hit: Hit, units: Sequence[Unit]) -> None:
    terms = set(hit.entry.terms_title.split()) | set(hit.entry.terms_body.split())
    found = [m for m in (matched(u, terms) for u in units) if m]
    hit.terms = list(dict.fromkeys(found))[:10]


def _fuse(
    lexical_hits: list[SearchEntry],
    dense_hits: list[SearchEntry],
    units: Sequence[Unit],
    *,
    fields: Sequence[str] = (),
    limit: int,
) -> list[Hit]:
    by_pk = {e.pk: e for e in [*lexical_hits, *dense_hits]}
    wanted = {f" {f} " for f in fields if f}
    bonus = {pk: FIELD_BONUS for pk, e in by_pk.items() if any(f in e.fields for f in wanted)}
    fused = zscore_fusion(
        {
            "lexical": [(e.pk, _word_score(e)) for e in lexical_hits],
            "dense": [(e.pk, float(e.similarity)) for e in dense_hits],  # type: ignore[attr-defined]
        },
        bonus=bonus,
    )
    hits = []
    for pk, score, ranks in fused[:limit]:
        hit = Hit(
            by_pk[pk],
            score,
            lexical_rank=ranks.get("lexical"),
            dense_rank=ranks.get("dense"),
            same_field=pk in bonus,
        )
        _explain(hit, units)
        hits.append(hit)
    return hits


def search(filters: SearchFilter, *, limit: int = 50) -> list[Hit]:
    """The search box: entries with every word typed (the last one may be unfinished), else
    with any of them (any character pair of a run without spaces); fused with the nearest in meaning when the model is installed. With no
    words, the newest entries that pass the filters."""
    qs = _filtered(filters)
    units = query_units(filters.q)
    if not units:
        return [Hit(e, 0.0) for e in qs.order_by("-updated_at", "-id")[:limit]]
    words = lexical(qs, units, every=True, prefix_last=True)
    if not words:  # then any telling word (or, in a run of Chinese, any two characters)
        loose = query_units(filters.q, drop_stopwords=True)
        words = lexical(qs, loose, every=False, prefix_last=True)
    return _fuse(words, dense(qs, filters.q, DENSE_DEPTH_SEARCH), units, limit=limit)


def match(
    text: str, *, kinds: Sequence[str], fields: Sequence[str] = (), limit: int = 10
) -> list[Hit]:
    """The entries of ``kinds`` that best match ``text`` (a challenge's or an achievement's
    words): any of its words, fused with meaning, a shared field counting a little."""
    qs = _filtered(SearchFilter(kinds=tuple(kinds)))
    units = query_units(text, drop_stopwords=True)
    words = lexical(qs, units, every=False, prefix_last=False)
    return _fuse(words, dense(qs, text, DENSE_DEPTH_MATCH), units, fields=fields, limit=limit)


def objects_of(hits: Sequence[Hit]) -> dict[tuple[str, int], object]:
    """The achievements, experts, challenges and courses behind ``hits``, by (kind, id), in 4
    queries at most."""
    models = {
        EntryKind.ACHIEVEMENT: Achievement,
        EntryKind.EXPERT: ExpertProfile,
        EntryKind.CHALLENGE: Challenge,
        EntryKind.COURSE: SharedCourse,
    }
    result: dict[tuple[str, int], object] = {}
    for kind, model in models.items():
        ids = [h.entry.object_id for h in hits if h.kind == kind]
        if ids:
            for obj in model.objects.select_related("institution").filter(pk__in=ids):  # type: ignore[attr-defined]
                result[(kind.value, obj.pk)] = obj
    return result
