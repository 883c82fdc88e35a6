"""What the number available of an action counts (its type's unit), and who books for a class.

The known types get their unit (a loan kit has copies, a guest lesson room for classes) and
say whether teachers book them for a class; the audience "Leraren" books for a class. The
catalogue's audience filter reads both (``actions/README.md``, "Audiences"). Rows added or
renamed by hand since the seed keep the defaults; the admin changes them.
"""

from django.db import migrations, models

UNITS = {"schoolondersteuning-materiaal": "copies", "expert-gastles": "classes"}
BOOKED_FOR_A_CLASS = ["schoolondersteuning-materiaal", "expert-gastles", "bedrijfsbezoek"]
BOOKS_FOR_A_CLASS = ["leraren"]


def forwards(apps, schema_editor):
    ActionType = apps.get_model("vocabulary", "ActionType")
    Audience = apps.get_model("vocabulary", "Audience")
    for slug, unit in UNITS.items():
        ActionType.objects.filter(slug=slug).update(unit=unit)
    ActionType.objects.filter(slug__in=BOOKED_FOR_A_CLASS).update(booked_for_a_class=True)
    Audience.objects.filter(slug__in=BOOKS_FOR_A_CLASS).update(books_for_a_class=True)


class Migration(migrations.Migration):
    dependencies = [("vocabulary", "0004_seed_action_type_search_terms")]

    operations = [
        migrations.AddField(
            model_name="actiontype",
            name="booked_for_a_class",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "A teacher books it for their pupils (a guest lesson, a loan kit): the "
                    "catalogue finds it under the audiences that book for a class (teachers) too."
                ),
                verbose_name="booked by teachers for a class",
            ),
        ),
        migrations.AddField(
            model_name="actiontype",
            name="unit",
            field=models.CharField(
                choices=[
                    ("places", "places for participants"),
                    ("copies", "copies to borrow"),
                    ("classes", "classes that can book"),
                ],
                default="places",
                help_text=(
                    "A loan kit has copies, a guest lesson room for classes, an open day places."
                ),
                max_length=16,
                verbose_name="what the number available counts",
            ),
        ),
        migrations.AddField(
            model_name="audience",
            name="books_for_a_class",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "People in this audience book actions for their pupils (teachers): looking "
                    "for this audience also finds the types booked by teachers for a class."
                ),
                verbose_name="books for a class",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
