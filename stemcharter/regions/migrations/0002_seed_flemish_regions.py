"""The Flemish provinces with their administrative arrondissements, plus Brussels."""

from django.db import migrations
from django.utils.text import slugify

REGIONS = [
    ("Antwerpen", "Antwerp", [("Antwerpen", "Antwerp"), ("Mechelen", "Mechelen"), ("Turnhout", "Turnhout")]),
    ("Limburg", "Limburg", [("Hasselt", "Hasselt"), ("Maaseik", "Maaseik"), ("Tongeren", "Tongeren")]),
    (
        "Oost-Vlaanderen",
        "East Flanders",
        [
            ("Aalst", "Aalst"),
            ("Dendermonde", "Dendermonde"),
            ("Eeklo", "Eeklo"),
            ("Gent", "Ghent"),
            ("Oudenaarde", "Oudenaarde"),
            ("Sint-Niklaas", "Sint-Niklaas"),
        ],
    ),
    ("Vlaams-Brabant", "Flemish Brabant", [("Halle-Vilvoorde", "Halle-Vilvoorde"), ("Leuven", "Leuven")]),
    (
        "West-Vlaanderen",
        "West Flanders",
        [
            ("Brugge", "Bruges"),
            ("Diksmuide", "Diksmuide"),
            ("Ieper", "Ypres"),
            ("Kortrijk", "Kortrijk"),
            ("Oostende", "Ostend"),
            ("Roeselare", "Roeselare"),
            ("Tielt", "Tielt"),
            ("Veurne", "Veurne"),
        ],
    ),
    ("Brussels Hoofdstedelijk Gewest", "Brussels-Capital Region", [("Brussel", "Brussels")]),
]


def seed(apps, schema_editor):
    Province = apps.get_model("regions", "Province")
    Subregion = apps.get_model("regions", "Subregion")
    for position, (name_nl, name_en, subregions) in enumerate(REGIONS, start=1):
        province, _ = Province.objects.get_or_create(
            slug=slugify(name_nl), defaults={"name_nl": name_nl, "name_en": name_en, "position": position}
        )
        for sub_nl, sub_en in subregions:
            slug = slugify(f"arrondissement-{sub_nl}") if sub_nl == name_nl else slugify(sub_nl)
            Subregion.objects.get_or_create(
                slug=slug, defaults={"name_nl": sub_nl, "name_en": sub_en, "province": province}
            )


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
