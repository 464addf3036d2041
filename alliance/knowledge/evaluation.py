"""Measuring the ranking on a test collection in the BEIR layout (corpus.jsonl, queries.jsonl,
qrels.tsv): nDCG@10, recall@100 and query latency for lexical, dense and hybrid ranking.

Pure: no Django. The lexical ranking is the one search uses on SQLite (the same terms from
``textindex``, an FTS5 table with the same tokenizer, bm25 with the title weighted 4, any
telling word of the query); the dense one uses the same embedder; hybrid fuses their scores
as search does (``fusion.zscore_fusion``). Nothing is tuned to the queries."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from alliance.knowledge.fusion import zscore_fusion
from alliance.knowledge.textindex import FTS5_TOKENIZE, fts5_query, index_terms, query_units

DEPTH = 100


@dataclass(frozen=True)
class Collection:
    documents: dict[str, tuple[str, str]]  # id -> (title, text)
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


class CollectionError(ValueError):
    """A file of the collection that cannot be read, with the line that is wrong."""


def _jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CollectionError(f"{path.name}, line {number}: {exc.msg}") from None
                if not isinstance(row, dict) or ("_id" not in row and "id" not in row):
                    raise CollectionError(f"{path.name}, line {number}: no id")
                yield number, row


def read_collection(corpus: Path, queries: Path, qrels: Path) -> Collection:
    """The three files; queries without a relevant document are left out (as BEIR does)."""
    documents = {
        str(row.get("_id", row.get("id"))): (
            str(row.get("title") or ""),
            str(row.get("text") or ""),
        )
        for _n, row in _jsonl(corpus)
    }
    all_queries = {
        str(row.get("_id", row.get("id"))): str(row.get("text") or "")
        for _n, row in _jsonl(queries)
    }
    judged: dict[str, dict[str, int]] = {}
    with qrels.open(encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t")
        for number, row in enumerate(reader, start=1):
            if number == 1 and not row[-1].strip().lstrip("-").isdigit():
                continue  # the header
            if len(row) < 3 or not row[-1].strip().lstrip("-").isdigit():
                raise CollectionError(
                    f"{qrels.name}, line {number}: expected query, document, score"
                )
            query_id, doc_id, score = row[0], row[-2], int(row[-1])
            if score > 0:
                judged.setdefault(query_id, {})[doc_id] = score
    return Collection(
        documents=documents,
        queries={q: t for q, t in all_queries.items() if q in judged},
        qrels=judged,
    )


class LexicalIndex:
    """The SQLite search path, in memory."""

    def __init__(self, documents: Mapping[str, tuple[str, str]]) -> None:
        self.ids = list(documents)
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            f'CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize="{FTS5_TOKENIZE}")'
        )
        self.db.executemany(
            "INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)",
            (
                (n, index_terms(title), index_terms(text))
                for n, (title, text) in enumerate(documents.values())
            ),
        )

    def search(self, text: str, depth: int = DEPTH) -> list[str]:
        return [doc for doc, _score in self.scored(text, depth)]

    def scored(self, text: str, depth: int = DEPTH) -> list[tuple[str, float]]:
        """(document, score) best first; the score is bm25 negated, so that higher is better."""
        units = query_units(text, drop_stopwords=True)
        if not units:
            return []
        rows = self.db.execute(
            "SELECT rowid, bm25(fts, 4.0, 1.0) AS score FROM fts WHERE fts MATCH ? "
            "ORDER BY score, rowid LIMIT ?",
            (fts5_query(units, every=False, prefix_last=False), depth),
        )
        return [(self.ids[r[0]], -float(r[1])) for r in rows]


class DenseIndex:
    """The documents' embeddings in one matrix. With ``cache`` (a folder), the matrix is kept in
    a file named by the model and a fingerprint of the texts, and read from there next time;
    while it is being computed, what is done is saved every few hundred documents, so an
    interrupted run resumes where it stopped."""

    SAVE_EVERY = 512

    def __init__(
        self,
        documents: Mapping[str, tuple[str, str]],
        embedder: Any,
        *,
        batch: int = 32,
        cache: Path | None = None,
    ) -> None:
        self.ids = list(documents)
        self.embedder = embedder
        texts = [f"{title}\n{text}" for title, text in documents.values()]
        done = cache / f"embeddings-{_fingerprint(embedder, texts)}.npy" if cache else None
        partial = done.with_suffix(".partial.npy") if done else None
        if done is not None and done.exists():
            self.matrix = np.load(done)
            return
        rows: list[np.ndarray] = []
        if partial is not None and partial.exists():
            rows.extend(np.load(partial))
        for start in range(len(rows), len(texts), batch):
            chunk = embedder.passages(texts[start : start + batch])
            rows.extend(np.frombuffer(v, dtype=np.float32) for v in chunk)
            if partial is not None and len(rows) // self.SAVE_EVERY > start // self.SAVE_EVERY:
                partial.parent.mkdir(parents=True, exist_ok=True)
                np.save(partial, np.vstack(rows))
        self.matrix = np.vstack(rows) if rows else np.zeros((0, 384), np.float32)
        if done is not None and partial is not None:
            done.parent.mkdir(parents=True, exist_ok=True)
            np.save(done, self.matrix)
            partial.unlink(missing_ok=True)

    def search(self, text: str, depth: int = DEPTH) -> list[str]:
        return [doc for doc, _score in self.scored(text, depth)]

    def scored(self, text: str, depth: int = DEPTH) -> list[tuple[str, float]]:
        """(document, cosine) best first."""
        scores = self.matrix @ self.embedder.query(text)
        top = np.argsort(-scores, kind="stable")[:depth]
        return [(self.ids[i], float(scores[i])) for i in top]


def _fingerprint(embedder: Any, texts: Sequence[str]) -> str:
    digest = hashlib.sha256(str(getattr(embedder, "name", type(embedder).__name__)).encode())
    for text in texts:
        digest.update(hashlib.sha256(text.encode()).digest())
    return digest.hexdigest()[:16]


def ndcg_at(ranking: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    gains = sum(
        (2 ** relevant.get(doc, 0) - 1) / math.log2(n + 2) for n, doc in enumerate(ranking[:k])
    )
    ideal = sorted(relevant.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(n + 2) for n, g in enumerate(ideal))
    return gains / best if best else 0.0


def recall_at(ranking: Sequence[str], relevant: Mapping[str, int], k: int = 100) -> float:
    return len(set(ranking[:k]) & set(relevant)) / len(relevant) if relevant else 0.0


@dataclass(frozen=True)
class Result:
    method: str
    ndcg10: float
    recall100: float
    p50_ms: float
    p95_ms: float


def evaluate(
    collection: Collection, rankers: Mapping[str, Callable[[str], list[str]]]
) -> list[Result]:
    results = []
    for method, rank in rankers.items():
        ndcgs, recalls, times = [], [], []
        for query_id, text in collection.queries.items():
            started = time.perf_counter()
            ranking = rank(text)
            times.append((time.perf_counter() - started) * 1000)
            ndcgs.append(ndcg_at(ranking, collection.qrels[query_id]))
            recalls.append(recall_at(ranking, collection.qrels[query_id]))
        n = max(len(times), 1)
        ordered = sorted(times) or [0.0]
        results.append(
            Result(
                method,
                sum(ndcgs) / n,
                sum(recalls) / n,
                statistics.median(ordered),
                ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)],
            )
        )
    return results


def hybrid(*rankers: Callable[[str], list[tuple[str, float]]]) -> Callable[[str], list[str]]:
    """The rankers' scored lists fused as search fuses them (``fusion.zscore_fusion``)."""

    def rank(text: str) -> list[str]:
        lists = {str(n): r(text) for n, r in enumerate(rankers)}
        return [item for item, _s, _r in zscore_fusion(lists)][:DEPTH]

    return rank
