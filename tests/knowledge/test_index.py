"""The search index kept in step: words at once, embeddings after the commit (in the
background with a broker), computed again only when the text changed; the rebuild in bulk."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection

from alliance.knowledge.embeddings import DIMENSIONS
from alliance.knowledge.models import Achievement, SearchEntry
from alliance.knowledge.retrieval import SearchFilter, search
from alliance.knowledge.services import index
from tests.knowledge.conftest import build_achievement


class CountingModel:
    """A stand-in embedder: a vector from the text's length; counts the passages it embeds."""

    name = "counting"

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def passages(self, texts):
        self.embedded.extend(texts)
        return [np.full(DIMENSIONS, len(t) % 97 + 1, np.float32).tobytes() for t in texts]

    def query(self, text):
        return np.full(DIMENSIONS, 1 / np.sqrt(DIMENSIONS), np.float32)


@pytest.fixture
def model(monkeypatch):
    fake = CountingModel()
    monkeypatch.setattr(index, "embedder", lambda: fake)
    return fake


def published(cast, tsinghua, **data) -> Achievement:
    return build_achievement(
        cast.coordinator_tsinghua, tsinghua, secretariat=cast.secretariat, **data
    )


def test_the_words_are_indexed_at_once_and_the_embedding_after_the_commit(
    cast, tsinghua, model, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        achievement = published(cast, tsinghua)
        entry = SearchEntry.objects.get(object_id=achievement.pk)
        assert entry.embedding is None  # not yet: nothing embedded inside the transaction
        assert model.embedded == []
        assert [h.entry for h in search(SearchFilter(q="ceramic membrane"))] == [entry]
    for callback in callbacks:
        callback()
    entry.refresh_from_db()
    assert entry.embedding is not None
    assert entry.embedded_hash == index.text_hash(model.embedded[0])
    assert model.embedded == [
        "Ceramic membrane for industrial wastewater\nmembrane\nwastewater\n"
        "A low-cost ceramic membrane that filters oil from industrial wastewater."
    ]


def test_an_unchanged_text_is_not_embedded_again(cast, tsinghua, model):
    achievement = published(cast, tsinghua)
    entry = SearchEntry.objects.get(object_id=achievement.pk)
    assert index.embed_entries([entry.pk]) == 1
    assert index.embed_entries([entry.pk]) == 0
    Achievement.objects.filter(pk=achievement.pk).update(summary="Another text entirely.")
    assert index.embed_entries([entry.pk]) == 1
    assert len(model.embedded) == 2


def test_without_the_model_nothing_is_queued(
    cast, tsinghua, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(index, "embedder", lambda: None)
    with django_capture_on_commit_callbacks() as callbacks:
        published(cast, tsinghua)
    assert [c for c in callbacks if "embed" in repr(c)] == []
    assert index.embed_entries(list(SearchEntry.objects.values_list("pk", flat=True))) == 0


def test_the_rebuild_keeps_the_embeddings_of_unchanged_texts_and_the_full_text(
    cast, tsinghua, model, django_capture_on_commit_callbacks
):
    kept = published(cast, tsinghua)
    changed = published(cast, tsinghua, title="Solar still for drinking water", keywords=[])
    draft = build_achievement(
        cast.coordinator_tsinghua, tsinghua, publish=False, title="Unpublished draft"
    )
    index.embed_entries(list(SearchEntry.objects.values_list("pk", flat=True)))
    before = SearchEntry.objects.get(object_id=kept.pk).embedding
    Achievement.objects.filter(pk=changed.pk).update(summary="Sunlight purifies sea water.")
    model.embedded.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert index.rebuild_index() == 2  # the draft is not findable
    assert not SearchEntry.objects.filter(object_id=draft.pk).exists()
    assert SearchEntry.objects.get(object_id=kept.pk).embedding == before
    assert model.embedded == [  # only the changed text
        "Solar still for drinking water\nSunlight purifies sea water."
    ]
    found = search(SearchFilter(q="sea water"))  # by its words, from the rebuilt full text
    assert [h.entry.object_id for h in found if h.lexical_rank] == [changed.pk]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM knowledge_search_fts")
            assert cursor.fetchone()[0] == 2


def test_the_reindex_command_says_how_many_entries(cast, tsinghua, model):
    import io

    from django.core.management import call_command

    published(cast, tsinghua)
    out = io.StringIO()
    call_command("knowledge", "reindex", stdout=out)
    assert out.getvalue().startswith("Search index rebuilt in ")
    assert out.getvalue().endswith(": 1 entry\n")
