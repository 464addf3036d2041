"""Search at scale: ``python -m alliance.knowledge.bench [--documents 100000] [--db sqlite|postgres]``.

A fresh database (SQLite in a temporary folder, or a new PostgreSQL database, dropped
afterwards) in production settings gets DOCUMENTS generated achievements from 15 member
institutions: titles, keywords and summaries drawn from a technical vocabulary, one in ten
written in Chinese and one in thirty in Thai. Then, each timed:

1. the index build: ``rebuild_index`` (the terms, the database's full-text index), without
   embeddings, as the platform builds it when the embedding model is not installed;
2. the embedding model's speed on 256 passages and on queries, and the time the whole
   collection's embeddings would take (computed in the background; see docs/dev/benchmarks.md);
3. the embeddings themselves: random unit vectors stored for every document, so that the
   dense half of search runs at full size without hours of embedding;
4. QUERIES searches as typed in the search box (two or three words, a Chinese or Thai phrase),
   lexical only and hybrid (with the model's query embedding), through ``retrieval.search``.

Goals: index build <= 10 minutes; p95 <= 50 ms per query. The figures end with one line of
JSON. Exit code 0 when every search answered, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from alliance.core.benchmarking import run_stage

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SEED = 100_000
BUILD_GOAL_S = 600.0
QUERY_GOAL_MS = 50.0

# A technical vocabulary: roots and endings make a few thousand distinct words, drawn with a
# Zipf-like skew as real text is.
ROOT_WORDS = (
    "battery lithium cobalt graphene polymer membrane catalyst enzyme protein genome vaccine "
    "sensor laser photonic quantum robot drone satellite turbine solar hydrogen carbon cement "
    "steel concrete water soil crop rice wheat fish coral forest climate flood drought urban "
    "traffic network wireless antenna circuit chip silicon wafer neural vision language speech "
    "medical imaging cancer diabetes cardiac stroke dementia malaria dengue tuberculosis "
    "microbe bacteria virus fungus plant seed fertilizer irrigation aquaculture textile fibre "
    "ceramic alloy magnet coating adhesive lubricant sorbent filter desalination recycling "
    "plastic waste biogas biomass ammonia methanol ethanol fuel engine vehicle railway bridge "
    "tunnel building earthquake tsunami landslide typhoon monsoon glacier ocean river lake"
)
ROOTS = tuple(ROOT_WORDS.split())
ENDINGS = ("", "s", "ic", "ing", "ed", "ation", "ity", "al", "ers", "ology")
CHINESE = "电池回收锂钴石墨烯聚合物膜催化剂酶蛋白基因组疫苗传感器激光量子机器人卫星涡轮太阳能氢碳水泥钢混凝土水土壤作物水稻小麦鱼珊瑚森林气候洪水干旱城市交通网络芯片硅神经视觉语言医学影像癌症糖尿病心脏"
THAI = ("แบตเตอรี่", "ลิเธียม", "การรีไซเคิล", "น้ำ", "ข้าว", "พลังงาน", "แสงอาทิตย์", "ยา", "ชีวภาพ")


def vocabulary() -> list[str]:
    return [root + ending for root in ROOTS for ending in ENDINGS]


def zipf_picker(words: list[str], rng: random.Random) -> Callable[[int], list[str]]:
    weights = [1 / (n + 1) ** 0.9 for n in range(len(words))]
    shuffled = words[:]
    rng.shuffle(shuffled)

    def pick(k: int) -> list[str]:
        return rng.choices(shuffled, weights=weights, k=k)

    return pick


def document(n: int, pick: Callable[[int], list[str]], rng: random.Random) -> dict[str, Any]:
    if n % 10 == 3:
        chars = lambda k: "".join(rng.choice(CHINESE) for _ in range(k))  # noqa: E731
        title = chars(8)
        summary = "，".join(chars(rng.randint(6, 14)) for _ in range(6)) + "。"
        keywords = [chars(3), chars(4)]
    elif n % 30 == 7:
        title = " ".join(rng.choices(THAI, k=4))
        summary = " ".join(rng.choices(THAI, k=40))
        keywords = rng.choices(THAI, k=2)
    else:
        title = " ".join(pick(6)).capitalize()
        summary = " ".join(pick(rng.randint(40, 80))).capitalize() + "."
        keywords = pick(3)
    return {"title": title[:300], "summary": summary, "keywords": keywords}


def queries(count: int, rng: random.Random) -> list[str]:
    pick = zipf_picker(vocabulary(), rng)
    result = []
    for n in range(count):
        if n % 10 == 3:
            result.append("".join(rng.choice(CHINESE) for _ in range(rng.randint(2, 4))))
        elif n % 30 == 7:
            result.append(" ".join(rng.choices(THAI, k=2)))
        else:
            result.append(" ".join(pick(rng.randint(2, 3))))
    return result


def step(text: str) -> None:
    print(f"… {text}", flush=True)


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * p // 100) - 1)] if ordered else 0.0


# --- the stage (its own process, production settings, a fresh database) ---


def make_documents(total: int) -> None:

    from django.db import transaction
    from django.utils import timezone

    from alliance.core.models import User
    from alliance.knowledge.enums import AchievementStatus, IpStatus, ResearchField
    from alliance.knowledge.models import Achievement
    from alliance.members.services.bench import bench_members

    rng = random.Random(SEED)
    pick = zipf_picker(vocabulary(), rng)
    fields = [f.value for f in ResearchField]
    now = timezone.now()
    with transaction.atomic():
        actor = User.objects.create_user("secretariat@bench.invalid", None, full_name="Bench")
        members = bench_members(15, actor=actor)
    for start in range(0, total, 5000):
        batch = []
        for n in range(start, min(total, start + 5000)):
            doc = document(n, pick, rng)
            batch.append(
                Achievement(
                    institution=members[n % 15],
                    title=doc["title"],
                    summary=doc["summary"],
                    keywords=doc["keywords"],
                    field=fields[n % len(fields)],
                    trl=1 + n % 9,
                    ip_status=IpStatus.NONE,
                    contact="tto@bench.invalid",
                    status=AchievementStatus.PUBLISHED,
                    published_at=now,
                    is_demo=True,
                )
            )
        with transaction.atomic():
            Achievement.objects.bulk_create(batch, batch_size=1000)


def store_random_embeddings() -> int:
    """A random unit vector for every entry, written in batches."""
    import numpy as np
    from django.db import transaction
    from django.utils import timezone

    from alliance.knowledge.embeddings import DIMENSIONS
    from alliance.knowledge.models import SearchEntry

    rng = np.random.default_rng(SEED)
    ids = list(SearchEntry.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        rows = rng.standard_normal((len(chunk), DIMENSIONS)).astype(np.float32)
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        now = timezone.now()  # moves the version of the in-memory matrix
        entries = [
            SearchEntry(pk=pk, embedding=row.tobytes(), updated_at=now)
            for pk, row in zip(chunk, rows, strict=True)
        ]
        with transaction.atomic():
            SearchEntry.objects.bulk_update(entries, ["embedding", "updated_at"], batch_size=500)
    return len(ids)


def time_searches(texts: list[str]) -> tuple[list[float], int]:
    from alliance.knowledge.retrieval import SearchFilter, search

    times, answered = [], 0
    for text in texts:
        started = time.perf_counter()
        hits = search(SearchFilter(q=text), limit=20)
        times.append((time.perf_counter() - started) * 1000)
        answered += bool(hits)
    return times, answered


def bench(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from alliance.knowledge import embeddings
    from alliance.knowledge.models import SearchEntry
    from alliance.knowledge.services import index

    figures: dict[str, Any] = {
        "benchmark": "knowledge-search",
        "database": connection.vendor,
        "documents": args.documents,
        "queries": args.queries,
    }
    step(f"migrate the new {connection.vendor} database")
    call_command("migrate", interactive=False, verbosity=0)
    step(f"{args.documents:,} generated achievements")
    started = time.perf_counter()
    make_documents(args.documents)
    figures["generate_s"] = round(time.perf_counter() - started, 1)

    model = embeddings.embedder()
    index.embedder = lambda: None  # type: ignore[assignment]  # the build without embeddings
    step("build the search index (terms and full text, no embeddings)")
    started = time.perf_counter()
    figures["indexed"] = index.rebuild_index()
    figures["index_build_s"] = round(time.perf_counter() - started, 1)

    texts = queries(args.queries, random.Random(SEED + 1))
    embeddings.embedder.cache_clear()
    original = embeddings.embedder
    from alliance.knowledge import retrieval

    retrieval.embedder = lambda: None  # type: ignore[assignment]
    step(f"{len(texts)} searches, lexical")
    time_searches(texts[:20])  # warm the database's caches
    lexical, answered = time_searches(texts)
    figures["lexical_p50_ms"] = round(statistics.median(lexical), 1)
    figures["lexical_p95_ms"] = round(percentile(lexical, 95), 1)
    figures["answered_lexical"] = answered

    retrieval.embedder = original
    if model is None:
        step("no embedding model installed: dense and hybrid skipped")
        figures["model"] = None
        return figures
    figures["model"] = model.name
    sample = [
        f"{d['title']}\n{d['summary']}"
        for d in (
            document(n, zipf_picker(vocabulary(), random.Random(n)), random.Random(n))
            for n in range(256)
        )
    ]
    step("the model on 256 passages and 50 queries")
    started = time.perf_counter()
    for start in range(0, len(sample), 32):
        model.passages(sample[start : start + 32])
    per_s = len(sample) / (time.perf_counter() - started)
    figures["embed_passages_per_s"] = round(per_s, 1)
    figures["embed_all_hours"] = round(args.documents / per_s / 3600, 2)
    query_times = []
    for text in texts[:50]:
        started = time.perf_counter()
        model.query(text)
        query_times.append((time.perf_counter() - started) * 1000)
    figures["embed_query_p50_ms"] = round(statistics.median(query_times), 1)
    figures["embed_query_p95_ms"] = round(percentile(query_times, 95), 1)

    step("random unit vectors stored as every entry's embedding")
    started = time.perf_counter()
    store_random_embeddings()
    figures["store_embeddings_s"] = round(time.perf_counter() - started, 1)
    assert SearchEntry.objects.exclude(embedding=None).count() == figures["indexed"]
    step(f"{len(texts)} searches, hybrid (the first loads the matrix)")
    started = time.perf_counter()
    time_searches(texts[:1])
    figures["matrix_load_s"] = round(time.perf_counter() - started, 1)
    hybrid, answered = time_searches(texts)
    figures["hybrid_p50_ms"] = round(statistics.median(hybrid), 1)
    figures["hybrid_p95_ms"] = round(percentile(hybrid, 95), 1)
    figures["answered_hybrid"] = answered
    return figures


def report(f: dict[str, Any]) -> None:
    def goal(met: bool) -> str:
        return "met" if met else "MISSED"

    print(f"Knowledge search at {f['documents']:,} documents ({f['database']}):")
    print(f"  generate            {f['generate_s']} s")
    print(
        f"  index build         {f['index_build_s']} s for {f['indexed']:,} entries "
        f"(goal <= {BUILD_GOAL_S:.0f} s: {goal(f['index_build_s'] <= BUILD_GOAL_S)})"
    )
    print(
        f"  lexical search      p50 {f['lexical_p50_ms']} ms, p95 {f['lexical_p95_ms']} ms "
        f"(goal <= {QUERY_GOAL_MS:.0f} ms: {goal(f['lexical_p95_ms'] <= QUERY_GOAL_MS)}); "
        f"{f['answered_lexical']} of {f['queries']} found something"
    )
    if f.get("model"):
        print(
            f"  model               {f['embed_passages_per_s']} passages/s (all: "
            f"{f['embed_all_hours']} h in the background); a query "
            f"p50 {f['embed_query_p50_ms']} ms, p95 {f['embed_query_p95_ms']} ms"
        )
        print(
            f"  hybrid search       p50 {f['hybrid_p50_ms']} ms, p95 {f['hybrid_p95_ms']} ms "
            f"(goal <= {QUERY_GOAL_MS:.0f} ms: {goal(f['hybrid_p95_ms'] <= QUERY_GOAL_MS)}); "
            f"matrix loaded in {f['matrix_load_s']} s"
        )
    print(json.dumps(f, ensure_ascii=False), flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--time-limit", type=float, default=1800.0)
    parser.add_argument("--stage", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if not args.stage:
        return run_stage(
            "alliance.knowledge.bench",
            argv,
            db=args.db,
            pg_url=args.pg_url,
            time_limit=args.time_limit,
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    figures = bench(args)
    report(figures)
    answered = figures["answered_lexical"]
    return 0 if answered > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
