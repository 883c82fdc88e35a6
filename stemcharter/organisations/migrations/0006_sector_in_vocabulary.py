"""Sector now lives in vocabulary (its 0002), on the same table organisations_sector.

State only: Organisation.sector points to vocabulary.Sector (the column sector_id and its
foreign key stay as they are), then the old model leaves this app's state; no table is dropped.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0005_duplicate_rule_constraints"),
        ("vocabulary", "0002_sector"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="organisation",
                    name="sector",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="organisations", to="vocabulary.sector", verbose_name="sector"),
                ),
                migrations.DeleteModel(name="Sector"),
            ],
            database_operations=[],
        ),
    ]
