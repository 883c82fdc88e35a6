"""A GIN index on the full-text search vector, on PostgreSQL only.

SQLite has no full-text type or GIN index; there the catalogue searches with a simple
``icontains`` fallback (see ``actions.selectors``). A conditional RunPython keeps one set of
migrations for both databases.
"""

from django.db import migrations

INDEX_NAME = "action_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON actions_action USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("actions", "0004_seed_audiences_disciplines")]
    operations = [migrations.RunPython(create_index, drop_index)]
