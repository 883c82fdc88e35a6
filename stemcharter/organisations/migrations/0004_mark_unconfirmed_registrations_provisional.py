from django.db import migrations


def mark_unconfirmed_registrations_provisional(apps, schema_editor):
    """An organisation whose every signature still waits for its email confirmation was
    registered by a signer who never confirmed: from now on it holds no name or number."""
    Organisation = apps.get_model("organisations", "Organisation")
    Signature = apps.get_model("charter", "Signature")
    confirmed = Signature.objects.exclude(status="awaiting_email").values("organisation")
    waiting = Signature.objects.filter(status="awaiting_email").values("organisation")
    Organisation.objects.filter(pk__in=waiting).exclude(pk__in=confirmed).update(
        is_provisional=True
    )


class Migration(migrations.Migration):
    # Apart from the schema changes around it: PostgreSQL runs each migration in its own
    # transaction, and does not alter a table with pending updates in the same one.

    dependencies = [
        ("charter", "0001_initial"),
        ("organisations", "0003_town_and_provisional_organisations"),
    ]

    operations = [
        migrations.RunPython(
            mark_unconfirmed_registrations_provisional, migrations.RunPython.noop, elidable=True
        ),
    ]
