"""Deterministic benchmark data at two scales, in bulk, on a migrated PostgreSQL database.

The vocabulary (provinces, subregions, action types, audiences, disciplines, sectors, criteria
sets) comes from the data migrations, as ``manage.py seed_demo`` finds it; this module adds, in
bulk (``bulk_create``, no per-row services, no images, no audit entries):

- one published charter version;
- organisations (every category, sector and one or two subregions; about 90 % public
  signatories with an approved signature and a commitment, the rest waiting for a decision);
- actions: about 85 % published, the rest drafts or waiting for review; dates from half a year
  ago to ten months ahead, some on request; one or two subregions and audiences, a discipline,
  a partner for one in ten; the full-text index filled as ``actions.services`` fills it;
- stories: the same published/draft mix, a Markdown body, regions, sometimes another
  organisation and a related action.

The same scale and seed give the same rows (dates are relative to the day of the build). Used by
``bench/run``; the words come from ``bench/actions_search.py``.
"""

import datetime
import random
import time
import uuid
from dataclasses import dataclass

from actions_search import ADJECTIVES, NOUNS, PLACES, index_actions, text
from django.db import connection, transaction
from django.utils import timezone


@dataclass(frozen=True)
class Scale:
    organisations: int
    actions: int
    stories: int
    events: int
    registrations: int


SCALES = {
    "small": Scale(organisations=100, actions=1_000, stories=200, events=50, registrations=500),
    "large": Scale(
        organisations=5_000, actions=100_000, stories=20_000, events=5_000, registrations=100_000
    ),
}
BATCH = 5_000
# Share of published items; the rest is spread over the other review states.
PUBLISHED_SHARE = 0.85
UNPUBLISHED = ["draft", "submitted", "under_review", "changes_requested", "withdrawn"]
ORGANISATION_WORDS = [
    "Voorbeeld", "Demo", "Fictief", "Proef", "Model", "Test", "Schets", "Concept",
]  # fmt: skip
ORGANISATION_KINDS = [
    "Techniek", "Labo", "Academie", "Scholengroep", "Ingenieurs", "Energie", "Zorg", "Bouw",
    "Chemie", "Logistiek", "Haven", "Software", "Atheneum", "Hogeschool", "Gemeente",
]  # fmt: skip


def _status(rng: random.Random) -> str:
    return "published" if rng.random() < PUBLISHED_SHARE else rng.choice(UNPUBLISHED)


def _through(field, rows) -> None:
    field.through.objects.bulk_create(rows, batch_size=BATCH)


def create_organisations(rng: random.Random, count: int) -> list:
    """``count`` organisations, about 90 % of them public signatories."""
    from stemcharter.charter.models import CharterVersion, Commitment, Signature
    from stemcharter.organisations.models import Category, Organisation
    from stemcharter.organisations.validators import normalise_name, normalise_town
    from stemcharter.regions.models import Subregion
    from stemcharter.vocabulary.models import ActionType, Sector

    now = timezone.now()
    version = CharterVersion.objects.create(
        number=1,
        title="STEM-charter",
        body="## STEM-charter\n\n" + "\n\n".join(text(rng, 4) for _ in range(6)),
        published_at=now - datetime.timedelta(days=800),
    )
    categories = list(Category.values)
    sectors = list(Sector.objects.order_by("slug"))
    subregions = list(Subregion.objects.order_by("slug"))
    action_types = list(ActionType.objects.order_by("position", "slug"))
    organisations = []
    for number in range(count):
        name = (
            f"{rng.choice(ORGANISATION_WORDS)} {rng.choice(ORGANISATION_KINDS)} "
            f"{rng.choice(PLACES)} {number:05d}"
        )
        town = rng.choice(PLACES)
        organisations.append(
            Organisation(
                name=name,
                normalised_name=normalise_name(name),
                town=town,
                normalised_town=normalise_town(town),
                slug=f"organisatie-{number:05d}",
                category=categories[number % len(categories)],
                sector=sectors[number % len(sectors)],
                website=f"https://organisatie-{number:05d}.example",
                description=text(rng, 2)[:1000],
            )
        )
    organisations = Organisation.objects.bulk_create(organisations, batch_size=BATCH)
    _through(
        Organisation.subregions,
        (
            Organisation.subregions.through(organisation=organisation, subregion=subregion)
            for organisation in organisations
            for subregion in rng.sample(subregions, rng.randint(1, 2))
        ),
    )
    signatures = []
    for number, organisation in enumerate(organisations):
        public = rng.random() < 0.9
        submitted = now - datetime.timedelta(days=number % 700 + 2, minutes=number)
        signatures.append(
            Signature(
                organisation=organisation,
                charter_version=version,
                status="approved" if public else "submitted",
                signer_name=f"Ondertekenaar {number}",
                signer_function="Directeur",
                signer_email=f"signer-{number:05d}@example.org",
                submission_key=uuid.UUID(int=rng.getrandbits(128)),
                submitted_at=submitted,
                decided_at=submitted + datetime.timedelta(days=1) if public else None,
            )
        )
    signatures = Signature.objects.bulk_create(signatures, batch_size=BATCH)
    commitments = Commitment.objects.bulk_create(
        (Commitment(signature=signature, description=text(rng, 2)) for signature in signatures),
        batch_size=BATCH,
    )
    _through(
        Commitment.action_types,
        (
            Commitment.action_types.through(commitment=commitment, actiontype=action_type)
            for commitment in commitments
            for action_type in rng.sample(action_types, rng.randint(1, 3))
        ),
    )
    return organisations


def create_actions(rng: random.Random, count: int, organisations: list) -> list[int]:
    """``count`` actions; returns the ids of the published ones."""
    from stemcharter.actions.models import Action
    from stemcharter.regions.models import Subregion
    from stemcharter.vocabulary.models import ActionType, Audience, Discipline

    types = list(ActionType.objects.order_by("position", "slug"))
    subregions = list(Subregion.objects.order_by("slug"))
    audiences = list(Audience.objects.order_by("position", "slug"))
    disciplines = list(Discipline.objects.order_by("position", "slug"))
    today = timezone.localdate()
    now = timezone.now()
    published = []
    for offset in range(0, count, BATCH):
        actions = []
        for number in range(offset, min(count, offset + BATCH)):
            timing = rng.choice(["date", "date", "period", "on_request"])
            start = today + datetime.timedelta(days=rng.randint(-200, 300))
            end = start + datetime.timedelta(days=0 if timing == "date" else rng.randint(1, 60))
            status = _status(rng)
            first = now - datetime.timedelta(days=rng.randint(0, 400), minutes=number)
            actions.append(
                Action(
                    title=(
                        f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} "
                        f"in {rng.choice(PLACES)}"
                    )[:150],
                    slug=f"actie-{number:06d}",
                    summary=text(rng, 1)[:300],
                    description=text(rng, 6),
                    action_type=rng.choice(types),
                    organisation=rng.choice(organisations),
                    location=rng.choice(PLACES),
                    timing=timing,
                    start_date=None if timing == "on_request" else start,
                    end_date=None if timing == "on_request" else end,
                    places=rng.choice([None, 0, 5, 12, 30]),
                    participation="organiser",
                    status=status,
                    published_at=first if status in ("published", "withdrawn") else None,
                    first_published_at=first if status in ("published", "withdrawn") else None,
                )
            )
        created = Action.objects.bulk_create(actions)
        published += [action.pk for action in created if action.status == "published"]
        _through(
            Action.subregions,
            (
                Action.subregions.through(action=action, subregion=subregion)
                for action in created
                for subregion in rng.sample(subregions, rng.randint(1, 2))
            ),
        )
        _through(
            Action.audiences,
            (
                Action.audiences.through(action=action, audience=audience)
                for action in created
                for audience in rng.sample(audiences, rng.randint(1, 2))
            ),
        )
        _through(
            Action.disciplines,
            (
                Action.disciplines.through(action=action, discipline=rng.choice(disciplines))
                for action in created
            ),
        )
        _through(
            Action.partners,
            (
                Action.partners.through(action=action, organisation=rng.choice(organisations))
                for action in created
                if rng.random() < 0.1
            ),
        )
    return published


def create_stories(rng: random.Random, count: int, organisations: list, actions: list[int]):
    from stemcharter.regions.models import Subregion
    from stemcharter.stories.models import Story

    subregions = list(Subregion.objects.order_by("slug"))
    kinds = [choice for choice, _ in Story.Kind.choices]
    now = timezone.now()
    for offset in range(0, count, BATCH):
        stories = []
        for number in range(offset, min(count, offset + BATCH)):
            status = _status(rng)
            first = now - datetime.timedelta(days=rng.randint(0, 700), minutes=number)
            body = "\n\n".join(
                [
                    text(rng, 3),
                    f"## {rng.choice(NOUNS).capitalize()} in de klas",
                    text(rng, 4),
                    "- " + "\n- ".join(rng.choice(NOUNS) for _ in range(4)),
                    text(rng, 3),
                ]
            )
            stories.append(
                Story(
                    title=f"Hoe {rng.choice(NOUNS)} {rng.choice(PLACES)} veranderde"[:150],
                    slug=f"verhaal-{number:06d}",
                    kind=rng.choice(kinds),
                    summary=text(rng, 1)[:300],
                    body=body,
                    organisation=rng.choice(organisations),
                    status=status,
                    published_at=first if status in ("published", "withdrawn") else None,
                    first_published_at=first if status in ("published", "withdrawn") else None,
                )
            )
        created = Story.objects.bulk_create(stories)
        _through(
            Story.subregions,
            (
                Story.subregions.through(story=story, subregion=subregion)
                for story in created
                for subregion in rng.sample(subregions, rng.randint(1, 2))
            ),
        )
        _through(
            Story.organisations,
            (
                Story.organisations.through(story=story, organisation=rng.choice(organisations))
                for story in created
                if rng.random() < 0.3
            ),
        )
        _through(
            Story.actions,
            (
                Story.actions.through(story=story, action_id=rng.choice(actions))
                for story in created
                if rng.random() < 0.3
            ),
        )


def create_events(rng: random.Random, count: int, organisations: list) -> list[int]:
    """``count`` events, all published: a fifth past, the rest upcoming, one in twenty cancelled,
    one in five with sessions; returns the ids of the upcoming ones that take registrations."""
    from stemcharter.events.models import Event, EventSession
    from stemcharter.regions.models import Subregion

    subregions = list(Subregion.objects.order_by("slug"))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    open_events = []
    for offset in range(0, count, BATCH):
        events = []
        for number in range(offset, min(count, offset + BATCH)):
            past = rng.random() < 0.2
            starts = now + datetime.timedelta(
                days=rng.randint(-200, -1) if past else rng.randint(1, 300),
                hours=rng.randint(-4, 6),
            )
            ends = starts + datetime.timedelta(hours=rng.randint(1, 8))
            cancelled = rng.random() < 0.05
            first = now - datetime.timedelta(days=rng.randint(30, 400), minutes=number)
            online = rng.random() < 0.2
            events.append(
                Event(
                    title=(
                        f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)}dag "
                        f"in {rng.choice(PLACES)}"
                    )[:150],
                    slug=f"evenement-{number:05d}",
                    summary=text(rng, 1)[:300],
                    description=text(rng, 5),
                    organisation=None if rng.random() < 0.1 else rng.choice(organisations),
                    venue_name="" if online else f"Zaal {rng.choice(NOUNS)}"[:150],
                    venue_address=""
                    if online
                    else f"Kerkstraat {number % 200 + 1}, {rng.choice(PLACES)}"[:250],
                    online_url=f"https://meet.example/evenement-{number:05d}" if online else "",
                    starts_at=starts,
                    ends_at=ends,
                    audience=rng.choice(["public", "public", "public", "signatories"]),
                    capacity=rng.choice([None, 20, 50, 100, 250]),
                    registration_mode=rng.choice(["first_come", "first_come", "on_approval"]),
                    registration_deadline=starts - datetime.timedelta(days=1)
                    if rng.random() < 0.3
                    else None,
                    event_status="cancelled"
                    if cancelled
                    else ("finished" if past else "scheduled"),
                    cancellation_reason=text(rng, 1)[:500] if cancelled else "",
                    cancelled_at=first if cancelled else None,
                    status="published",
                    published_at=first,
                    first_published_at=first,
                )
            )
        created = Event.objects.bulk_create(events)
        open_events += [event.pk for event in created if event.event_status == "scheduled"]
        _through(
            Event.subregions,
            (
                Event.subregions.through(event=event, subregion=rng.choice(subregions))
                for event in created
            ),
        )
        EventSession.objects.bulk_create(
            (
                EventSession(
                    event=event,
                    starts_at=event.starts_at + datetime.timedelta(hours=hour),
                    ends_at=event.starts_at + datetime.timedelta(hours=hour, minutes=50),
                    title=f"{rng.choice(NOUNS).capitalize()} in de praktijk"[:200],
                    speaker=f"Spreker {rng.randint(1, 500)}",
                )
                for event in created
                if rng.random() < 0.2
                for hour in range(rng.randint(2, 4))
            ),
            batch_size=BATCH,
        )
    return open_events


def create_registrations(
    rng: random.Random, count: int, events: list[int], actions: list[int]
) -> None:
    """``count`` registrations, two thirds on events, a third on published actions that take
    registrations (one in ten of them is switched to registering on this site); individuals
    and groups, some waitlisted, some cancelled; every address unique."""
    from django.contrib.contenttypes.models import ContentType

    from stemcharter.actions.models import Action
    from stemcharter.events.models import Event
    from stemcharter.registrations.models import Registration

    taking = actions[::10]
    Action.objects.filter(pk__in=taking).update(participation="registration", places=30)
    targets = [
        (ContentType.objects.get_for_model(Event), events),
        (
            ContentType.objects.get_for_model(Action),
            taking,
        ),
    ]
    now = timezone.now()
    states = ["registered"] * 6 + ["waitlisted", "unconfirmed", "applied", "cancelled"]
    for offset in range(0, count, BATCH):
        rows = []
        for number in range(offset, min(count, offset + BATCH)):
            content_type, ids = targets[0] if rng.random() < 2 / 3 else targets[1]
            group = rng.random() < 0.3
            state = rng.choice(states)
            pupils = rng.randint(10, 28) if group else 0
            adults = rng.randint(1, 3) if group else 0
            when = now - datetime.timedelta(days=rng.randint(0, 120), minutes=number)
            rows.append(
                Registration(
                    content_type=content_type,
                    object_id=rng.choice(ids),
                    state=state,
                    kind="group" if group else "individual",
                    name=f"Deelnemer {number}",
                    email=f"deelnemer-{number:06d}@example.org",
                    group_name=f"Klas {rng.randint(1, 6)}{rng.choice('ABCD')}" if group else "",
                    pupils=pupils,
                    adults=adults,
                    seats=pupils + adults if group else 1,
                    confirmed_at=when if state in ("registered", "waitlisted") else None,
                    waitlisted_at=when if state == "waitlisted" else None,
                    cancelled_at=when if state == "cancelled" else None,
                )
            )
        Registration.objects.bulk_create(rows)


def generate(scale: str, *, seed: int = 7, log=print) -> dict[str, float]:
    """Fill the (migrated, empty) database with ``scale``'s rows; returns the seconds per step."""
    sizes = SCALES[scale]
    rng = random.Random(seed)
    timings = {}
    start = time.perf_counter()
    with transaction.atomic():
        organisations = create_organisations(rng, sizes.organisations)
        timings["organisations"] = time.perf_counter() - start
        log(f"  {sizes.organisations} organisations in {timings['organisations']:.0f} s")
        mark = time.perf_counter()
        published = create_actions(rng, sizes.actions, organisations)
        timings["actions"] = time.perf_counter() - mark
        log(f"  {sizes.actions} actions in {timings['actions']:.0f} s")
        mark = time.perf_counter()
        create_stories(rng, sizes.stories, organisations, published)
        timings["stories"] = time.perf_counter() - mark
        log(f"  {sizes.stories} stories in {timings['stories']:.0f} s")
        mark = time.perf_counter()
        events = create_events(rng, sizes.events, organisations)
        create_registrations(rng, sizes.registrations, events, published)
        timings["events"] = time.perf_counter() - mark
        log(
            f"  {sizes.events} events, {sizes.registrations} registrations "
            f"in {timings['events']:.0f} s"
        )
    mark = time.perf_counter()
    index_actions()  # the search vectors, then VACUUM ANALYZE
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    timings["index"] = time.perf_counter() - mark
    log(f"  search index and VACUUM ANALYZE in {timings['index']:.0f} s")
    timings["total"] = time.perf_counter() - start
    return timings
