"""The search vector of every indexed action again, now that it also reads the action's type
(names and search terms), its organiser and partners, and its regions and their provinces.

PostgreSQL only (SQLite searches without a vector). The statement is the one
``actions.services.action_search_vector`` made when this migration was written, frozen here in
SQL so that a later change to the models or the service cannot change what this step does.
"""

from django.db import migrations

REINDEX = """
UPDATE actions_action SET search_vector =
    setweight(to_tsvector('dutch', coalesce(title, '')), 'A')
    || setweight(to_tsvector('dutch', coalesce(summary, '')), 'B')
    || setweight(to_tsvector('dutch', coalesce(location, '') || ' ' || coalesce(array_to_string(
        ARRAY(
            SELECT concat_ws(' ', s.name_nl, s.name_en, p.name_nl, p.name_en)
            FROM regions_subregion s
            JOIN actions_action_subregions a_s ON s.id = a_s.subregion_id
            JOIN regions_province p ON s.province_id = p.id
            WHERE a_s.action_id = actions_action.id
        ), ' '), '')), 'B')
    || setweight(to_tsvector('dutch', coalesce((
        SELECT concat_ws(' ', t.name_nl, t.name_en, t.search_terms_nl, t.search_terms_en)
        FROM actions_actiontype t WHERE t.id = actions_action.action_type_id
    ), '')), 'B')
    || setweight(to_tsvector('dutch', coalesce((
        SELECT o.name FROM organisations_organisation o WHERE o.id = actions_action.organisation_id
    ), '') || ' ' || coalesce(array_to_string(ARRAY(
        SELECT o.name FROM organisations_organisation o
        JOIN actions_action_partners a_p ON o.id = a_p.organisation_id
        WHERE a_p.action_id = actions_action.id
    ), ' '), '')), 'B')
    || setweight(to_tsvector('dutch', coalesce(description, '')), 'C')
WHERE search_vector IS NOT NULL
"""


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REINDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0009_action_published_current"),
        ("vocabulary", "0004_seed_action_type_search_terms"),
    ]
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
