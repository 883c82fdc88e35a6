"""Which subregions border each other: an empty search in one subregion suggests its neighbours.

The subregions are Flanders' administrative arrondissements (and Brussels), so two are neighbours
when a municipality of one borders a municipality of the other (the arrondissements as they are
since 1 January 2019 and the municipal mergers of 2025; borders across the Scheldt count, as
bridges and the tunnels cross it). Borders with Wallonia, the Netherlands and France are left
out: those regions are not on this site. Coordinators can correct a pair in the admin.
"""

from django.db import migrations, models

# Slug pairs, each once; the relation is symmetrical.
NEIGHBOURS = [
    # Antwerpen
    ("arrondissement-antwerpen", "mechelen"),
    ("arrondissement-antwerpen", "turnhout"),
    ("arrondissement-antwerpen", "sint-niklaas"),
    ("mechelen", "turnhout"),
    ("mechelen", "leuven"),
    ("mechelen", "halle-vilvoorde"),
    ("mechelen", "dendermonde"),
    ("mechelen", "sint-niklaas"),
    ("turnhout", "leuven"),
    ("turnhout", "hasselt"),
    ("turnhout", "maaseik"),
    # Limburg
    ("hasselt", "maaseik"),
    ("hasselt", "tongeren"),
    ("hasselt", "leuven"),
    ("maaseik", "tongeren"),
    # Vlaams-Brabant and Brussels
    ("leuven", "halle-vilvoorde"),
    ("leuven", "brussel"),
    ("halle-vilvoorde", "brussel"),
    ("halle-vilvoorde", "aalst"),
    ("halle-vilvoorde", "dendermonde"),
    # Oost-Vlaanderen
    ("aalst", "dendermonde"),
    ("aalst", "gent"),
    ("aalst", "oudenaarde"),
    ("dendermonde", "gent"),
    ("dendermonde", "sint-niklaas"),
    ("eeklo", "gent"),
    ("eeklo", "brugge"),
    ("gent", "sint-niklaas"),
    ("gent", "oudenaarde"),
    ("gent", "tielt"),
    ("gent", "brugge"),
    ("gent", "kortrijk"),
    ("oudenaarde", "kortrijk"),
    # West-Vlaanderen
    ("brugge", "oostende"),
    ("brugge", "diksmuide"),
    ("brugge", "roeselare"),
    ("brugge", "tielt"),
    ("oostende", "diksmuide"),
    ("oostende", "veurne"),
    ("veurne", "diksmuide"),
    ("veurne", "ieper"),
    ("diksmuide", "ieper"),
    ("diksmuide", "roeselare"),
    ("ieper", "roeselare"),
    ("ieper", "kortrijk"),
    ("roeselare", "tielt"),
    ("roeselare", "kortrijk"),
    ("tielt", "kortrijk"),
]


def add_neighbours(apps, schema_editor):
    Subregion = apps.get_model("regions", "Subregion")
    Through = Subregion.neighbours.through
    ids = dict(Subregion.objects.values_list("slug", "pk"))
    # Both directions: the historical model does not know the field is symmetrical. A database
    # whose subregions were renamed keeps the pairs it still has.
    rows = [
        Through(from_subregion_id=ids[a], to_subregion_id=ids[b])
        for first, second in NEIGHBOURS
        if first in ids and second in ids
        for a, b in ((first, second), (second, first))
    ]
    Through.objects.bulk_create(rows, ignore_conflicts=True)


def remove_neighbours(apps, schema_editor):
    apps.get_model("regions", "Subregion").neighbours.through.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_seed_flemish_regions")]

    operations = [
        migrations.AddField(
            model_name="subregion",
            name="neighbours",
            field=models.ManyToManyField(
                blank=True, to="regions.subregion", verbose_name="neighbouring subregions"
            ),
        ),
        migrations.RunPython(add_neighbours, remove_neighbours),
    ]
