"""The demo's events (``scripts/start``, through ``demo_data``): upcoming events of the
STEM-charter in several subregions (one for everyone, one for signatories only, one
cancelled), past ones (one closed with its report, a published practice-example story linked
from its page), and one a demo signatory proposed that waits for review. Written through
the events' services, as a contact point or the coordinator would in the back office."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from stemcharter.accounts.models import User
from stemcharter.events.models import Event
from stemcharter.events.services import (
    SessionRow,
    event_cancel,
    event_create,
    event_create_published,
)
from stemcharter.organisations.models import Membership, Organisation
from stemcharter.regions.models import Subregion
from stemcharter.registrations.models import Registration
from stemcharter.registrations.registry import RegistrationMode
from stemcharter.registrations.services import registration_create
from stemcharter.reviews.models import CriteriaSet
from stemcharter.reviews.services import review_decide, review_start, review_submit

from .demo_content import _verdicts, demo_picture
from .event_report import event_report_close


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# (title, subregion, days from today, start hour, hours, audience, capacity, venue, address,
#  online link, summary, sessions as (minutes after the start, title, speaker))
DEMO_EVENTS = (
    (
        "STEM-uitwisseling Gent (demo)",
        "gent",
        16,
        19,
        3,
        Event.Audience.PUBLIC,
        60,
        "Demozaal De Krook",
        "Voorbeeldplein 1, 9000 Gent",
        "",
        "Signatarissen uit het Gentse delen wat werkt om jongeren voor STEM te winnen.",
        (
            (0, "Welkom en kennismaking", "Demo Contactpunt"),
            (30, "Drie praktijkvoorbeelden", ""),
            (120, "Netwerkmoment", ""),
        ),
    ),
    (
        "Lerend netwerk STEM-leerkrachten Leuven (demo)",
        "leuven",
        23,
        14,
        2,
        Event.Audience.SIGNATORIES,
        25,
        "Voorbeeldschool Leuven",
        "Fictiestraat 12, 3000 Leuven",
        "",
        "Alleen voor leden van ondertekenaars: leerkrachten wisselen lesmateriaal uit.",
        ((0, "Lesmateriaal delen", "Demo Leerkracht"),),
    ),
    (
        "Online STEM-webinar: meisjes in technologie (demo)",
        "brugge",
        30,
        12,
        1,
        Event.Audience.PUBLIC,
        None,
        "",
        "",
        "https://webinar.voorbeeld.example/stem",
        "Een middagwebinar over wat werkt om meer meisjes voor technologie te winnen.",
        (),
    ),
    (
        "STEM-café Hasselt (demo, afgelast)",
        "hasselt",
        9,
        20,
        2,
        Event.Audience.PUBLIC,
        40,
        "Demo-café Het Voorbeeld",
        "Demostraat 5, 3500 Hasselt",
        "",
        "Een informeel café over STEM in de regio.",
        (),
    ),
    (
        "STEM-markt Kortrijk (demo)",
        "kortrijk",
        0,
        9,
        12,
        Event.Audience.PUBLIC,
        200,
        "Demohallen Kortrijk",
        "Voorbeeldlaan 20, 8500 Kortrijk",
        "",
        "Vandaag: scholen en bedrijven tonen hun STEM-projecten; je kunt hier het charter "
        "ondertekenen.",
        ((0, "Markt open", ""), (240, "Ondertekening van het charter", "Demo Coördinator")),
    ),
    (
        "STEM Doe-dag (demo)",
        "arrondissement-antwerpen",
        -45,
        10,
        6,
        Event.Audience.PUBLIC,
        300,
        "Demohal Antwerpen",
        "Voorbeeldkaai 100, 2000 Antwerpen",
        "",
        "De lancering van het STEM-charter: de eerste organisaties ondertekenden hier.",
        ((0, "Opening", "Demo Coördinator"), (60, "Ondertekening", "")),
    ),
    (
        "STEM-uitwisseling Gent, voorjaar (demo)",
        "gent",
        -120,
        19,
        2,
        Event.Audience.SIGNATORIES,
        50,
        "Demozaal De Krook",
        "Voorbeeldplein 1, 9000 Gent",
        "",
        "De vorige uitwisseling van de Gentse signatarissen.",
        (),
    ),
)
CANCELLED = "STEM-café Hasselt (demo, afgelast)"
# Seats on approval by its organiser; a demo member's application waits for a decision (the
# contact point's workspace lists it).
ON_APPROVAL = "Lerend netwerk STEM-leerkrachten Leuven (demo)"
# Closed with a report by its organiser; the report is published as a story.
REPORTED = "STEM-uitwisseling Gent, voorjaar (demo)"


def demo_events_load(*, coordinator: User, contact_point: User) -> int:
    """The demo events; returns how many it created (none when they are there already)."""
    if Event.objects.filter(title__contains="(demo").exists():
        return 0
    today = timezone.localdate()
    own = set(contact_point.contact_point_for.values_list("slug", flat=True))
    created = 0
    for (
        title,
        subregion_slug,
        days,
        hour,
        hours,
        audience,
        capacity,
        venue,
        address,
        online,
        summary,
        sessions,
    ) in DEMO_EVENTS:
        subregion = Subregion.objects.filter(slug=subregion_slug).first()
        if subregion is None:
            continue
        starts = _at(today + timedelta(days=days), hour)
        by = contact_point if subregion_slug in own else coordinator
        event = event_create_published(
            by=by,
            past_allowed=True,  # the demo shows past events too
            data={
                "title": title,
                "summary": summary,
                "description": f"{summary}\n\n- Gratis\n- Fictief evenement voor de demo",
                "venue_name": venue,
                "venue_address": address,
                "online_url": online,
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=hours),
                "audience": audience,
                "capacity": capacity,
                # None for an event that runs today: registering stays open until it starts.
                "registration_deadline": (
                    starts - timedelta(days=1) if capacity and days > 0 else None
                ),
                **(
                    {"registration_mode": RegistrationMode.ON_APPROVAL}
                    if title == ON_APPROVAL
                    else {}
                ),
                "subregions": [subregion],
            },
            sessions=[
                SessionRow(starts_at=starts + timedelta(minutes=minutes), title=name, speaker=who)
                for minutes, name, who in sessions
            ],
        )
        if title == REPORTED:
            _report(event, by=by, reviewer=coordinator)
        elif days < 0:
            Event.objects.filter(pk=event.pk).update(event_status=Event.Status.FINISHED)
        if title == CANCELLED:
            event_cancel(event=event, by=by, reason="Te weinig inschrijvingen (demo).")
        if title == ON_APPROVAL:
            _application(event)
        created += 1
    created += _proposal(today)
    return created


def _report(event: Event, *, by: User, reviewer: User) -> None:
    """Its organiser closes ``event`` with a report (a demo signatory of its region tells
    it, with a photo); the coordinator publishes the story."""
    signatories = Organisation.objects.signatories().filter(subregions__in=event.subregions.all())
    organisations = list(signatories.distinct().order_by("pk")[:3])
    if not organisations:
        return
    story, _new = event_report_close(
        event=event,
        by=by,
        attendance=42,
        highlights=(
            "- Drie scholen toonden hoe ze hun STEM-projecten met bedrijven uit de buurt "
            "opzetten.\n- Twee nieuwe samenwerkingen rond stages kwamen tot stand."
        ),
        lessons=(
            "Meer tijd voorzien voor het netwerkmoment: de gesprekken liepen uit. "
            "Volgende keer vragen we de sprekers hun voorbeelden vooraf te delen."
        ),
        organisations=organisations,
        author=organisations[0],
        photo={
            "file": demo_picture("gear", seed=4),
            "alt_text": "Een tekening van tandwielen: het logo van de uitwisseling (demo).",
            "caption": "Fictieve afbeelding voor de demo.",
            "minors_recognisable": False,
            "consent_confirmed": False,
        },
    )
    criteria_set = CriteriaSet.objects.current().order_by("key").first()
    if criteria_set is None:
        return
    review_start(item=story, by=reviewer)
    review_decide(
        item=story,
        by=reviewer,
        decision="publish",
        criteria_set=criteria_set,
        assessments=_verdicts(criteria_set),
    )


def _application(event: Event) -> None:
    """A member of a demo signatory applies for ``event``; the application waits."""
    membership = (
        Membership.objects.filter(organisation__in=Organisation.objects.signatories())
        .exclude(user__email__startswith="ondertekenaar@")
        .order_by("pk")
        .first()
    )
    if membership is not None:
        registration_create(item=event, kind=Registration.Kind.INDIVIDUAL, user=membership.user)


def _proposal(today: date) -> int:
    """An event a demo signatory in Gent proposed, waiting for the contact point's review."""
    organisation = (
        Organisation.objects.signatories().filter(subregions__slug="gent").order_by("pk").first()
    )
    membership = (
        Membership.objects.filter(organisation=organisation).order_by("pk").first()
        if organisation
        else None
    )
    if membership is None:
        return 0
    starts = _at(today + timedelta(days=40), 13, 30)
    event = event_create(
        organisation=organisation,
        by=membership.user,
        data={
            "title": f"Open labo bij {organisation.name} (demo)",
            "summary": "Leerkrachten en leerlingen ontdekken ons labo.",
            "description": "Een namiddag proeven en bouwen in ons labo.",
            "venue_name": organisation.name,
            "venue_address": "Demostraat 1, 9000 Gent",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=3),
            "audience": Event.Audience.PUBLIC,
            "capacity": 30,
            "subregions": list(Subregion.objects.filter(slug="gent")),
        },
    )
    review_submit(item=event, by=membership.user)
    return 1
