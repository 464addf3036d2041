"""The database's own full-text index beside ``SearchEntry``: on SQLite an FTS5 table (terms
are split on spaces only, letters, digits and combining marks kept, so Thai and Devanagari
terms stay whole); on PostgreSQL a GIN index on ``search_vector``. Each database gets only its
own."""

from django.db import migrations

SQLITE_UP = (
    "CREATE VIRTUAL TABLE knowledge_search_fts USING fts5("
    "title, body, tokenize=\"unicode61 remove_diacritics 0 categories 'L* N* Co M*'\")"
)
SQLITE_DOWN = "DROP TABLE IF EXISTS knowledge_search_fts"
POSTGRES_UP = (
    "CREATE INDEX knowledge_searchentry_vector_gin ON knowledge_searchentry "
    "USING GIN (search_vector)"
)
POSTGRES_DOWN = "DROP INDEX IF EXISTS knowledge_searchentry_vector_gin"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
