from django.db import migrations, models


class Migration(migrations.Migration):
    # One enterprise number is one organisation; without a number, one name per town. An
    # organisation registered by a signer who has not confirmed yet holds neither.

    dependencies = [
        ("organisations", "0004_mark_unconfirmed_registrations_provisional"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("enterprise_number", ""), _negated=True), ("is_provisional", False)
                ),
                fields=("enterprise_number",),
                name="organisations_unique_enterprise_number",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("enterprise_number", ""), ("is_provisional", False)),
                fields=("normalised_name", "normalised_town"),
                name="organisations_unique_name_town_without_number",
            ),
        ),
    ]
