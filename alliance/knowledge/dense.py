"""The stored embeddings as one matrix in memory, so that a query is one matrix product
instead of reading every embedding from the database.

Each process keeps the matrix of its database and reloads it when the index changed: the
version is the newest ``updated_at`` and the highest id of the entries (two indexed lookups),
which every write of ``knowledge.services.index`` moves. A removed entry may stay in the matrix
until the next reload, so the nearest ones are always checked against the database (the
search's own filters), which a removed entry no longer passes.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connections
from django.db.models import Max, QuerySet

from alliance.knowledge.embeddings import DIMENSIONS, vector
from alliance.knowledge.models import SearchEntry

OVERFETCH = 4  # nearest candidates looked at per result wanted, before the filters
BATCH = 2000


@dataclass(frozen=True)
class Matrix:
    version: tuple[Any, ...]
    ids: np.ndarray  # int64, one per row
    rows: np.ndarray  # float32, len(ids) x DIMENSIONS, unit length

    def nearest(self, query: np.ndarray, count: int) -> list[tuple[int, float]]:
        """The ``count`` rows nearest to ``query``: (entry id, cosine), best first, ties by id."""
        if not len(self.ids) or count <= 0:
            return []
        scores = self.rows @ query
        count = min(count, len(scores))
        top = np.argpartition(-scores, count - 1)[:count]
        order = sorted(top.tolist(), key=lambda i: (-float(scores[i]), int(self.ids[i])))
        return [(int(self.ids[i]), float(scores[i])) for i in order]


_matrices: dict[str, Matrix] = {}
_lock = threading.Lock()


def _version(alias: str) -> tuple[Any, ...]:
    # Two queries, not one with both: SQLite reads a lone max() from the index, but scans the
    # whole table for two.
    entries = SearchEntry.objects.using(alias)
    return (
        entries.aggregate(v=Max("updated_at"))["v"],
        entries.aggregate(v=Max("id"))["v"],
    )


def _load(alias: str, version: tuple[Any, ...]) -> Matrix:
    ids: list[int] = []
    rows: list[np.ndarray] = []
    entries = (
        SearchEntry.objects.using(alias)
        .exclude(embedding=None)
        .order_by("id")
        .values_list("id", "embedding")
    )
    for pk, data in entries.iterator(chunk_size=BATCH):
        if data is not None:
            ids.append(pk)
            rows.append(vector(data))
    matrix = np.vstack(rows) if rows else np.zeros((0, DIMENSIONS), np.float32)
    return Matrix(version, np.asarray(ids, np.int64), matrix)


def matrix(alias: str = "default") -> Matrix:
    """The current matrix of the database ``alias``, reloaded when the index changed."""
    version = _version(alias)
    key = connections[alias].settings_dict["NAME"]
    current = _matrices.get(key)
    if current is not None and current.version == version:
        return current
    with _lock:
        current = _matrices.get(key)
        if current is None or current.version != version:
            current = _load(alias, version)
            _matrices[key] = current
    return current


def nearest(qs: QuerySet[SearchEntry], query: np.ndarray, depth: int) -> list[SearchEntry]:
    """The ``depth`` entries of ``qs`` nearest to ``query``, best first, each with its cosine as
    ``similarity``. The nearest of all are checked against ``qs``; when its filters leave too
    few, the search is repeated on the entries ``qs`` allows."""
    found = matrix(qs.db)
    candidates = found.nearest(query, depth * OVERFETCH + 10)
    kept = _in_order(qs, candidates)
    if len(kept) >= depth or len(candidates) >= len(found.ids):
        return kept[:depth]
    allowed = np.fromiter(qs.values_list("id", flat=True), np.int64)
    mask = np.isin(found.ids, allowed)
    narrowed = Matrix(found.version, found.ids[mask], found.rows[mask])
    return _in_order(qs, narrowed.nearest(query, depth))[:depth]


def _in_order(qs: QuerySet[SearchEntry], scored: Sequence[tuple[int, float]]) -> list[SearchEntry]:
    by_id = {e.pk: e for e in qs.filter(pk__in=[pk for pk, _score in scored])}
    kept = []
    for pk, score in scored:
        if pk in by_id:
            entry = by_id[pk]
            entry.similarity = score  # type: ignore[attr-defined]
            kept.append(entry)
    return kept


def forget() -> None:
    """Drop every process-held matrix (tests that build a new database)."""
    with _lock:
        _matrices.clear()
