from django.db import migrations

ACTION_TYPES = [
    ("stage", "Stage", "Internship"),
    ("opendag", "Opendag", "Open day"),
    ("schoolondersteuning-materiaal", "Ondersteuning van scholen met materiaal", "School support with materials"),
    ("expert-gastles", "Expert of gastles in een school", "Expert or guest lesson in a school"),
    ("bedrijfsbezoek", "Bedrijfsbezoek", "Company visit"),
    ("gezamenlijk-project", "Gezamenlijk project", "Joint project"),
    ("doelgroepinitiatief", "Initiatief voor een doelgroep", "Target-group initiative"),
    ("stem-academie-activiteit", "Activiteit van een STEM-academie", "STEM-academy activity"),
    ("lerarenopleiding", "Nascholing voor leraren", "Teacher training"),
]


def seed(apps, schema_editor):
    ActionType = apps.get_model("actions", "ActionType")
    for position, (slug, name_nl, name_en) in enumerate(ACTION_TYPES, start=1):
        ActionType.objects.get_or_create(
            slug=slug, defaults={"name_nl": name_nl, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
