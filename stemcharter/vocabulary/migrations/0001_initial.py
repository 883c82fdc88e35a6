"""ActionType, Audience and Discipline move here from actions, with their tables and rows.

State only: the tables keep their names (``db_table``), so no row moves. The content types
follow (app label actions -> vocabulary), and with them the permissions and the admin's history.
charter 0004 and actions 0008 then point their relations here and drop the old models from
their state.
"""

from django.db import migrations, models

MODELS = ("actiontype", "audience", "discipline")


def move_content_types(apps, schema_editor, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        # A row for the target exists only if post_migrate ran between a migration back and
        # forth; then the old one is left for remove_stale_contenttypes.
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, source="actions", target="vocabulary")


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, source="vocabulary", target="actions")


class Migration(migrations.Migration):
    # Not initial: it creates no table, so `migrate --fake-initial` must not skip it (the
    # tables it names exist already, and the content types would stay behind).
    initial = False

    dependencies = [
        ("actions", "0007_action_action_published_by_date_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ActionType",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("name_nl", models.CharField(max_length=120, verbose_name="name (Dutch)")),
                        ("name_en", models.CharField(blank=True, max_length=120, verbose_name="name (English)")),
                        ("slug", models.SlugField(max_length=140, unique=True, verbose_name="slug")),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                    ],
                    options={
                        "verbose_name": "action type",
                        "verbose_name_plural": "action types",
                        "db_table": "actions_actiontype",
                        "ordering": ["position", "name_nl"],
                    },
                ),
                migrations.CreateModel(
                    name="Audience",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("name_nl", models.CharField(max_length=120, verbose_name="name (Dutch)")),
                        ("name_en", models.CharField(blank=True, max_length=120, verbose_name="name (English)")),
                        ("slug", models.SlugField(max_length=140, unique=True, verbose_name="slug")),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                    ],
                    options={
                        "verbose_name": "target audience",
                        "verbose_name_plural": "target audiences",
                        "db_table": "actions_audience",
                        "ordering": ["position", "name_nl"],
                    },
                ),
                migrations.CreateModel(
                    name="Discipline",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("name_nl", models.CharField(max_length=120, verbose_name="name (Dutch)")),
                        ("name_en", models.CharField(blank=True, max_length=120, verbose_name="name (English)")),
                        ("slug", models.SlugField(max_length=140, unique=True, verbose_name="slug")),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                    ],
                    options={
                        "verbose_name": "STEM discipline",
                        "verbose_name_plural": "STEM disciplines",
                        "db_table": "actions_discipline",
                        "ordering": ["position", "name_nl"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
