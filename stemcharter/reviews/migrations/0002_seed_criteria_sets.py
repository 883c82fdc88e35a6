"""The two criteria sets we know of (see PRODUCT.md); coordinators edit them in the back office."""

from django.db import migrations

SETS = [
    {
        "key": "stem-academie-erkenning",
        "name_nl": "Erkenningscriteria STEM-academies (VLAIO)",
        "name_en": "STEM-academy recognition criteria (VLAIO)",
        "description_nl": "De criteria waarmee VLAIO STEM-academies erkent, met de extra uitdagingen.",
        "description_en": "The criteria VLAIO uses to recognise STEM academies, with the extra challenges.",
        "criteria": [
            ("STEM-expertise van de organisator (inhoud en didactiek)", "The organiser has STEM expertise (content and didactics)"),
            ("Open aanbod", "An open offer"),
            ("STEM-trajecten: minstens twee opeenvolgende activiteiten voor dezelfde deelnemers", "STEM trajectories: at least two successive activities for the same participants"),
            ("Informeel leren", "Informal learning"),
            ("Ontwerpend en onderzoekend leren", "Design- and inquiry-based learning"),
            ("21e-eeuwse vaardigheden naast STEM-competenties", "21st-century skills besides STEM competences"),
            ("Geïntegreerde STEM-aanpak", "An integrated STEM approach"),
            ("Toont waarom STEM belangrijk is, op zich en voor de samenleving", "Shows why STEM matters, in itself and for society"),
            ("Extra: bereikt moeilijk bereikbare doelgroepen", "Extra: reaches hard-to-reach target groups"),
            ("Extra: interactie met bedrijven en organisaties", "Extra: interaction with companies and organisations"),
            ("Extra: sluit aan bij de leefwereld van de doelgroep", "Extra: connects to the target group's own world"),
            ("Extra: vertrekt van actuele of toekomstige uitdagingen", "Extra: starts from current or future challenges"),
        ],
    },
    {
        "key": "stem-kader",
        "name_nl": "Vlaams STEM-kader: tien dimensies",
        "name_en": "Flemish STEM framework: ten dimensions",
        "description_nl": "De tien dimensies van het Vlaamse STEM-kader (2015).",
        "description_en": "The ten dimensions of the Flemish STEM framework (2015).",
        "criteria": [
            ("Samenspel van S, T, E en M", "Interplay of S, T, E and M"),
            ("Probleemoplossend leren", "Problem-solving learning"),
            ("Onderzoeken en ontwerpen", "Research and design"),
            ("Redeneren, modelleren en abstraheren", "Reasoning, modelling and abstracting"),
            ("Technologie gebruiken en ontwikkelen", "Using and developing technology"),
            ("Maatschappelijke relevantie", "Societal relevance"),
            ("Informatie en communicatie", "Information and communication"),
            ("Samenwerken", "Teamwork"),
            ("21e-eeuwse competenties", "21st-century competences"),
            ("Innovatie", "Innovation"),
        ],
    },
]


def seed(apps, schema_editor):
    CriteriaSet = apps.get_model("reviews", "CriteriaSet")
    Criterion = apps.get_model("reviews", "Criterion")
    for data in SETS:
        if CriteriaSet.objects.filter(key=data["key"]).exists():
            continue
        criteria_set = CriteriaSet.objects.create(
            key=data["key"],
            version=1,
            name_nl=data["name_nl"],
            name_en=data["name_en"],
            description_nl=data["description_nl"],
            description_en=data["description_en"],
            is_current=True,
        )
        Criterion.objects.bulk_create(
            Criterion(criteria_set=criteria_set, position=position, name_nl=nl, name_en=en)
            for position, (nl, en) in enumerate(data["criteria"], start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
