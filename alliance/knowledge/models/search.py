from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from alliance.knowledge.enums import EntryKind


class SearchEntry(models.Model):
    """What search and matching read about one published achievement, published challenge or
    listed expert: the words to find it by (folded, with character n-grams for scripts written
    without spaces), its filters, and its dense embedding when the embedding model is installed.

    Kept in step only by ``knowledge.services.index``, together with the database's own
    full-text index: the FTS5 table ``knowledge_search_fts`` on SQLite (rowid = this id), the
    ``search_vector`` column with its GIN index on PostgreSQL (always empty on SQLite)."""

    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    object_id = models.PositiveIntegerField()
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.CASCADE, related_name="+"
    )
    fields = models.CharField(max_length=200, help_text="' field-a field-b ', for filtering")
    trl = models.PositiveSmallIntegerField(null=True)
    title = models.CharField(max_length=300)
    terms_title = models.TextField()
    terms_body = models.TextField()
    embedding = models.BinaryField(null=True)
    embedded_hash = models.CharField(max_length=16, blank=True, editable=False)
    search_vector = SearchVectorField(null=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="knowledge_entry_once")
        ]
        indexes = [
            models.Index(fields=["kind", "institution"]),
            # the version of the in-memory matrix of embeddings (knowledge.dense)
            models.Index(fields=["updated_at"], name="knowledge_entry_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
