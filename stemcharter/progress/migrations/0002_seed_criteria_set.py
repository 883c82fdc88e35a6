"""A criteria set for progress reports: the review of one needs a set (reviews), and the sets
seeded so far are for actions and stories. Coordinators edit it in the back office."""

from django.db import migrations

KEY = "voortgangsrapport"
SET = {
    "name_nl": "Jaarlijks voortgangsrapport",
    "name_en": "Yearly progress report",
    "description_nl": "Waarop een voortgangsrapport van een ondertekenaar beoordeeld wordt.",
    "description_en": "What a signatory's progress report is reviewed on.",
}
CRITERIA = [
    (
        "Blikt concreet terug op het jaar: wat lukte en wat niet",
        "Looks back concretely on the year: what worked and what did not",
    ),
    (
        "Sluit aan bij de engagementen van de ondertekenaar",
        "Relates to the signatory's commitments",
    ),
    ("Bevat concrete voornemens voor volgend jaar", "Has concrete intentions for next year"),
    (
        "Bevat geen persoonsgegevens van leerlingen of deelnemers",
        "Holds no personal data of pupils or participants",
    ),
]


def forwards(apps, schema_editor):
    CriteriaSet = apps.get_model("reviews", "CriteriaSet")
    Criterion = apps.get_model("reviews", "Criterion")
    if CriteriaSet.objects.filter(key=KEY).exists():
        return
    criteria_set = CriteriaSet.objects.create(
        key=KEY, version=1, is_current=True, kinds=["progress-report"], **SET
    )
    Criterion.objects.bulk_create(
        Criterion(criteria_set=criteria_set, position=position, name_nl=name_nl, name_en=name_en)
        for position, (name_nl, name_en) in enumerate(CRITERIA, start=1)
    )


def backwards(apps, schema_editor):
    CriteriaSet = apps.get_model("reviews", "CriteriaSet")
    # The set goes, unless a review used it (then it stays, like any set).
    CriteriaSet.objects.filter(key=KEY, reviews__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0001_initial"),
        ("reviews", "0004_criteria_sets_fit_action_types"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
