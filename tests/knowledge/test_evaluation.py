"""`alliance knowledge evaluate` and the measures it prints, on a tiny collection in the BEIR
layout written here."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from alliance.knowledge.evaluation import (
    DenseIndex,
    LexicalIndex,
    ndcg_at,
    read_collection,
    recall_at,
)

DOCS = [
    {"_id": "d1", "title": "Ceramic membranes", "text": "Membranes filter oil from wastewater."},
    {"_id": "d2", "title": "Solar stills", "text": "Sunlight makes drinking water."},
    {"_id": "d3", "title": "电池回收", "text": "从废旧电池中回收钴。"},
]
QUERIES = [
    {"_id": "q1", "text": "oil in wastewater"},
    {"_id": "q2", "text": "drinking water from the sun"},
    {"_id": "q3", "text": "回收电池"},
    {"_id": "q4", "text": "not judged"},
]
QRELS = "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td3\t1\n"


@pytest.fixture
def files(tmp_path):
    corpus, queries, qrels = tmp_path / "c.jsonl", tmp_path / "q.jsonl", tmp_path / "r.tsv"
    corpus.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS))
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUERIES))
    qrels.write_text(QRELS)
    return corpus, queries, qrels


def test_it_reads_the_collection_and_leaves_out_unjudged_queries(files):
    collection = read_collection(*files)
    assert sorted(collection.documents) == ["d1", "d2", "d3"]
    assert sorted(collection.queries) == ["q1", "q2", "q3"]
    assert collection.qrels == {"q1": {"d1": 1}, "q2": {"d2": 1}, "q3": {"d3": 1}}


def test_the_lexical_index_ranks_like_search(files):
    index = LexicalIndex(read_collection(*files).documents)
    assert index.search("oil in wastewater") == ["d1"]
    assert index.search("回收电池") == ["d3"]
    assert index.search("the of and") == []


def test_the_measures():
    assert ndcg_at(["a", "b"], {"a": 1}) == 1.0
    assert ndcg_at(["b", "a"], {"a": 1}) == pytest.approx(1 / math.log2(3))
    assert ndcg_at(["b"], {"a": 1}) == 0.0
    assert recall_at(["a", "c"], {"a": 1, "b": 1}) == 0.5


def test_the_command_prints_the_table(files, without_model):
    corpus, queries, qrels = files
    out = io.StringIO()
    call_command(
        "knowledge",
        "evaluate",
        "--corpus",
        str(corpus),
        "--queries",
        str(queries),
        "--qrels",
        str(qrels),
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "3 documents, 3 judged queries"
    assert lines[2] == "dense and hybrid: skipped (no embedding model)"
    assert lines[4].split()[:3] == ["lexical", "1.0000", "1.0000"]


def test_the_command_with_the_model_adds_dense_and_hybrid(files, with_model):
    corpus, queries, qrels = files
    out = io.StringIO()
    call_command(
        "knowledge", "evaluate", "--corpus", str(corpus), "--queries", str(queries),
        "--qrels", str(qrels), stdout=out,
    )  # fmt: skip
    methods = [line.split()[0] for line in out.getvalue().splitlines()[-3:]]
    assert methods == ["lexical", "dense", "hybrid"]


def test_broken_files_give_a_clear_error(files, tmp_path):
    _corpus, queries, qrels = files
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"_id": "d1", "title": "ok"}\n{not json\n')
    with pytest.raises(CommandError, match=r"broken\.jsonl, line 2"):
        call_command(
            "knowledge", "evaluate", "--corpus", str(broken), "--queries", str(queries),
            "--qrels", str(qrels),
        )  # fmt: skip
    with pytest.raises(CommandError, match="no such file"):
        call_command(
            "knowledge", "evaluate", "--corpus", str(tmp_path / "none"), "--queries",
            str(queries), "--qrels", str(qrels),
        )  # fmt: skip


class CountingEmbedder:
    """Vectors from the text's length, and a count of the passages it was asked for."""

    name = "counting"

    def __init__(self, fail_after: int | None = None) -> None:
        self.embedded = 0
        self.fail_after = fail_after

    def passages(self, texts):
        if self.fail_after is not None and self.embedded >= self.fail_after:
            raise KeyboardInterrupt
        self.embedded += len(texts)
        return [np.full(384, len(t), np.float32).tobytes() for t in texts]


def test_the_dense_index_keeps_its_embeddings_in_the_cache(files, tmp_path):
    collection = read_collection(*files)
    first = CountingEmbedder()
    built = DenseIndex(collection.documents, first, cache=tmp_path / "cache")
    assert first.embedded == 3
    again = CountingEmbedder()
    cached = DenseIndex(collection.documents, again, cache=tmp_path / "cache")
    assert again.embedded == 0
    assert np.array_equal(cached.matrix, built.matrix)
    other_texts = {**collection.documents, "d1": ("Ceramic membranes", "Changed.")}
    DenseIndex(other_texts, again, cache=tmp_path / "cache")
    assert again.embedded == 3  # other texts, another file


def test_an_interrupted_dense_index_resumes_where_it_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(DenseIndex, "SAVE_EVERY", 2)
    documents = {f"d{n}": (f"title {n}", "x" * n) for n in range(6)}
    with pytest.raises(KeyboardInterrupt):
        DenseIndex(documents, CountingEmbedder(fail_after=4), batch=2, cache=tmp_path)
    resumed = CountingEmbedder()
    index = DenseIndex(documents, resumed, batch=2, cache=tmp_path)
    assert resumed.embedded == 2  # the first four were saved
    assert [float(row[0]) for row in index.matrix] == [
        float(len(f"title {n}\n" + "x" * n)) for n in range(6)
    ]
    assert list(tmp_path.glob("*.partial.npy")) == []
