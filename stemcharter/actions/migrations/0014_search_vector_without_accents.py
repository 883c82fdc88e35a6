"""The search vector of every indexed action again, now without accents: "bio-ingénieur" is
indexed as "bio-ingenieur", as the search now reads what people type ("creëer" and "creeer"
find each other; ``common.search.fold``).

PostgreSQL only (SQLite searches without a vector). The statement is the one
``actions.services.action_search_vector`` made when this migration was written, frozen here in
SQL so that a later change to the models or the service cannot change what this step does;
``translate`` is built in (no ``unaccent`` extension), with the letters of ``common.search``
computed here again the same way.
"""

import unicodedata

from django.db import migrations


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


# FOLD(x/FOLD is the folding of x (see reindex).
REINDEX = """
UPDATE actions_action SET search_vector =
    setweight(to_tsvector('dutch', coalesce(FOLD(title/FOLD, '')), 'A')
    || setweight(to_tsvector('dutch', coalesce(FOLD(summary/FOLD, '')), 'B')
    || setweight(to_tsvector('dutch', coalesce(FOLD(location/FOLD, '') || ' ' || coalesce(FOLD(
        array_to_string(ARRAY(
            SELECT concat_ws(' ', s.name_nl, s.name_en, p.name_nl, p.name_en)
            FROM regions_subregion s
            JOIN actions_action_subregions a_s ON s.id = a_s.subregion_id
            JOIN regions_province p ON s.province_id = p.id
            WHERE a_s.action_id = actions_action.id
        ), ' ')/FOLD, '')), 'B')
    || setweight(to_tsvector('dutch', coalesce(FOLD((
        SELECT concat_ws(' ', t.name_nl, t.name_en, t.search_terms_nl, t.search_terms_en)
        FROM actions_actiontype t WHERE t.id = actions_action.action_type_id
    )/FOLD, '')), 'B')
    || setweight(to_tsvector('dutch', coalesce(FOLD((
        SELECT o.name FROM organisations_organisation o WHERE o.id = actions_action.organisation_id
    )/FOLD, '') || ' ' || coalesce(FOLD(array_to_string(ARRAY(
        SELECT o.name FROM organisations_organisation o
        JOIN actions_action_partners a_p ON o.id = a_p.organisation_id
        WHERE a_p.action_id = actions_action.id
    ), ' ')/FOLD, '')), 'B')
    || setweight(to_tsvector('dutch', coalesce(FOLD(description/FOLD, '')), 'C')
WHERE search_vector IS NOT NULL
"""


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # FOLD(x) is lower(translate(x, letters, plain)), the letters as parameters.
        sql = REINDEX.replace("FOLD(", "lower(translate(").replace("/FOLD", ", %s, %s))")
        schema_editor.execute(sql, list(fold_table()) * REINDEX.count("FOLD("))


class Migration(migrations.Migration):
    dependencies = [("actions", "0013_group_size_and_cost")]
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
