"""Indexes for the catalogue's filters on a many-to-many (``?subregion=``, ``?province=``,
``?audience=``, ``?discipline=``) and their count.

The count of a filtered catalogue reads every action of the chosen region from the relation's
table, then checks that each one is published, an original and current. Django's tables of the
relations have an index on each column alone, so the first step read the rows of the table
(its heap) too; the second read each action's row. With ``(related, action)`` indexes the first
step reads an index alone, and on PostgreSQL the second too: an index on the published
originals' ``id`` that includes what "current" reads (``end_date``, ``timing``). The count is
still one index entry per matching action (a count is), but no table row.
"""

from django.db import migrations

RELATIONS = {
    "action_subregions_by_subregion": ("actions_action_subregions", "subregion_id"),
    "action_audiences_by_audience": ("actions_action_audiences", "audience_id"),
    "action_disciplines_by_discipline": ("actions_action_disciplines", "discipline_id"),
}
CURRENT_BY_ID = "action_published_current_by_id"


def create_indexes(apps, schema_editor):
    for name, (table, column) in RELATIONS.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column}, action_id)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {CURRENT_BY_ID} ON actions_action (id) "
            "INCLUDE (end_date, timing) "
            "WHERE status = 'published' AND revision_of_id IS NULL"
        )


def drop_indexes(apps, schema_editor):
    for name in [*RELATIONS, CURRENT_BY_ID]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("actions", "0011_action_published_period")]
    operations = [migrations.RunPython(create_indexes, drop_indexes)]
