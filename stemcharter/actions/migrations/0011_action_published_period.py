"""A GiST index on each published action's days (a date range), on PostgreSQL only.

The catalogue's default order ("soonest first") lists the ongoing actions first: those that
started before today and are not over. In the date index they sit among every action that is
over, so finding them walked past all of those; the range index finds the ranges that hold
today directly (``ActionQuerySet.ongoing``). Without dates (on request) the range would be
unbounded and hold every day: those rows stay out of the index. The columns the first page's
query reads and sorts by are included, so it reads the index alone (an index-only scan). SQLite has no range type: there the catalogue reads
the same rows without it. A conditional RunPython keeps one set of migrations for both.
"""

from django.db import migrations

INDEX_NAME = "action_published_period"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON actions_action "
            "USING gist (daterange(start_date, end_date, '[]')) "
            "INCLUDE (start_date, end_date, timing, id) "
            "WHERE status = 'published' AND revision_of_id IS NULL AND start_date IS NOT NULL"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("actions", "0010_search_vector_types_organisations_places")]
    operations = [migrations.RunPython(create_index, drop_index)]
