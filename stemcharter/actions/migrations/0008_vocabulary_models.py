"""ActionType, Audience and Discipline now live in vocabulary (its 0001), on the same tables.

State only: the action's relations point to the vocabulary models (the column action_type_id
and the through tables actions_action_audiences and actions_action_disciplines keep their
names), then the old models leave this app's state; no table is dropped. After charter 0004,
so that nothing points to actions.ActionType any more when it goes.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0007_action_action_published_by_date_and_more"),
        ("charter", "0004_commitment_action_types_in_vocabulary"),
        ("vocabulary", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="action",
                    name="action_type",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="actions", to="vocabulary.actiontype", verbose_name="type"),
                ),
                migrations.AlterField(
                    model_name="action",
                    name="audiences",
                    field=models.ManyToManyField(related_name="actions", to="vocabulary.audience", verbose_name="target audiences"),
                ),
                migrations.AlterField(
                    model_name="action",
                    name="disciplines",
                    field=models.ManyToManyField(blank=True, related_name="actions", to="vocabulary.discipline", verbose_name="STEM disciplines"),
                ),
                migrations.DeleteModel(name="ActionType"),
                migrations.DeleteModel(name="Audience"),
                migrations.DeleteModel(name="Discipline"),
            ],
            database_operations=[],
        ),
    ]
