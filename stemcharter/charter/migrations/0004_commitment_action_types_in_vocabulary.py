"""Commitment.action_types points to vocabulary.ActionType (moved from actions, same table).

State only: the through table (charter_commitment_action_types) and its column actiontype_id
keep their names, and its foreign key already points to the table actions_actiontype.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("charter", "0003_signature_signature_approved_latest"),
        ("vocabulary", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="commitment",
                    name="action_types",
                    field=models.ManyToManyField(related_name="commitments", to="vocabulary.actiontype", verbose_name="action types"),
                ),
            ],
            database_operations=[],
        ),
    ]
