from django.db import migrations

AUDIENCES = [
    ("lager-onderwijs", "Leerlingen lager onderwijs", "Primary school pupils"),
    ("secundair-aso", "Leerlingen secundair algemeen", "Secondary pupils, general education"),
    ("secundair-tso", "Leerlingen secundair technisch", "Secondary pupils, technical education"),
    ("secundair-bso", "Leerlingen secundair beroeps", "Secondary pupils, vocational education"),
    ("hoger-onderwijs", "Studenten hoger onderwijs", "Higher-education students"),
    ("volwassenen", "Volwassenen", "Adults"),
    ("werkzoekenden", "Werkzoekenden", "Jobseekers"),
    ("leraren", "Leraren", "Teachers"),
    ("meisjes-vrouwen", "Meisjes en vrouwen", "Girls and women"),
    ("nieuwkomers", "Nieuwkomers", "Newcomers"),
]

DISCIPLINES = [
    ("wetenschappen", "Wetenschappen", "Science"),
    ("technologie", "Technologie", "Technology"),
    ("engineering", "Engineering", "Engineering"),
    ("wiskunde", "Wiskunde", "Mathematics"),
    ("ict", "ICT", "ICT"),
]


def seed(apps, schema_editor):
    for model_name, rows in (("Audience", AUDIENCES), ("Discipline", DISCIPLINES)):
        model = apps.get_model("actions", model_name)
        for position, (slug, name_nl, name_en) in enumerate(rows, start=1):
            model.objects.get_or_create(
                slug=slug, defaults={"name_nl": name_nl, "name_en": name_en, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("actions", "0003_audience_discipline_action")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
