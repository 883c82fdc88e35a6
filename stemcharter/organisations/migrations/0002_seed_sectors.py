from django.db import migrations

SECTORS = [
    ("chemie-life-sciences", "Chemie, kunststoffen en life sciences", "Chemicals, plastics and life sciences"),
    ("technologische-industrie", "Technologische industrie", "Technology industry"),
    ("bouw", "Bouw", "Construction"),
    ("energie", "Energie", "Energy"),
    ("ict-digitaal", "ICT en digitale economie", "ICT and digital economy"),
    ("voeding", "Voeding", "Food"),
    ("textiel", "Textiel", "Textiles"),
    ("hout-meubel", "Hout en meubel", "Wood and furniture"),
    ("logistiek-mobiliteit", "Logistiek en mobiliteit", "Logistics and mobility"),
    ("zorg-welzijn", "Zorg en welzijn", "Care and welfare"),
    ("land-tuinbouw", "Land- en tuinbouw", "Agriculture and horticulture"),
    ("onderwijs-vorming", "Onderwijs en vorming", "Education and training"),
    ("onderzoek-innovatie", "Onderzoek en innovatie", "Research and innovation"),
    ("wetenschapscommunicatie", "Wetenschapscommunicatie", "Science communication"),
    ("overheid", "Overheid", "Government"),
    ("sociale-partners", "Sociale partners", "Social partners"),
]


def seed(apps, schema_editor):
    Sector = apps.get_model("organisations", "Sector")
    for slug, name_nl, name_en in SECTORS:
        Sector.objects.get_or_create(slug=slug, defaults={"name_nl": name_nl, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
