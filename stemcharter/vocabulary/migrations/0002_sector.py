"""Sector moves here from organisations, with its table (organisations_sector) and rows.

State only, as 0001: the content type follows (organisations -> vocabulary), with its
permissions and the admin's history; organisations 0006 then points Organisation.sector here
and drops the old model from its state.
"""

from django.db import migrations, models


def move_content_type(apps, schema_editor, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    # A row for the target exists only if post_migrate ran between a migration back and
    # forth; then the old one is left for remove_stale_contenttypes.
    if not content_types.filter(app_label=target, model="sector").exists():
        content_types.filter(app_label=source, model="sector").update(app_label=target)


def forwards(apps, schema_editor):
    move_content_type(apps, schema_editor, source="organisations", target="vocabulary")


def backwards(apps, schema_editor):
    move_content_type(apps, schema_editor, source="vocabulary", target="organisations")


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0005_duplicate_rule_constraints"),
        ("vocabulary", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Sector",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("name_nl", models.CharField(max_length=120, verbose_name="name (Dutch)")),
                        ("name_en", models.CharField(blank=True, max_length=120, verbose_name="name (English)")),
                        ("slug", models.SlugField(max_length=140, unique=True, verbose_name="slug")),
                    ],
                    options={
                        "verbose_name": "sector",
                        "verbose_name_plural": "sectors",
                        "db_table": "organisations_sector",
                        "ordering": ["name_nl"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
