"""One subregion of a Dutch name per province, whatever its case or its spaces.

The names are first evened out as the site now keeps them (no spaces around, one between
words). Names that would then clash stop the migration, naming them: which one to rename or
merge is a coordinator's choice, not a migration's.
"""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


def even_out_names(apps, schema_editor):
    Subregion = apps.get_model("regions", "Subregion")
    seen: dict[tuple[int, str], str] = {}
    clashes, changed = [], []
    for subregion in Subregion.objects.order_by("pk"):
        name_nl = " ".join(subregion.name_nl.split())
        name_en = " ".join(subregion.name_en.split())
        if (name_nl, name_en) != (subregion.name_nl, subregion.name_en):
            changed.append((subregion.pk, name_nl, name_en))
        key = (subregion.province_id, name_nl.lower())
        if key in seen:
            clashes.append(f"{seen[key]!r} and {name_nl!r} (slug {subregion.slug})")
        else:
            seen[key] = name_nl
    if clashes:
        raise RuntimeError(
            "Subregions of one province with the same name (rename one in the admin first): "
            + "; ".join(clashes)
        )
    for pk, name_nl, name_en in changed:
        Subregion.objects.filter(pk=pk).update(name_nl=name_nl, name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0003_subregion_neighbours"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(even_out_names, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="subregion",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name_nl"),
                models.F("province"),
                name="regions_subregion_name_nl_unique_in_province",
                violation_error_message="This province already has a subregion with this name.",
            ),
        ),
    ]
