"""Fictional demo data for the one-command start, loaded by ``manage.py seed_demo``.

Every organisation, person and email address here is invented: names carry "Voorbeeld",
"Demo" or "Fictief", websites use the reserved ``.example`` domain and email addresses the
reserved ``demo.stem-charter.test`` domain. Everything is created through the services, so the
demo goes through the same rules (and leaves the same audit trail) as real use.
"""

import io
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from stemcharter.accounts.models import User
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import CharterVersion, Signature
from stemcharter.charter.services import (
    CommitmentData,
    SignerData,
    charter_version_publish,
    signature_approve,
    signature_reject,
    signature_submit,
    signature_withdraw,
)
from stemcharter.opendata.exports import open_data_build
from stemcharter.organisations.models import Category, Organisation
from stemcharter.regions.models import Subregion
from stemcharter.regions.services import contact_point_add
from stemcharter.vocabulary.models import ActionType, Sector

from .demo_content import demo_content_load
from .demo_event_signatures import demo_event_signatures_load
from .demo_events import demo_events_load
from .demo_outreach import demo_outreach_load
from .demo_progress import demo_progress_load
from .demo_support import demo_support_load

DEMO_DOMAIN = "demo.stem-charter.test"
# Printed by scripts/start for the demo logins on purpose; never used outside the demo data.
DEMO_PASSWORD = "demo-stem-2026"  # noqa: S105  # nosec B105
COORDINATOR_EMAIL = f"coordinator@{DEMO_DOMAIN}"
SIGNATORY_EMAIL = f"ondertekenaar@{DEMO_DOMAIN}"
CONTACT_POINT_EMAIL = f"contactpunt@{DEMO_DOMAIN}"
CONTACT_POINT_SUBREGIONS = ("gent", "leuven")
# More contact points, so that region pages show them (they cannot log in): (email local part,
# name, their subregions, whether they show their email address on the region page).
REGIONAL_CONTACT_POINTS = (
    ("contactpunt-antwerpen", "Sara Janssens", ("arrondissement-antwerpen", "mechelen"), True),
    ("contactpunt-kortrijk", "Pieter Vermeulen", ("kortrijk", "roeselare"), False),
    ("contactpunt-hasselt", "Lotte Claes", ("hasselt",), True),
    ("contactpunt-brugge", "Tom De Smet", ("brugge", "oostende"), False),
    ("contactpunt-brussel", "Nadia El Amrani", ("brussel",), True),
)
CHARTER_FILE = Path(__file__).parent / "demo" / "charter.md"
# uuid5 in this namespace gives each demo organisation a fixed submission key (posted twice = once).
SUBMISSION_NAMESPACE = uuid.UUID("5d1c9e62-3b7a-4f0e-9a51-7c2f4e8b1d30")

APPROVED = Signature.Status.APPROVED
SUBMITTED = Signature.Status.SUBMITTED
AWAITING_EMAIL = Signature.Status.AWAITING_EMAIL
REJECTED = Signature.Status.REJECTED
WITHDRAWN = Signature.Status.WITHDRAWN

REJECTION_REASON = (
    "De engagementen zijn nog te algemeen. Beschrijf minstens één concrete actie, met een "
    "periode en een doelgroep, en dien daarna opnieuw in."
)
WITHDRAWAL_REASON = "We bouwen onze STEM-werking af en kunnen de engagementen niet meer waarmaken."


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    category: str
    sector: str  # Sector slug (seeded by the organisations data migration)
    subregions: tuple[str, ...]  # Subregion slugs (seeded by the regions data migration)
    description: str
    website: str
    signer: tuple[str, str, str]  # name, function, local part of the email address
    commitments: tuple[tuple[tuple[str, ...], str], ...]  # (ActionType slugs, own words)
    status: str = APPROVED
    days_ago: int = 30  # approval date (or submission date while it waits), in days ago
    logo: bool = True


ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    # Companies, institutions and services
    DemoOrganisation(
        name="Voorbeeld Chemie nv",
        category=Category.COMPANY,
        sector="chemie-life-sciences",
        subregions=("arrondissement-antwerpen", "mechelen"),
        description="Fictief chemiebedrijf in de haven dat kunststoffen recycleert.",
        website="https://voorbeeld-chemie.example",
        signer=("Demo Ondertekenaar", "Zaakvoerder", "ondertekenaar"),
        commitments=(
            (("stage", "bedrijfsbezoek"), "Elk jaar tien stageplaatsen voor studenten chemie."),
            (
                ("doelgroepinitiatief",),
                "Een labodag voor meisjes uit het secundair onderwijs, samen met hun leraren.",
            ),
        ),
        days_ago=320,
    ),
    DemoOrganisation(
        name="Demo Robotica Werkplaats bv",
        category=Category.COMPANY,
        sector="technologische-industrie",
        subregions=("kortrijk", "roeselare"),
        description="Fictieve bouwer van robotarmen voor de voedingsindustrie.",
        website="https://robotica-werkplaats.example",
        signer=("Lotte Verbeke", "HR-verantwoordelijke", "lotte.verbeke"),
        commitments=(
            (("opendag",), "Twee keer per jaar een opendag met robots die je zelf programmeert."),
        ),
        days_ago=290,
    ),
    DemoOrganisation(
        name="Fictieve Bouwgroep Zandsteen nv",
        category=Category.COMPANY,
        sector="bouw",
        subregions=("hasselt",),
        description="Fictief bouwbedrijf dat werkt aan energiezuinige scholen.",
        website="https://bouwgroep-zandsteen.example",
        signer=("Tom Claes", "Directeur", "tom.claes"),
        commitments=(
            (("bedrijfsbezoek", "stage"), "Werfbezoeken voor leerlingen bouw en houtbewerking."),
        ),
        days_ago=260,
    ),
    DemoOrganisation(
        name="Voorbeeld Energie Windkracht cv",
        category=Category.COMPANY,
        sector="energie",
        subregions=("oostende", "veurne"),
        description="Fictieve coöperatie die windmolens op zee onderhoudt.",
        website="https://energie-windkracht.example",
        signer=("Nina Maes", "Communicatieverantwoordelijke", "nina.maes"),
        commitments=(
            (("expert-gastles",), "Onze technici geven gastlessen over hernieuwbare energie."),
            (("gezamenlijk-project",), "Een klasproject waarin leerlingen een windturbine bouwen."),
        ),
        days_ago=230,
    ),
    DemoOrganisation(
        name="Demo Softwarehuis Pixelbrug bv",
        category=Category.COMPANY,
        sector="ict-digitaal",
        subregions=("gent",),
        description="Fictief softwarebedrijf dat apps bouwt voor de zorg.",
        website="https://pixelbrug.example",
        signer=("Ruben De Smet", "CTO", "ruben.desmet"),
        commitments=((("stage",), "Zomerstages voor studenten informatica."),),
        status=WITHDRAWN,
        days_ago=200,
    ),
    DemoOrganisation(
        name="Fictieve Voedingsfabriek De Gerstkorrel nv",
        category=Category.COMPANY,
        sector="voeding",
        subregions=("aalst", "dendermonde"),
        description="Fictieve fabriek van ontbijtgranen met een eigen proefkeuken.",
        website="https://gerstkorrel.example",
        signer=("Ilse Wouters", "Productieleider", "ilse.wouters"),
        commitments=(
            (("bedrijfsbezoek",), "Rondleidingen in de fabriek voor het technisch onderwijs."),
        ),
        days_ago=180,
    ),
    DemoOrganisation(
        name="Voorbeeld Textiellab bv",
        category=Category.COMPANY,
        sector="textiel",
        subregions=("kortrijk", "tielt"),
        description="Fictief labo dat slimme textielvezels ontwikkelt.",
        website="https://textiellab.example",
        signer=("Demo Ondertekenaar", "Zaakvoerder", "ondertekenaar"),
        commitments=(
            (
                ("schoolondersteuning-materiaal",),
                "We schenken stalen en meetmateriaal aan scholen die rond textiel werken.",
            ),
        ),
        status=SUBMITTED,
        days_ago=2,
    ),
    DemoOrganisation(
        name="Demo Meubelmakerij Eikenhout",
        category=Category.COMPANY,
        sector="hout-meubel",
        subregions=("tielt",),
        description="Fictieve meubelmakerij die met computergestuurde machines werkt.",
        website="https://meubelmakerij-eikenhout.example",
        signer=("Jef Vandamme", "Zaakvoerder", "jef.vandamme"),
        commitments=((("stage",), "Stageplaatsen voor leerlingen hout in het duaal leren."),),
        status=AWAITING_EMAIL,
        days_ago=1,
    ),
    DemoOrganisation(
        name="Fictief Logistiek Centrum Scheldehaven nv",
        category=Category.COMPANY,
        sector="logistiek-mobiliteit",
        subregions=("sint-niklaas",),
        description="Fictief distributiecentrum met zelfrijdende heftrucks.",
        website="https://scheldehaven-logistiek.example",
        signer=("Karim El Amrani", "Operationeel directeur", "karim.elamrani"),
        commitments=((("opendag",), "We doen mee aan STEM."),),
        status=REJECTED,
        days_ago=12,
    ),
    DemoOrganisation(
        name="Demo Zorgcampus Het Lindehof vzw",
        category=Category.COMPANY,
        sector="zorg-welzijn",
        subregions=("mechelen",),
        description="Fictief ziekenhuis dat laat zien hoeveel technologie er in de zorg zit.",
        website="https://zorgcampus-lindehof.example",
        signer=("Hanne Jacobs", "Directeur zorg", "hanne.jacobs"),
        commitments=(
            (("bedrijfsbezoek", "expert-gastles"), "Een kijkje achter de schermen van ons labo."),
        ),
        days_ago=150,
    ),
    DemoOrganisation(
        name="Demo Onderzoekscentrum Nanolab vzw",
        category=Category.COMPANY,
        sector="onderzoek-innovatie",
        subregions=("leuven",),
        description="Fictief onderzoekscentrum voor chips en sensoren.",
        website="https://nanolab.example",
        signer=("Pieter Goossens", "Onderzoeksleider", "pieter.goossens"),
        commitments=(
            (("stage",), "Thesisstages voor masterstudenten ingenieurswetenschappen."),
            (("lerarenopleiding",), "Een nascholing over halfgeleiders voor leraren fysica."),
        ),
        days_ago=95,
    ),
    DemoOrganisation(
        name="Voorbeeld Ingenieursbureau Brugwerk bv",
        category=Category.COMPANY,
        sector="technologische-industrie",
        subregions=("brugge",),
        description="Fictief ingenieursbureau dat bruggen en sluizen ontwerpt.",
        website="https://brugwerk.example",
        signer=("Elke Martens", "Partner", "elke.martens"),
        commitments=((("gezamenlijk-project",), "Een bruggenbouwwedstrijd voor de derde graad."),),
        days_ago=40,
        logo=False,
    ),
    # Social partners and (inter)sectoral organisations
    DemoOrganisation(
        name="Fictieve Sectorfederatie Technologie vzw",
        category=Category.SOCIAL_PARTNER,
        sector="sociale-partners",
        subregions=("brussel",),
        description="Fictieve federatie van technologiebedrijven.",
        website="https://sectorfederatie-technologie.example",
        signer=("Marc Hermans", "Gedelegeerd bestuurder", "marc.hermans"),
        commitments=(
            (("gezamenlijk-project",), "We brengen onze leden samen met scholen in de regio."),
        ),
        days_ago=380,
    ),
    DemoOrganisation(
        name="Demo Opleidingsfonds Bouw vzw",
        category=Category.SOCIAL_PARTNER,
        sector="bouw",
        subregions=("halle-vilvoorde", "leuven"),
        description="Fictief opleidingsfonds dat leraren bouw bijschoolt.",
        website="https://opleidingsfonds-bouw.example",
        signer=("Greet Lambrechts", "Coördinator opleidingen", "greet.lambrechts"),
        commitments=(
            (("lerarenopleiding",), "Jaarlijks drie nascholingen over nieuwe bouwtechnieken."),
        ),
        days_ago=210,
    ),
    DemoOrganisation(
        name="Voorbeeld Werkgeversnetwerk Limburg vzw",
        category=Category.SOCIAL_PARTNER,
        sector="sociale-partners",
        subregions=("tongeren", "hasselt", "maaseik"),
        description="Fictief netwerk van werkgevers dat werkzoekenden naar techniek leidt.",
        website="https://werkgeversnetwerk.example",
        signer=("Bart Vos", "Voorzitter", "bart.vos"),
        commitments=(
            (("doelgroepinitiatief",), "Proefdagen in techniek voor werkzoekenden en nieuwkomers."),
        ),
        days_ago=120,
    ),
    # Education and training institutions and their groupings
    DemoOrganisation(
        name="Demo Basisschool De Regenboog",
        category=Category.EDUCATION,
        sector="onderwijs-vorming",
        subregions=("eeklo",),
        description="Fictieve basisschool met een wekelijkse knutsel- en proefjesnamiddag.",
        website="https://basisschool-regenboog.example",
        signer=("Leen De Wilde", "Directeur", "leen.dewilde"),
        commitments=(
            (("gezamenlijk-project",), "Elk jaar een STEM-week met ouders die hun beroep tonen."),
        ),
        days_ago=170,
    ),
    DemoOrganisation(
        name="Fictief Technisch Atheneum Polderland",
        category=Category.EDUCATION,
        sector="onderwijs-vorming",
        subregions=("veurne", "diksmuide"),
        description="Fictieve secundaire school met richtingen elektromechanica en bouw.",
        website="https://atheneum-polderland.example",
        signer=("Wim Desmet", "Directeur", "wim.desmet"),
        commitments=(
            (("opendag",), "Een opendag waar leerlingen van de basisschool zelf solderen."),
            (("doelgroepinitiatief",), "Een techniekkamp voor meisjes van het zesde leerjaar."),
        ),
        days_ago=140,
    ),
    DemoOrganisation(
        name="Voorbeeld Hogeschool Noorderkempen",
        category=Category.EDUCATION,
        sector="onderwijs-vorming",
        subregions=("turnhout",),
        description="Fictieve hogeschool met opleidingen in elektronica en informatica.",
        website="https://hogeschool-noorderkempen.example",
        signer=("Katrien Aerts", "Departementshoofd techniek", "katrien.aerts"),
        commitments=(
            (("lerarenopleiding", "expert-gastles"), "Onze docenten ondersteunen leraren STEM."),
        ),
        days_ago=110,
    ),
    DemoOrganisation(
        name="Fictieve Universiteit van Zonnedal",
        category=Category.EDUCATION,
        sector="onderzoek-innovatie",
        subregions=("leuven", "brussel"),
        description="Fictieve universiteit met een faculteit ingenieurswetenschappen.",
        website="https://universiteit-zonnedal.example",
        signer=("Prof. Dirk Demeyer", "Vicerector onderwijs", "dirk.demeyer"),
        commitments=(
            (("stem-academie-activiteit",), "Een zaterdagacademie wiskunde voor het secundair."),
        ),
        days_ago=70,
    ),
    DemoOrganisation(
        name="Voorbeeld Scholengroep Maasland",
        category=Category.EDUCATION,
        sector="onderwijs-vorming",
        subregions=("maaseik",),
        description="Fictieve scholengroep van acht scholen langs de Maas.",
        website="https://scholengroep-maasland.example",
        signer=("Sofie Peeters", "Algemeen directeur", "sofie.peeters"),
        commitments=(
            (("lerarenopleiding",), "Een lerend netwerk voor alle leraren STEM van de groep."),
        ),
        status=SUBMITTED,
        days_ago=4,
    ),
    # STEM academies and other initiatives
    DemoOrganisation(
        name="Demo STEM-academie De Vonk vzw",
        category=Category.STEM_ACADEMY,
        sector="wetenschapscommunicatie",
        subregions=("dendermonde", "sint-niklaas"),
        description="Fictieve STEM-academie met naschoolse ateliers voor 10 tot 14 jaar.",
        website="https://stem-academie-vonk.example",
        signer=("Yasmine Bouzid", "Coördinator", "yasmine.bouzid"),
        commitments=(
            (("stem-academie-activiteit",), "Wekelijkse ateliers elektronica en programmeren."),
            (("doelgroepinitiatief",), "Gratis plaatsen voor kinderen uit kwetsbare gezinnen."),
        ),
        days_ago=250,
    ),
    DemoOrganisation(
        name="Fictieve Codeerclub Bitjes vzw",
        category=Category.STEM_ACADEMY,
        sector="ict-digitaal",
        subregions=("ieper",),
        description="Fictieve codeerclub waar vrijwilligers kinderen leren programmeren.",
        website="https://codeerclub-bitjes.example",
        signer=("Arne Lemmens", "Vrijwilliger", "arne.lemmens"),
        commitments=(
            (("stem-academie-activiteit",), "Elke woensdag een codeerclub in de bibliotheek."),
        ),
        status=SUBMITTED,
        days_ago=3,
    ),
    DemoOrganisation(
        name="Voorbeeld Wetenschapsmuseum Zonnedal",
        category=Category.STEM_ACADEMY,
        sector="wetenschapscommunicatie",
        subregions=("oudenaarde", "gent"),
        description="Fictief doe-museum over wetenschap en techniek.",
        website="https://wetenschapsmuseum-zonnedal.example",
        signer=("Eva Van Acker", "Educatief medewerker", "eva.vanacker"),
        commitments=(
            (("schoolondersteuning-materiaal",), "Leskoffers met proefjes die scholen lenen."),
        ),
        days_ago=55,
    ),
    # Central government
    DemoOrganisation(
        name="Fictief Agentschap voor Innovatie en Werk",
        category=Category.CENTRAL_GOVERNMENT,
        sector="overheid",
        subregions=("brussel",),
        description="Fictief agentschap dat innovatieve bedrijven ondersteunt.",
        website="https://agentschap-innovatie.example",
        signer=("Jan Willems", "Administrateur-generaal", "jan.willems"),
        commitments=(
            (("gezamenlijk-project",), "Een oproep voor projecten tussen scholen en bedrijven."),
        ),
        days_ago=360,
        logo=False,
    ),
    DemoOrganisation(
        name="Demo Departement Onderwijs en Vorming",
        category=Category.CENTRAL_GOVERNMENT,
        sector="overheid",
        subregions=("brussel",),
        description="Fictief departement, alleen bedoeld voor de demo van dit platform.",
        website="https://departement-onderwijs.example",
        signer=("Ann Michiels", "Secretaris-generaal", "ann.michiels"),
        commitments=((("lerarenopleiding",), "Nascholing STEM-didactiek in elke provincie."),),
        days_ago=30,
    ),
    # Local government
    DemoOrganisation(
        name="Fictieve Gemeente Zonnedal",
        category=Category.LOCAL_GOVERNMENT,
        sector="overheid",
        subregions=("diksmuide",),
        description="Fictieve gemeente met een eigen maakplaats in de bibliotheek.",
        website="https://gemeente-zonnedal.example",
        signer=("Koen Vermeulen", "Schepen van onderwijs", "koen.vermeulen"),
        commitments=(
            (("doelgroepinitiatief",), "Een gratis maakplaats voor jongeren in de vakanties."),
        ),
        days_ago=85,
    ),
    DemoOrganisation(
        name="Demo Stad Kanaalstede",
        category=Category.LOCAL_GOVERNMENT,
        sector="overheid",
        subregions=("brugge", "oostende"),
        description="Fictieve stad die elk jaar een STEM-festival op de markt houdt.",
        website="https://stad-kanaalstede.example",
        signer=("Griet Dewulf", "Burgemeester", "griet.dewulf"),
        commitments=(
            (("opendag", "gezamenlijk-project"), "Een STEM-festival met alle scholen van de stad."),
        ),
        days_ago=20,
    ),
    DemoOrganisation(
        name="Voorbeeld Gemeente Wilgendaal",
        category=Category.LOCAL_GOVERNMENT,
        sector="overheid",
        subregions=("aalst",),
        description="Fictieve gemeente die buurtscholen met bedrijven wil koppelen.",
        website="https://gemeente-wilgendaal.example",
        signer=("Stijn Coppens", "Diensthoofd onderwijs", "stijn.coppens"),
        commitments=(
            (("gezamenlijk-project",), "Elke school in de gemeente krijgt een bedrijf als meter."),
        ),
        status=SUBMITTED,
        days_ago=6,
    ),
    # Individuals of special significance for STEM
    DemoOrganisation(
        name="Fien Voorbeeld (fictieve persoon)",
        category=Category.INDIVIDUAL,
        sector="wetenschapscommunicatie",
        subregions=("gent", "eeklo"),
        description="Fictieve wetenschapsjournaliste die over STEM-loopbanen schrijft.",
        website="https://fien-voorbeeld.example",
        signer=("Fien Voorbeeld", "Wetenschapsjournaliste", "fien.voorbeeld"),
        commitments=(
            (("expert-gastles",), "Tien gastlessen per jaar over vrouwen in de wetenschap."),
        ),
        days_ago=10,
        logo=False,
    ),
    DemoOrganisation(
        name="Jonas Demotier (fictieve persoon)",
        category=Category.INDIVIDUAL,
        sector="ict-digitaal",
        subregions=("arrondissement-antwerpen",),
        description="Fictieve ondernemer en youtuber die elektronica uitlegt.",
        website="https://jonas-demotier.example",
        signer=("Jonas Demotier", "Ondernemer", "jonas.demotier"),
        commitments=(
            (("expert-gastles", "doelgroepinitiatief"), "Workshops solderen in jeugdhuizen."),
        ),
        days_ago=5,
        logo=False,
    ),
)

LOGO_COLOURS = ("#1d4e89", "#00798c", "#d1495b", "#edae49", "#30638e", "#6a4c93", "#2e7d32")
# Every demo organisation name contains one of these (the tests check it).
NAME_MARKERS = ("voorbeeld", "demo", "fictie")
_LOGO_SKIP_WORDS = {"voorbeeld", "demo", "fictief", "fictieve", "van", "de", "het", "en"}


@dataclass(frozen=True)
class DemoDataResult:
    created: bool
    organisations: int = 0
    public: int = 0
    actions: int = 0
    stories: int = 0
    events: int = 0
    support_requests: int = 0
    partner_calls: int = 0
    prospects: int = 0
    progress_reports: int = 0


def demo_enterprise_number(index: int) -> str:
    """A fictional number with valid check digits: 0999 + four digits + 97 - (first 8 mod 97)."""
    first_eight = f"0999{index:04d}"
    return f"{first_eight}{97 - int(first_eight) % 97:02d}"


def demo_logo(*, name: str, index: int) -> SimpleUploadedFile:
    """A PNG of 240 by 120 pixels: a coloured background with the organisation's initials."""
    words = [w for w in name.split() if w[:1].isupper() and w.lower() not in _LOGO_SKIP_WORDS]
    initials = "".join(w[0] for w in words[:2]) if len(words) > 1 else (words or [name])[0][:2]
    initials = initials.upper()
    image = Image.new("RGB", (240, 120), LOGO_COLOURS[index % len(LOGO_COLOURS)])
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=56)
    left, top, right, bottom = draw.textbbox((0, 0), initials, font=font)
    position = ((240 - (right - left)) / 2 - left, (120 - (bottom - top)) / 2 - top)
    draw.text(position, initials, fill="#ffffff", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def demo_data_present() -> bool:
    """The demo coordinator account is the marker: it is created in the same transaction."""
    return User.objects.filter(email__iexact=COORDINATOR_EMAIL).exists()


def demo_data_load() -> DemoDataResult:
    """Load the demo data once; a second call keeps what is there and creates nothing.

    The services queue an email for each step. While seeding, tasks go to django-tasks'
    dummy backend (nothing runs, nothing is stored) and mail to the dummy backend, so the
    console shows no emails and the task worker finds none to send later. override_settings
    fires ``setting_changed``, on which django-tasks rebuilds its backends, both on the way in
    and on the way out.
    """
    if demo_data_present():
        return DemoDataResult(created=False)
    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
        ),
        transaction.atomic(),
    ):
        return _load()


def _demo_user(*, email_local: str, name: str, verified: bool = True, password=None) -> User:
    email = f"{email_local}@{DEMO_DOMAIN}"
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        # No accounts service exists for creating users outside the signup flow; the demo
        # signers get an unusable password (only the three printed logins can log in).
        user = User.objects.create_user(email=email, password=password, name=name, language="nl")
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def _load() -> DemoDataResult:
    coordinator = _demo_user(
        email_local="coordinator", name="Demo Coördinator", password=DEMO_PASSWORD
    )
    coordinator.is_coordinator = True
    coordinator.save(update_fields=["is_coordinator"])
    _demo_user(email_local="ondertekenaar", name="Demo Ondertekenaar", password=DEMO_PASSWORD)
    contact_point = _demo_user(
        email_local="contactpunt", name="Demo Contactpunt", password=DEMO_PASSWORD
    )
    for subregion in Subregion.objects.filter(slug__in=CONTACT_POINT_SUBREGIONS):
        if not subregion.contact_points.filter(pk=contact_point.pk).exists():
            contact_point_add(subregion=subregion, user=contact_point, by=coordinator)
    for email_local, name, slugs, email_public in REGIONAL_CONTACT_POINTS:
        person = _demo_user(email_local=email_local, name=name)
        if person.contact_point_email_public != email_public:
            person.contact_point_email_public = email_public
            person.save(update_fields=["contact_point_email_public"])
        for subregion in Subregion.objects.filter(slug__in=slugs).exclude(contact_points=person):
            contact_point_add(subregion=subregion, user=person, by=coordinator)

    if CharterVersion.objects.current() is None:
        # Only when no charter is published: never put the demo text above an official one.
        title, _, body = CHARTER_FILE.read_text(encoding="utf-8").partition("\n")
        version = charter_version_publish(
            title=title.removeprefix("#").strip(),
            body=body.strip() + "\n",
            by=coordinator,
            change_note="Demotekst, niet de officiële tekst van het STEM-charter.",
            is_demo=True,
        )
        # Demo history (see _load_organisation): published before the oldest demo signature.
        oldest = max(item.days_ago for item in ORGANISATIONS) + 30
        published_at = timezone.now() - timedelta(days=oldest)
        CharterVersion.objects.filter(pk=version.pk).update(
            created_at=published_at, published_at=published_at
        )
        AuditEntry.objects.for_object(version).update(created_at=published_at)

    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    subregions = {subregion.slug: subregion for subregion in Subregion.objects.all()}
    action_types = {action_type.slug: action_type for action_type in ActionType.objects.all()}
    now = timezone.now()
    created = 0
    for index, item in enumerate(ORGANISATIONS, start=1):
        if Organisation.objects.filter(name=item.name).exists():
            continue
        _load_organisation(
            item=item,
            index=index,
            coordinator=coordinator,
            sectors=sectors,
            subregions=subregions,
            action_types=action_types,
            now=now,
        )
        created += 1
    actions, stories = demo_content_load(coordinator=coordinator, contact_point=contact_point)
    events = demo_events_load(coordinator=coordinator, contact_point=contact_point)
    # A few signatories signed at the past STEM Doe-dag: its page names them.
    demo_event_signatures_load(coordinator=coordinator, domain=DEMO_DOMAIN)
    support = demo_support_load(contact_point=contact_point)
    outreach = demo_outreach_load(coordinator=coordinator, make_user=_demo_user)
    progress_reports = demo_progress_load(coordinator=coordinator)
    # The open-data files of the demo, so /open-data/ offers downloads at once (the worker
    # builds them again every day: manage.py build_open_data).
    open_data_build()
    return DemoDataResult(
        created=True,
        organisations=created,
        public=Organisation.objects.signatories().count(),
        actions=actions,
        stories=stories,
        events=events,
        support_requests=support.requests,
        partner_calls=support.partner_calls,
        prospects=outreach.prospects,
        progress_reports=progress_reports,
    )


# The town of a demo organisation: the main town of its first subregion.
DEMO_TOWNS = {"arrondissement-antwerpen": "Antwerpen", "halle-vilvoorde": "Vilvoorde"}


def demo_town(subregion_slug: str) -> str:
    """A plausible town for a demo organisation whose first subregion is ``subregion_slug``."""
    return DEMO_TOWNS.get(subregion_slug) or subregion_slug.title()


def _load_organisation(
    *, item: DemoOrganisation, index: int, coordinator: User, sectors, subregions, action_types, now
) -> None:
    signer_name, signer_function, email_local = item.signer
    signer = _demo_user(
        email_local=email_local, name=signer_name, verified=item.status != AWAITING_EMAIL
    )
    enterprise_number = (
        "" if item.category == Category.INDIVIDUAL else demo_enterprise_number(index)
    )
    signature, _ = signature_submit(
        submission_key=uuid.uuid5(SUBMISSION_NAMESPACE, item.name),
        signer=signer,
        signer_data=SignerData(name=signer_name, function=signer_function, email=signer.email),
        commitments=[
            CommitmentData(
                action_types=[action_types[slug] for slug in slugs], description=description
            )
            for slugs, description in item.commitments
        ],
        organisation_data={
            "name": item.name,
            "category": item.category,
            "sector": sectors[item.sector],
            "enterprise_number": enterprise_number,
            "website": item.website,
            "description": item.description,
            "logo": demo_logo(name=item.name, index=index) if item.logo else None,
            "subregions": [subregions[slug] for slug in item.subregions],
            "town": demo_town(item.subregions[0]),
        },
    )
    if item.status in (APPROVED, WITHDRAWN):
        signature_approve(signature=signature, by=coordinator)
    elif item.status == REJECTED:
        signature_reject(signature=signature, by=coordinator, reason=REJECTION_REASON)
    if item.status == WITHDRAWN:
        signature_withdraw(organisation=signature.organisation, by=signer, reason=WITHDRAWAL_REASON)

    demo_signature_backdate(signature, days_ago=item.days_ago, status=item.status, now=now)


def demo_signature_backdate(signature: Signature, *, days_ago: int, status: str, now) -> None:
    """Move a demo signature, its organisation and their audit entries ``days_ago`` back."""
    # Demo history: the services stamp everything "now". Spreading the dates over past months
    # makes "newest first" sorting and growth over time meaningful in the demo.
    decided_at = now - timedelta(days=days_ago)
    submitted_at = decided_at - timedelta(days=3)
    dates = {"created_at": submitted_at}
    if status == AWAITING_EMAIL:
        dates = {"created_at": decided_at}
    elif status == SUBMITTED:
        dates = {"created_at": decided_at, "submitted_at": decided_at}
    else:
        dates.update(submitted_at=submitted_at, decided_at=decided_at)
    if status == WITHDRAWN:
        dates["withdrawn_at"] = now - timedelta(days=7)
    Signature.objects.filter(pk=signature.pk).update(**dates)
    Organisation.objects.filter(pk=signature.organisation_id).update(created_at=dates["created_at"])
    # The same demo history in the audit trail: each entry on the date of what it records.
    entry_dates = {
        "organisations.organisation.created": dates["created_at"],
        "charter.signature.created": dates["created_at"],
        "charter.signature.submitted": dates.get("submitted_at"),
        "charter.signature.approved": dates.get("decided_at"),
        "charter.signature.rejected": dates.get("decided_at"),
        "charter.signature.withdrawn": dates.get("withdrawn_at"),
    }
    entries = AuditEntry.objects.for_object(signature) | AuditEntry.objects.for_object(
        signature.organisation
    )
    for code, date in entry_dates.items():
        if date is not None:
            entries.filter(code=code).update(created_at=date)
