"""Which items each criteria set is for, and what a met criterion means to a visitor.

The STEM-academy recognition criteria fit STEM-academy activities only; the ten dimensions of
the STEM framework fit what happens in and around school (and stories). Internships, open days
and company visits get a short set of their own, a first proposal that the coordinators edit
in the back office. Every seeded criterion gets its wording for the public page (only where it
has none yet, in the current version; the criteria themselves do not change).
"""

from django.db import migrations

PUBLIC = {
    # STEM-academy recognition criteria
    "STEM-expertise van de organisator (inhoud en didactiek)": (
        "Begeleid door mensen die STEM kennen én goed kunnen uitleggen",
        "Led by people who know STEM and know how to explain it",
    ),
    "Open aanbod": ("Iedereen voor wie het bedoeld is, kan meedoen", "Anyone it is meant for can take part"),
    "STEM-trajecten: minstens twee opeenvolgende activiteiten voor dezelfde deelnemers": (
        "Je komt meer dan één keer terug en bouwt verder op wat je leerde",
        "You come back more than once and build on what you learnt",
    ),
    "Informeel leren": ("Buiten de lessen, op je eigen tempo", "Outside school lessons, at your own pace"),
    "Ontwerpend en onderzoekend leren": (
        "Je ontwerpt, onderzoekt en probeert zelf uit",
        "You design, investigate and try things out yourself",
    ),
    "21e-eeuwse vaardigheden naast STEM-competenties": (
        "Je werkt ook aan samenwerken, creativiteit en kritisch denken",
        "You also practise teamwork, creativity and critical thinking",
    ),
    "Geïntegreerde STEM-aanpak": (
        "Wetenschap, techniek en wiskunde komen samen aan bod",
        "Science, technology and maths come together",
    ),
    "Toont waarom STEM belangrijk is, op zich en voor de samenleving": (
        "Je ontdekt waarom STEM ertoe doet, voor jou en voor de samenleving",
        "You find out why STEM matters, to you and to society",
    ),
    "Extra: bereikt moeilijk bereikbare doelgroepen": (
        "Ook bedoeld voor wie zelden zo'n kans krijgt",
        "Also meant for those who rarely get such a chance",
    ),
    "Extra: interactie met bedrijven en organisaties": (
        "Je maakt kennis met bedrijven en organisaties",
        "You meet companies and organisations",
    ),
    "Extra: sluit aan bij de leefwereld van de doelgroep": (
        "Het sluit aan bij wat jou bezighoudt",
        "It connects to your own world",
    ),
    "Extra: vertrekt van actuele of toekomstige uitdagingen": (
        "Je werkt aan echte uitdagingen van nu en morgen",
        "You work on real challenges of today and tomorrow",
    ),
    # The ten dimensions of the Flemish STEM framework
    "Samenspel van S, T, E en M": (
        "Wetenschap, techniek, engineering en wiskunde komen samen aan bod",
        "Science, technology, engineering and maths come together",
    ),
    "Probleemoplossend leren": ("Je lost zelf een probleem op", "You solve a problem yourself"),
    "Onderzoeken en ontwerpen": ("Je onderzoekt en ontwerpt zelf", "You investigate and design yourself"),
    "Redeneren, modelleren en abstraheren": (
        "Je leert redeneren en met modellen werken",
        "You learn to reason and to work with models",
    ),
    "Technologie gebruiken en ontwikkelen": (
        "Je gebruikt of maakt zelf technologie",
        "You use or build technology yourself",
    ),
    "Maatschappelijke relevantie": (
        "Het gaat over vragen die ertoe doen in de samenleving",
        "It is about questions that matter in society",
    ),
    "Informatie en communicatie": (
        "Je zoekt informatie op en legt uit wat je vond",
        "You look things up and explain what you found",
    ),
    "Samenwerken": ("Je werkt samen met anderen", "You work together with others"),
    "21e-eeuwse competenties": (
        "Je werkt ook aan creativiteit en kritisch denken",
        "You also practise creativity and critical thinking",
    ),
    "Innovatie": ("Je maakt kennis met nieuwe ideeën en technieken", "You discover new ideas and techniques"),
}

DISCOVERY = {
    "key": "kennismaken-met-stem-werk",
    "name_nl": "Kennismaken met STEM-werk (stage, opendag, bedrijfsbezoek)",
    "name_en": "Getting to know STEM work (internship, open day, company visit)",
    "description_nl": "Voor acties waarin jongeren een STEM-werkplek leren kennen.",
    "description_en": "For actions in which young people get to know a STEM workplace.",
    "criteria": [
        (
            "Toont echt STEM-werk en de mensen die het doen",
            "Shows real STEM work and the people who do it",
            "Je ziet echt STEM-werk en praat met wie het doet",
            "You see real STEM work and talk to the people who do it",
        ),
        (
            "Deelnemers doen zelf iets",
            "Participants do something themselves",
            "Je doet zelf iets, je kijkt niet alleen toe",
            "You do something yourself, you do not only watch",
        ),
        (
            "Begeleiding door een vaste contactpersoon, veilig voor minderjarigen",
            "Supervised by a named contact person, safe for minors",
            "Iemand begeleidt je en je weet bij wie je terechtkunt",
            "Someone guides you and you know whom to ask",
        ),
        (
            "Duidelijk voor wie, wanneer en hoe je deelneemt",
            "Clear who it is for, when, and how to take part",
            "Je weet vooraf voor wie het is en hoe je deelneemt",
            "You know beforehand who it is for and how to take part",
        ),
    ],
}

# Set key -> (kinds of items, action type slugs).
FIT = {
    "stem-academie-erkenning": (["action"], ["stem-academie-activiteit"]),
    "stem-kader": (
        ["action", "story"],
        [
            "schoolondersteuning-materiaal",
            "expert-gastles",
            "gezamenlijk-project",
            "doelgroepinitiatief",
            "lerarenopleiding",
        ],
    ),
    DISCOVERY["key"]: (["action"], ["stage", "opendag", "bedrijfsbezoek"]),
}


def forwards(apps, schema_editor):
    CriteriaSet = apps.get_model("reviews", "CriteriaSet")
    Criterion = apps.get_model("reviews", "Criterion")
    ActionType = apps.get_model("vocabulary", "ActionType")
    if not CriteriaSet.objects.filter(key=DISCOVERY["key"]).exists():
        discovery = CriteriaSet.objects.create(
            key=DISCOVERY["key"],
            version=1,
            is_current=True,
            **{name: DISCOVERY[name] for name in ("name_nl", "name_en", "description_nl", "description_en")},
        )
        Criterion.objects.bulk_create(
            Criterion(
                criteria_set=discovery,
                position=position,
                name_nl=name_nl,
                name_en=name_en,
                public_nl=public_nl,
                public_en=public_en,
            )
            for position, (name_nl, name_en, public_nl, public_en) in enumerate(
                DISCOVERY["criteria"], start=1
            )
        )
    for key, (kinds, slugs) in FIT.items():
        action_types = list(ActionType.objects.filter(slug__in=slugs))
        for criteria_set in CriteriaSet.objects.filter(key=key):
            if criteria_set.kinds or criteria_set.action_types.exists():
                continue  # a coordinator said already what it is for
            criteria_set.kinds = kinds
            criteria_set.save(update_fields=["kinds"])
            criteria_set.action_types.set(action_types)
    for criterion in Criterion.objects.filter(
        criteria_set__is_current=True, name_nl__in=PUBLIC, public_nl=""
    ):
        criterion.public_nl, criterion.public_en = PUBLIC[criterion.name_nl]
        criterion.save(update_fields=["public_nl", "public_en"])


def backwards(apps, schema_editor):
    CriteriaSet = apps.get_model("reviews", "CriteriaSet")
    # The set this migration made goes, unless a review used it (then it stays, like any set).
    CriteriaSet.objects.filter(key=DISCOVERY["key"], reviews__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_criteria_set_kinds_action_types_public_wording"),
        ("vocabulary", "0002_sector"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
