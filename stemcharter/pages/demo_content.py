"""Demo actions and stories, loaded by ``demo_data`` after the organisations.

Every one goes through the same services as real use: created as a draft, sent for review,
and (most of them) reviewed against a seeded criteria set by the contact point of its region
or a coordinator. Some wait in the review queue, one has changes requested, one is a draft,
and one published action has a new version waiting, so a newcomer sees the workflow at work.
"""

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from stemcharter.accounts.models import User
from stemcharter.actions.models import Action
from stemcharter.actions.services import action_create, action_update
from stemcharter.images.services import image_add
from stemcharter.organisations.models import Organisation
from stemcharter.regions.models import Subregion
from stemcharter.registrations.services import registration_confirm, registration_create
from stemcharter.reviews.models import Assessment, CriteriaSet, ReviewStatus
from stemcharter.reviews.selectors import criteria_set_suggested, criteria_sets_current
from stemcharter.reviews.services import (
    AssessmentData,
    review_decide,
    review_start,
    review_submit,
    revision_start,
)
from stemcharter.stories.models import Story
from stemcharter.stories.services import story_create
from stemcharter.vocabulary.models import ActionType, Audience, Discipline

PUBLISHED = ReviewStatus.PUBLISHED
SUBMITTED = ReviewStatus.SUBMITTED
CHANGES = ReviewStatus.CHANGES_REQUESTED
DRAFT = ReviewStatus.DRAFT
REVISED = "revised"  # published, with a new version waiting for review


@dataclass(frozen=True)
class DemoAction:
    organisation: str
    action_type: str
    title: str
    summary: str
    description: str
    subregions: tuple[str, ...]
    location: str
    audiences: tuple[str, ...]
    disciplines: tuple[str, ...]
    timing: str = Action.Timing.DATE
    starts_in: int = 30  # days from today; negative for a past action
    lasts: int = 1  # days
    places: int | None = None
    group_min: int | None = None
    group_max: int | None = None
    cost: str = ""
    participation: str = Action.Participation.ORGANISER
    participation_url: str = ""
    participation_email: str = ""
    partners: tuple[str, ...] = ()
    status: str = PUBLISHED
    image: tuple[str, str] | None = None  # (motif, alt text)


@dataclass(frozen=True)
class DemoStory:
    organisation: str
    kind: str
    title: str
    summary: str
    body: str
    subregions: tuple[str, ...]
    organisations: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()  # titles of demo actions
    status: str = PUBLISHED
    image: tuple[str, str] | None = None
    extra: dict = field(default_factory=dict)


ACTIONS: tuple[DemoAction, ...] = (
    DemoAction(
        organisation="Voorbeeld Chemie nv",
        action_type="stage",
        title="Zomerstage in het recyclagelabo",
        summary="Vier weken meewerken in ons labo waar we plastic afval omzetten in nieuwe "
        "grondstoffen.",
        description="Je werkt mee aan echte proeven: je meet, analyseert en rapporteert.\n\n"
        "**Voor wie?** Studenten chemie of biotechnologie in het hoger onderwijs.\n\n"
        "**Wat krijg je?** Een stagevergoeding, een vaste begeleider en een eindpresentatie "
        "voor het hele team.",
        subregions=("arrondissement-antwerpen",),
        location="Haven 1234, Antwerpen",
        audiences=("hoger-onderwijs",),
        disciplines=("wetenschappen", "engineering"),
        timing=Action.Timing.PERIOD,
        starts_in=200,
        lasts=28,
        places=4,
        participation=Action.Participation.EMAIL,
        participation_email="stages@demo.stem-charter.test",
        image=("flask", "Een erlenmeyer met groene vloeistof naast gesorteerde plastic korrels."),
    ),
    DemoAction(
        organisation="Demo Robotica Werkplaats bv",
        action_type="opendag",
        title="Opendag: programmeer zelf een robotarm",
        summary="Kom naar onze werkplaats en laat een echte robotarm koekjes sorteren.",
        description="Een namiddag voor het hele gezin. Je programmeert in blokjes een "
        "robotarm, je ziet hoe we robots bouwen en je praat met onze technici.\n\n"
        "- Van 13 tot 17 uur\n- Gratis, inschrijven is nodig\n- Ook voor wie nooit "
        "programmeerde",
        subregions=("kortrijk",),
        location="Industrielaan 5, Kortrijk",
        audiences=("lager-onderwijs", "secundair-aso", "secundair-tso", "volwassenen"),
        disciplines=("technologie", "ict", "engineering"),
        starts_in=24,
        places=60,
        participation=Action.Participation.LINK,
        participation_url="https://robotica-werkplaats.example/opendag",
        image=("gear", "Een robotarm met een grijper, getekend met tandwielen."),
    ),
    DemoAction(
        organisation="Fictieve Bouwgroep Zandsteen nv",
        action_type="bedrijfsbezoek",
        title="Werfbezoek: zo bouw je een energieneutrale school",
        summary="Een rondleiding op de werf van een nieuwe school, met de ingenieur en de "
        "werfleider.",
        description="Je ziet hoe warmtepompen, isolatie en zonnepanelen samen een "
        "energieneutraal gebouw maken. Veiligheidsschoenen en helm krijg je van ons.",
        subregions=("hasselt",),
        location="Werf Schoolstraat, Hasselt",
        audiences=("secundair-tso", "secundair-bso"),
        disciplines=("engineering", "technologie"),
        starts_in=45,
        places=25,
        participation=Action.Participation.REGISTRATION,
        partners=("Voorbeeld Werkgeversnetwerk Limburg vzw",),
    ),
    DemoAction(
        organisation="Voorbeeld Energie Windkracht cv",
        action_type="expert-gastles",
        title="Gastles: hoe werkt een windmolen op zee?",
        summary="Een technicus komt in je klas uitleggen hoe wind elektriciteit wordt.",
        description="De les duurt twee lesuren en past in de lessen fysica of techniek. We "
        "brengen een model van een turbine mee waarmee de leerlingen zelf meten.\n"
        "Wat de school voorziet:\n- een lokaal met een projector\n- stopcontacten voor het "
        "model\n\nMeer over windenergie op https://www.vlaanderen.be/energie.",
        subregions=("oostende", "veurne"),
        location="In je school",
        audiences=("secundair-aso", "secundair-tso"),
        disciplines=("wetenschappen", "technologie"),
        timing=Action.Timing.ON_REQUEST,
        places=6,
        group_min=10,
        group_max=28,
        cost="Gratis",
        participation=Action.Participation.EMAIL,
        participation_email="gastles@demo.stem-charter.test",
        image=("wind", "Drie windmolens op zee onder een blauwe lucht."),
    ),
    DemoAction(
        organisation="Demo Zorgcampus Het Lindehof vzw",
        action_type="schoolondersteuning-materiaal",
        title="Uitleenkoffer: technologie in de zorg",
        summary="Scholen lenen een koffer met sensoren, een hartslagmeter en lesfiches.",
        description="De koffer blijft drie weken op school. De lesfiches zijn gemaakt met "
        "leraren en passen bij de eindtermen van de eerste graad.",
        subregions=("mechelen",),
        location="Ophalen op de campus in Mechelen",
        audiences=("secundair-aso", "leraren"),
        disciplines=("wetenschappen", "technologie"),
        timing=Action.Timing.ON_REQUEST,
        places=3,
        cost="Gratis, je haalt de koffer zelf op",
    ),
    DemoAction(
        organisation="Fictieve Sectorfederatie Technologie vzw",
        action_type="gezamenlijk-project",
        title="Samen een slimme stadstuin bouwen",
        summary="Een schooljaar lang bouwen leerlingen met bedrijven een tuin die zichzelf "
        "water geeft.",
        description="Scholen en bedrijven vormen duo's. Elke maand werken de leerlingen een "
        "deel uit: sensoren, pompen, een app. In mei tonen alle duo's hun tuin.",
        subregions=("brussel", "halle-vilvoorde"),
        location="Brussel en Vlaams-Brabant",
        audiences=("secundair-tso", "secundair-aso"),
        disciplines=("technologie", "engineering", "ict"),
        timing=Action.Timing.PERIOD,
        starts_in=60,
        lasts=240,
        places=12,
        participation=Action.Participation.LINK,
        participation_url="https://sectorfederatie-technologie.example/stadstuin",
        partners=("Fictieve Universiteit van Zonnedal",),
        image=("leaf", "Een plant in een bak met een vochtsensor en een kabel."),
    ),
    DemoAction(
        organisation="Demo Opleidingsfonds Bouw vzw",
        action_type="doelgroepinitiatief",
        title="Bouwdag voor vrouwen die van job willen veranderen",
        summary="Een dag proeven van metselen, elektriciteit en bouwplannen lezen.",
        description="Voor vrouwen die werk zoeken of van job willen veranderen. Je werkt in "
        "kleine groepen met vakvrouwen. Kinderopvang is mogelijk.",
        subregions=("leuven",),
        location="Opleidingscentrum, Leuven",
        audiences=("werkzoekenden", "meisjes-vrouwen", "volwassenen"),
        disciplines=("engineering", "technologie"),
        starts_in=35,
        places=16,
        status=SUBMITTED,
    ),
    DemoAction(
        organisation="Demo STEM-academie De Vonk vzw",
        action_type="stem-academie-activiteit",
        title="Woensdagclub: bouw je eigen weerstation",
        summary="Zes woensdagnamiddagen bouwen en programmeren, en dan meten wat het weer doet.",
        description="Een traject van zes namiddagen voor kinderen van 10 tot 12 jaar. Ze "
        "solderen, programmeren en zetten hun metingen online.",
        subregions=("dendermonde",),
        location="Jeugdhuis, Dendermonde",
        audiences=("lager-onderwijs",),
        disciplines=("wetenschappen", "ict", "wiskunde"),
        timing=Action.Timing.PERIOD,
        starts_in=14,
        lasts=35,
        places=8,
        image=("sun", "Een zelfgebouwd weerstation met een windmeter en een zon."),
    ),
    DemoAction(
        organisation="Demo Onderzoekscentrum Nanolab vzw",
        action_type="lerarenopleiding",
        title="Nascholing: chips en sensoren in de klas",
        summary="Een dag voor leraren fysica en techniek over halfgeleiders, met lesmateriaal.",
        description="In de voormiddag uitleg en een rondleiding in de cleanroom, in de "
        "namiddag maak je zelf een les met onze experimenteerkit.",
        subregions=("leuven",),
        location="Kapeldreef 99, Leuven",
        audiences=("leraren",),
        disciplines=("wetenschappen", "technologie"),
        starts_in=50,
        places=20,
        participation=Action.Participation.LINK,
        participation_url="https://nanolab.example/nascholing",
        status=SUBMITTED,
    ),
    DemoAction(
        organisation="Voorbeeld Wetenschapsmuseum Zonnedal",
        action_type="opendag",
        title="Nacht van de wiskunde",
        summary="Een avond vol puzzels, codes kraken en spelletjes met getallen.",
        description="Voor tieners en hun ouders. Wie alle puzzels oplost, wint een ticket "
        "voor het museum.",
        subregions=("gent",),
        location="Museumplein 1, Gent",
        audiences=("secundair-aso", "volwassenen"),
        disciplines=("wiskunde",),
        starts_in=20,
        places=120,
        status=CHANGES,
    ),
    DemoAction(
        organisation="Voorbeeld Chemie nv",
        action_type="doelgroepinitiatief",
        title="Labodag voor meisjes uit het secundair",
        summary="Een dag in ons labo, samen met je leraar: proeven, metingen en een gesprek "
        "met onze onderzoeksters.",
        description="Schrijf je in met je klas. We zorgen voor labojassen en veiligheidsbrillen.",
        subregions=("arrondissement-antwerpen", "mechelen"),
        location="Haven 1234, Antwerpen",
        audiences=("secundair-aso", "secundair-tso", "meisjes-vrouwen"),
        disciplines=("wetenschappen",),
        starts_in=75,
        places=30,
        status=REVISED,
    ),
    DemoAction(
        organisation="Voorbeeld Chemie nv",
        action_type="bedrijfsbezoek",
        title="Bedrijfsbezoek voor leraren chemie",
        summary="Een rondleiding voor leraren, met ideeën om de haven naar de klas te brengen.",
        description="Nog in voorbereiding.",
        subregions=("arrondissement-antwerpen",),
        location="Haven 1234, Antwerpen",
        audiences=("leraren",),
        disciplines=("wetenschappen",),
        timing=Action.Timing.ON_REQUEST,
        status=DRAFT,
    ),
    DemoAction(
        organisation="Demo Basisschool De Regenboog",
        action_type="gezamenlijk-project",
        title="STEM-week met ouders van beroep",
        summary="Ouders tonen een week lang hun beroep in de klas: van programmeur tot loodgieter.",
        description="Elke dag twee ouders, elke klas een proefje. Vorig jaar deden 14 ouders mee.",
        subregions=("eeklo",),
        location="Basisschool De Regenboog, Eeklo",
        audiences=("lager-onderwijs",),
        disciplines=("wetenschappen", "technologie"),
        timing=Action.Timing.PERIOD,
        starts_in=-60,
        lasts=5,
    ),
)

STORIES: tuple[DemoStory, ...] = (
    DemoStory(
        organisation="Fictieve Sectorfederatie Technologie vzw",
        kind=Story.Kind.COLLABORATION,
        title="Een school en een bedrijf bouwen samen een stadstuin",
        summary="Hoe leerlingen elektromechanica en ingenieurs een tuin lieten denken.",
        body="## Hoe het begon\n\nEen leraar vroeg of een bedrijf kon helpen met sensoren. "
        "Een jaar later staat er een tuin die zichzelf water geeft.\n\n## Wat we leerden\n\n"
        "- Begin klein\n- Spreek vaste momenten af\n- Laat de leerlingen presenteren",
        subregions=("brussel",),
        organisations=("Fictieve Universiteit van Zonnedal",),
        actions=("Samen een slimme stadstuin bouwen",),
        image=("leaf", "Een plant in een bak met een vochtsensor en een kabel."),
    ),
    DemoStory(
        organisation="Demo STEM-academie De Vonk vzw",
        kind=Story.Kind.YOUTH,
        title="Amira (11) bouwde haar eerste weerstation",
        summary="“Ik wist niet dat ik kon solderen. Nu meet ik elke dag de wind.”",
        body="Amira kwam naar de woensdagclub omdat haar vriendin meeging. Na zes weken "
        "stond er een weerstation op het dak van het jeugdhuis.\n\n> Ik wil later "
        "weervrouw worden. Of robots bouwen.",
        subregions=("dendermonde",),
        actions=("Woensdagclub: bouw je eigen weerstation",),
    ),
    DemoStory(
        organisation="Demo Basisschool De Regenboog",
        kind=Story.Kind.PRACTICE,
        title="Zo organiseer je een STEM-week met ouders",
        summary="Een draaiboek van een basisschool: van de eerste brief tot de slotshow.",
        body="1. Vraag in september welke ouders willen meedoen.\n2. Koppel elke ouder aan "
        "een klas.\n3. Zorg voor een proefje dat kinderen zelf doen.\n\nHet werkt het best "
        "als de ouders vertellen wat ze elke dag doen.",
        subregions=("eeklo",),
        actions=("STEM-week met ouders van beroep",),
    ),
    DemoStory(
        organisation="Voorbeeld Wetenschapsmuseum Zonnedal",
        kind=Story.Kind.PRACTICE,
        title="Wiskunde die je kan vastpakken",
        summary="Hoe een museum wiskunde tastbaar maakt met puzzels en spelletjes.",
        body="We maakten tien puzzels die je met je handen oplost. Bezoekers blijven er "
        "gemiddeld twintig minuten bij staan.",
        subregions=("gent",),
        status=SUBMITTED,
    ),
    DemoStory(
        organisation="Demo Robotica Werkplaats bv",
        kind=Story.Kind.COLLABORATION,
        title="Leerlingen programmeren de sorteerrobot van morgen",
        summary="Een klas uit Kortrijk schreef de software voor onze nieuwe koekjesrobot.",
        body="Tijdens een project van drie maanden programmeerden leerlingen uit het "
        "zesde jaar een robot die gebroken koekjes herkent.",
        subregions=("kortrijk",),
        actions=("Opendag: programmeer zelf een robotarm",),
        image=("gear", "Een robotarm met een grijper, getekend met tandwielen."),
    ),
)

CHANGES_COMMENT = "Vermeld het beginuur en het einduur, en voor welke leeftijd de puzzels zijn."


def demo_picture(motif: str, *, seed: int) -> SimpleUploadedFile:
    """A simple drawing (no people), so the demo shows images without anyone's likeness."""
    colours = {
        "flask": ("#0b6e4f", "#c8f2dc"),
        "gear": ("#1d3557", "#f1faee"),
        "wind": ("#1565c0", "#e3f2fd"),
        "leaf": ("#2e7d32", "#f1f8e9"),
        "sun": ("#b45309", "#fff7e6"),
    }
    ink, paper = colours.get(motif, ("#333333", "#eeeeee"))
    image = Image.new("RGB", (1600, 1000), paper)
    draw = ImageDraw.Draw(image)
    for step in range(6):
        offset = 120 + step * 90 + seed * 7
        draw.ellipse(
            (offset, 200 + step * 40, offset + 500, 700 + step * 40), outline=ink, width=14
        )
    draw.rectangle((0, 880, 1600, 1000), fill=ink)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return SimpleUploadedFile(f"{motif}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _reviewer_for(item, *, contact_point: User, coordinator: User) -> User:
    if item.subregions.filter(contact_points=contact_point).exists():
        return contact_point
    return coordinator


def _verdicts(criteria_set: CriteriaSet, *, not_met: str | None = None) -> list[AssessmentData]:
    verdicts = []
    for position, criterion in enumerate(criteria_set.criteria.all()):
        if not_met and position == 0:
            verdicts.append(AssessmentData(criterion.pk, Assessment.Result.NOT_MET, not_met))
        elif position % 3 == 2:
            verdicts.append(AssessmentData(criterion.pk, Assessment.Result.NOT_APPLICABLE))
        else:
            verdicts.append(AssessmentData(criterion.pk, Assessment.Result.MET))
    return verdicts


def _run_review(item, *, status: str, author: User, reviewer: User, criteria_set) -> None:
    if status == DRAFT:
        return
    review_submit(item=item, by=author)
    if status == SUBMITTED:
        return
    review_start(item=item, by=reviewer)
    if status == CHANGES:
        review_decide(
            item=item,
            by=reviewer,
            decision="request_changes",
            criteria_set=criteria_set,
            assessments=_verdicts(criteria_set, not_met=CHANGES_COMMENT),
        )
        return
    review_decide(
        item=item,
        by=reviewer,
        decision="publish",
        criteria_set=criteria_set,
        assessments=_verdicts(criteria_set),
    )


def demo_content_load(*, coordinator: User, contact_point: User) -> tuple[int, int]:
    """Create the demo actions and stories; returns how many of each."""
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    subregions = {subregion.slug: subregion for subregion in Subregion.objects.all()}
    types = {action_type.slug: action_type for action_type in ActionType.objects.all()}
    audiences = {audience.slug: audience for audience in Audience.objects.all()}
    disciplines = {discipline.slug: discipline for discipline in Discipline.objects.all()}
    criteria_sets = list(criteria_sets_current().order_by("key"))
    today = date.today()
    created_actions: dict[str, Action] = {}

    for index, item in enumerate(ACTIONS):
        organisation = organisations[item.organisation]
        author = organisation.memberships.order_by("pk").first().user
        dated = item.timing != Action.Timing.ON_REQUEST
        start = today + timedelta(days=item.starts_in) if dated else None
        end = None if start is None else start + timedelta(days=item.lasts - 1)
        action = action_create(
            organisation=organisation,
            by=author,
            data={
                "title": item.title,
                "summary": item.summary,
                "description": item.description,
                "action_type": types[item.action_type],
                "subregions": [subregions[slug] for slug in item.subregions],
                "location": item.location,
                "audiences": [audiences[slug] for slug in item.audiences],
                "disciplines": [disciplines[slug] for slug in item.disciplines],
                "partners": [organisations[name] for name in item.partners],
                "timing": item.timing,
                "start_date": start,
                "end_date": end,
                "places": item.places,
                "group_min": item.group_min,
                "group_max": item.group_max,
                "cost": item.cost,
                "participation": item.participation,
                "participation_url": item.participation_url,
                "participation_email": item.participation_email,
            },
        )
        if item.image:
            motif, alt_text = item.image
            image_add(
                owner=action,
                file=demo_picture(motif, seed=index),
                alt_text=alt_text,
                minors_recognisable=False,
                consent_confirmed=False,
                by=author,
            )
        reviewer = _reviewer_for(action, contact_point=contact_point, coordinator=coordinator)
        # The set made for its action type, as a reviewer would start with.
        criteria_set = criteria_set_suggested(item=action, criteria_sets=criteria_sets)
        status = PUBLISHED if item.status == REVISED else item.status
        _run_review(
            action, status=status, author=author, reviewer=reviewer, criteria_set=criteria_set
        )
        if item.status == REVISED:
            copy = revision_start(item=Action.objects.get(pk=action.pk), by=author)
            action_update(
                action=copy, by=author, data={"summary": item.summary + " Nu ook in Mechelen."}
            )
            review_submit(item=copy, by=author)
        created_actions[item.title] = action

    for index, item in enumerate(STORIES):
        organisation = organisations[item.organisation]
        author = organisation.memberships.order_by("pk").first().user
        story = story_create(
            organisation=organisation,
            by=author,
            data={
                "title": item.title,
                "kind": item.kind,
                "summary": item.summary,
                "body": item.body,
                "subregions": [subregions[slug] for slug in item.subregions],
                "organisations": [organisations[name] for name in item.organisations],
                "actions": [created_actions[title] for title in item.actions],
            },
        )
        if item.image:
            motif, alt_text = item.image
            image_add(
                owner=story,
                file=demo_picture(motif, seed=index + 20),
                alt_text=alt_text,
                minors_recognisable=False,
                consent_confirmed=False,
                by=author,
            )
        reviewer = _reviewer_for(story, contact_point=contact_point, coordinator=coordinator)
        _run_review(
            story,
            status=item.status,
            author=author,
            reviewer=reviewer,
            criteria_set=criteria_set_suggested(item=story, criteria_sets=criteria_sets),
        )
    _demo_registrations(created_actions)
    return len(ACTIONS), len(STORIES)


# Registrations for the company visit (25 places): two classes and a teacher fill it, a third
# class and a pupil wait (the demo's "action with registrations and a waitlist").
DEMO_REGISTRATIONS = (
    ("Mevr. Claes", "claes@demo.stem-charter.test", "5 Bouw A", 12, 1),
    ("Dhr. Wouters", "wouters@demo.stem-charter.test", "5 Bouw B", 10, 1),
    ("Lotte Maes", "lotte@demo.stem-charter.test", "", 0, 0),
    ("Mevr. Janssens", "janssens@demo.stem-charter.test", "6 Hout", 18, 2),
    ("Sam Peeters", "sam@demo.stem-charter.test", "", 0, 0),
)


def _demo_registrations(created_actions: dict[str, Action]) -> None:
    action = Action.objects.get(
        pk=created_actions["Werfbezoek: zo bouw je een energieneutrale school"].pk
    )
    for name, email, group, pupils, adults in DEMO_REGISTRATIONS:
        registration = registration_create(
            item=action,
            kind="group" if group else "individual",
            name=name,
            email=email,
            group_name=group,
            pupils=pupils,
            adults=adults,
        )
        registration_confirm(registration=registration)
