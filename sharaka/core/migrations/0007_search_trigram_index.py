"""A trigram index over the search entries' normalised text, so that "every word as a substring"
(core/search.py, `LIKE '%word%'`) reads the index instead of every entry of a kind.

- PostgreSQL: the `pg_trgm` extension (trusted since PostgreSQL 13: the database's owner may create
  it) and a GIN index with `gin_trgm_ops`, which `LIKE '%…%'` uses.
- SQLite: an FTS5 table with the `trigram` tokenizer (SQLite 3.34 and later) over the entries
  (`content=core_searchentry`), kept in step by three triggers; its `LIKE` uses the trigram index.

The search's results are the same with or without the index: the `LIKE` decides, the index only
finds the candidates (`core/tests/test_search_index.py`).
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE core_searchentry_trigram USING fts5("
    "text, content='core_searchentry', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER core_searchentry_trigram_insert AFTER INSERT ON core_searchentry BEGIN "
    "INSERT INTO core_searchentry_trigram (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER core_searchentry_trigram_delete AFTER DELETE ON core_searchentry BEGIN "
    "INSERT INTO core_searchentry_trigram (core_searchentry_trigram, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER core_searchentry_trigram_update AFTER UPDATE ON core_searchentry BEGIN "
    "INSERT INTO core_searchentry_trigram (core_searchentry_trigram, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO core_searchentry_trigram (rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO core_searchentry_trigram (core_searchentry_trigram) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchentry_trigram_insert",
    "DROP TRIGGER IF EXISTS core_searchentry_trigram_delete",
    "DROP TRIGGER IF EXISTS core_searchentry_trigram_update",
    "DROP TABLE IF EXISTS core_searchentry_trigram",
]
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS core_searchentry_text_trgm ON core_searchentry USING gin (text gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS core_searchentry_text_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0006_user_gender_digest")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
