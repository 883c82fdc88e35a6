"""The full-text search of stories, as of actions (``common.search_index``): a search vector,
its GIN index and the vectors of the published stories, on PostgreSQL only (SQLite searches
without a vector; one set of migrations for both).

The statement that fills the vectors is the one ``stories.services.story_search_vector`` made
when this migration was written, frozen here in SQL so that a later change to the models or
the service cannot change what this step does (``translate`` folds the accents as
``common.search.Fold``, the letters computed here again the same way).
"""

import unicodedata

import django.contrib.postgres.search
from django.db import migrations

INDEX_NAME = "story_search_vector_gin"

# FOLD(x/FOLD is the folding of x (see fill).
FILL = """
UPDATE stories_story SET search_vector =
    setweight(to_tsvector('dutch', coalesce(FOLD(title/FOLD, '')), 'A')
    || setweight(to_tsvector('dutch', coalesce(FOLD(summary/FOLD, '')), 'B')
    || setweight(to_tsvector('dutch', coalesce(FOLD(array_to_string(ARRAY(
        SELECT concat_ws(' ', s.name_nl, s.name_en, p.name_nl, p.name_en)
        FROM regions_subregion s
        JOIN stories_story_subregions s_s ON s.id = s_s.subregion_id
        JOIN regions_province p ON s.province_id = p.id
        WHERE s_s.story_id = stories_story.id
    ), ' ')/FOLD, '')), 'B')
    || setweight(to_tsvector('dutch', coalesce(FOLD((
        SELECT o.name FROM organisations_organisation o WHERE o.id = stories_story.organisation_id
    )/FOLD, '') || ' ' || coalesce(FOLD(array_to_string(ARRAY(
        SELECT o.name FROM organisations_organisation o
        JOIN stories_story_organisations s_o ON o.id = s_o.organisation_id
        WHERE s_o.story_id = stories_story.id
    ), ' ')/FOLD, '')), 'B')
    || setweight(to_tsvector('dutch', coalesce(FOLD(body/FOLD, '')), 'C')
WHERE status = 'published' AND revision_of_id IS NULL
"""


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold_table():
    pairs = []
    for char in map(chr, range(0xC0, 0x250)):
        plain = fold(char)
        if plain != char.lower() and len(plain) == 1 and plain.isascii():
            pairs.append((char, plain))
    return "".join(char for char, _plain in pairs), "".join(plain for _char, plain in pairs)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON stories_story USING gin (search_vector)"
        )


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # FOLD(x) is lower(translate(x, letters, plain)), the letters as parameters.
        sql = FILL.replace("FOLD(", "lower(translate(").replace("/FOLD", ", %s, %s))")
        schema_editor.execute(sql, list(fold_table()) * FILL.count("FOLD("))


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("stories", "0002_story_story_published_newest")]

    operations = [
        migrations.AddField(
            model_name="story",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
