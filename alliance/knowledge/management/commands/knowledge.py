"""`alliance knowledge evaluate --corpus C --queries Q --qrels R`: nDCG@10, recall@100 and
query latency of lexical, dense and hybrid ranking on a collection in the BEIR layout.
`alliance knowledge reindex`: the search index built again (after installing the embedding
model, or a restore)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alliance.knowledge.embeddings import embedder
from alliance.knowledge.evaluation import (
    CollectionError,
    DenseIndex,
    LexicalIndex,
    evaluate,
    hybrid,
    read_collection,
)
from alliance.knowledge.services.index import rebuild_index


class Command(BaseCommand):
    help = (
        "Knowledge exchange routines: evaluate the search ranking on a BEIR-style collection; "
        "build the search index again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="routine", required=True)
        run = sub.add_parser("evaluate", help="nDCG@10, recall@100 and latency")
        run.add_argument("--corpus", type=Path, required=True)
        run.add_argument("--queries", type=Path, required=True)
        run.add_argument("--qrels", type=Path, required=True)
        run.add_argument("--lexical-only", action="store_true", help="skip the embedding model")
        run.add_argument(
            "--cache",
            type=Path,
            default=None,
            help="a folder where the documents' embeddings are kept between runs (and an "
            "interrupted run resumes)",
        )

        sub.add_parser(
            "reindex",
            help="build the search index again; embeddings of changed texts follow in the "
            "background (at once without a broker)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["routine"] == "reindex":
            started = time.perf_counter()
            total = rebuild_index()
            self.stdout.write(
                f"Search index rebuilt in {time.perf_counter() - started:.1f} s: "
                f"{total} {'entry' if total == 1 else 'entries'}"
                + ("" if embedder() else " (no embedding model: words only)")
            )
            return
        for name in ("corpus", "queries", "qrels"):
            if not options[name].is_file():
                raise CommandError(f"--{name}: no such file: {options[name]}")
        try:
            collection = read_collection(options["corpus"], options["queries"], options["qrels"])
        except CollectionError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{len(collection.documents)} documents, {len(collection.queries)} judged queries"
        )
        started = time.perf_counter()
        lexical = LexicalIndex(collection.documents)
        self.stdout.write(f"lexical index built in {time.perf_counter() - started:.1f} s")
        rankers = {"lexical": lexical.search}
        model = None if options["lexical_only"] else embedder()
        if model is None:
            self.stdout.write("dense and hybrid: skipped (no embedding model)")
        else:
            started = time.perf_counter()
            dense = DenseIndex(collection.documents, model, cache=options["cache"])
            self.stdout.write(f"dense index built in {time.perf_counter() - started:.1f} s")
            rankers["dense"] = dense.search
            rankers["hybrid"] = hybrid(lexical.scored, dense.scored)
        self.stdout.write(f"{'method':<8} {'nDCG@10':>8} {'R@100':>7} {'p50 ms':>7} {'p95 ms':>7}")
        for r in evaluate(collection, rankers):
            self.stdout.write(
                f"{r.method:<8} {r.ndcg10:>8.4f} {r.recall100:>7.4f} {r.p50_ms:>7.1f} {r.p95_ms:>7.1f}"
            )
