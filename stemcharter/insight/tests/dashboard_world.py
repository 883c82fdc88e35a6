"""A small world with hand-counted figures for the dashboard's tests (see the numbers in each
test): two subregions of our own (Gent, Leuven), signatories of two categories, actions,
events, registrations, reviews and school requests around the turn of January/February 2026
(Brussels time), with drafts and unpublished rows that must not count."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, SignatureFactory
from stemcharter.events.models import Event
from stemcharter.events.tests.factories import (
    CharterEventFactory,
    EventFactory,
    PublishedEventFactory,
)
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.progress.models import ProgressReport
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.registrations.models import Registration
from stemcharter.reviews.models import CriteriaSet, Review
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory
from stemcharter.support.models import SupportRequest
from stemcharter.support.tests.factories import SupportRequestFactory
from stemcharter.vocabulary.models import ActionType, Audience, Discipline

UTC = datetime.UTC


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


@dataclass
class World:
    gent: object
    leuven: object
    types: list
    audiences: list
    disciplines: list
    actions: dict
    events: dict
    stories: dict
    organisations: tuple = ()  # o1 (company, Gent), o2 (company, Gent and Leuven), o3 (school)


def _registration(item, *, state, seats, attended=None, number=[0]):  # noqa: B006
    number[0] += 1
    return Registration.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        state=state,
        kind=Registration.Kind.GROUP if seats > 1 else Registration.Kind.INDIVIDUAL,
        email=f"person{number[0]}@example.org",
        seats=seats,
        attended=attended,
        waitlisted_at=at(2026, 2, 11, 10) if state == Registration.State.WAITLISTED else None,
    )


def _review(item, *, decision, decided, submitted=()):
    content_type = ContentType.objects.get_for_model(item)
    review = Review.objects.create(
        content_type=content_type,
        object_id=item.pk,
        subject_id=item.pk,
        organisation=item.organisation,  # as reviews.services.review_decide writes them
        subject_title=str(item),
        decision=decision,
        criteria_set=None if decision == Review.Decision.REJECT else CriteriaSet.objects.first(),
        comment="Niet voor deze site." if decision == Review.Decision.REJECT else "",
    )
    Review.objects.filter(pk=review.pk).update(created_at=decided)
    for moment in submitted:
        entry = AuditEntry.objects.create(
            code="reviews.item.submitted", target_type=content_type, target_id=str(item.pk)
        )
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=moment)
    return review


def _event(published, starts, *, hours, factory=PublishedEventFactory, **kwargs):
    """An event of ``factory`` first published at ``published``, from ``starts`` for
    ``hours``."""
    return factory(
        published_at=published,
        first_published_at=published,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        **kwargs,
    )


def build_world(*, public_extras: bool = False) -> World:
    """The dashboard's world (see the module). ``public_extras``: and what the comparison of
    the dashboard with the public numbers needs besides (``add_public_extras``), so both are
    counted on one world."""
    gent, leuven = SubregionFactory(slug="test-gent"), SubregionFactory(slug="test-leuven")
    company, education = Category.COMPANY, Category.EDUCATION
    o1 = OrganisationFactory(category=company, subregions=[gent])
    o2 = OrganisationFactory(category=company, subregions=[gent, leuven])
    o3 = OrganisationFactory(category=education, subregions=[leuven])
    o4 = OrganisationFactory(category=company, subregions=[gent])
    o5 = OrganisationFactory(category=education)
    ApprovedSignatureFactory(organisation=o1, decided_at=at(2026, 1, 15, 12))
    # 00:30 on 1 February in Brussels: a February signatory.
    ApprovedSignatureFactory(organisation=o2, decided_at=at(2026, 1, 31, 23, 30))
    ApprovedSignatureFactory(organisation=o3, decided_at=at(2026, 3, 10, 9))
    SignatureFactory(organisation=o4)  # waiting for review: no signatory
    ApprovedSignatureFactory(organisation=o5, decided_at=at(2025, 12, 1, 9))

    types = list(ActionType.objects.order_by("position", "pk")[:2])
    audiences = list(Audience.objects.order_by("position", "pk")[:2])
    disciplines = list(Discipline.objects.order_by("position", "pk")[:2])

    def published(moment, **kwargs):
        return PublishedActionFactory(published_at=moment, first_published_at=moment, **kwargs)

    a1 = published(
        at(2026, 2, 10, 10),
        organisation=o1,
        action_type=types[0],
        subregions=[gent],
        audiences=audiences,
        participation=Action.Participation.REGISTRATION,
        participation_email="",
        places=10,
    )
    a1.disciplines.set([disciplines[0]])
    a2 = published(
        at(2026, 1, 5, 10),
        organisation=o3,
        action_type=types[0],
        subregions=[leuven],
        audiences=[audiences[0]],
        places=5,
    )
    a3 = published(
        at(2026, 3, 1, 10),
        organisation=o1,
        action_type=types[1],
        subregions=[gent],
        audiences=[audiences[1]],
        places=None,
    )
    a3.disciplines.set(disciplines)
    a4 = ActionFactory(  # a draft: never counted
        organisation=o1, action_type=types[1], subregions=[gent], audiences=[audiences[0]]
    )
    a4.disciplines.set(disciplines)
    _registration(a1, state=Registration.State.REGISTERED, seats=3, attended=True)
    _registration(a1, state=Registration.State.WAITLISTED, seats=2)
    _registration(a1, state=Registration.State.CANCELLED, seats=4)

    # e1: held in February; its organiser recorded 4 people present (the registration of 5
    # was not checked in: the recorded attendance is what counts).
    e1 = _event(
        at(2026, 2, 1, 10),
        at(2026, 2, 20, 14),
        hours=2,
        organisation=o1,
        subregions=[gent],
        capacity=20,
        event_status=Event.Status.FINISHED,
        attendance=4,
    )
    _registration(e1, state=Registration.State.REGISTERED, seats=5, attended=False)
    EventFactory(organisation=o1, subregions=[gent], capacity=100)  # a draft
    e3 = _event(
        at(2026, 3, 2, 10),
        at(2026, 3, 20, 14),
        hours=2,
        factory=CharterEventFactory,
        subregions=[leuven],
        capacity=None,
    )
    # A published event, cancelled: it offers no places and counts nowhere.
    cancelled = _event(
        at(2026, 2, 2, 10),
        at(2026, 2, 25, 14),
        hours=2,
        organisation=o1,
        subregions=[gent],
        capacity=50,
        event_status=Event.Status.CANCELLED,
        attendance=None,
    )
    _registration(cancelled, state=Registration.State.REGISTERED, seats=2)

    # Stories: s1 in Gent by o1 (February), s2 in Leuven by o3 at 00:30 on 1 March in
    # Brussels (a March story), s3 in both by o2 (March); a draft, a rejected story and one
    # taken offline (published once) never count.
    def story(moment, **kwargs):
        return PublishedStoryFactory(published_at=moment, first_published_at=moment, **kwargs)

    s1 = story(at(2026, 2, 12, 10), organisation=o1, subregions=[gent])
    s2 = story(at(2026, 2, 28, 23, 30), organisation=o3, subregions=[leuven])
    s3 = story(at(2026, 3, 15, 10), organisation=o2, subregions=[gent, leuven])
    StoryFactory(organisation=o1, subregions=[gent])  # a draft
    StoryFactory(organisation=o1, subregions=[gent], status="rejected")
    StoryFactory(
        organisation=o1, subregions=[gent], status="withdrawn", first_published_at=at(2026, 2, 3)
    )

    publish, changes, reject = (
        Review.Decision.PUBLISH,
        Review.Decision.REQUEST_CHANGES,
        Review.Decision.REJECT,
    )
    # a1: submitted twice, decided 2 days after the latest submission.
    _review(
        a1,
        decision=publish,
        decided=at(2026, 2, 12, 10),
        submitted=[at(2026, 1, 1, 10), at(2026, 2, 10, 10)],
    )
    # a2: changes asked after 6 hours, published 4 days after the second submission.
    _review(a2, decision=changes, decided=at(2026, 2, 20, 10), submitted=[at(2026, 2, 20, 4)])
    _review(a2, decision=publish, decided=at(2026, 3, 5, 10), submitted=[at(2026, 3, 1, 10)])
    # a3: rejected, its submission not recorded: a decision without a waiting time.
    _review(a3, decision=reject, decided=at(2026, 3, 6, 10))

    def support_request(subregion, created, first_offer=None, status="open", decided=None):
        request = SupportRequestFactory(
            subregion=subregion, organisation=o3, created_by=UserFactory()
        )
        type(request).objects.filter(pk=request.pk).update(
            created_at=created, first_offer_at=first_offer, status=status, decided_at=decided
        )

    # Answered: the school accepted the offer (matched, later delivered or not).
    support_request(
        gent, at(2026, 2, 1, 10), at(2026, 2, 4, 10), status="matched", decided=at(2026, 2, 5, 10)
    )
    support_request(gent, at(2026, 2, 10, 10))
    support_request(
        leuven,
        at(2026, 3, 1, 10),
        at(2026, 3, 2, 10),
        status="not_delivered",
        decided=at(2026, 3, 3, 10),
    )
    # An offer the school has not accepted yet: not answered.
    support_request(leuven, at(2026, 3, 5, 10), at(2026, 3, 6, 10))
    world = World(
        gent=gent,
        leuven=leuven,
        types=types,
        audiences=audiences,
        disciplines=disciplines,
        actions={"a1": a1, "a2": a2, "a3": a3, "a4": a4},
        events={"e1": e1, "e3": e3},
        stories={"s1": s1, "s2": s2, "s3": s3},
        organisations=(o1, o2, o3),
    )
    if public_extras:
        add_public_extras(world)
    return world


def add_public_extras(world: World) -> None:
    """An event held in 2025 whose organiser recorded 42 people and no registration was
    checked in, an event still to come, a private person who signed, a school request asked in
    one year and answered in the next, and a published and a draft progress report."""
    o1, o2, o3 = world.organisations
    held = _event(
        at(2025, 10, 1, 10),
        at(2025, 11, 5, 9),
        hours=3,
        organisation=o2,
        subregions=[world.leuven],
        capacity=60,
        event_status=Event.Status.FINISHED,
        attendance=42,
    )
    _registration(held, state=Registration.State.ACCEPTED, seats=30)
    _registration(held, state=Registration.State.DECLINED, seats=3)
    PublishedEventFactory(organisation=o1, subregions=[world.gent], capacity=80)  # to come
    person = OrganisationFactory(category=Category.INDIVIDUAL, subregions=[world.gent])
    ApprovedSignatureFactory(organisation=person, decided_at=at(2026, 2, 3, 10))
    # A school request asked in December 2025 and answered in January 2026: a 2025 request.
    request = SupportRequestFactory(
        subregion=world.leuven, organisation=o3, created_by=UserFactory()
    )
    SupportRequest.objects.filter(pk=request.pk).update(
        created_at=at(2025, 12, 20, 10),
        first_offer_at=at(2025, 12, 22, 10),
        status=SupportRequest.Status.DELIVERED,
        decided_at=at(2026, 1, 8, 10),
        delivered_at=at(2026, 1, 20, 10),
    )
    ProgressReport.objects.create(organisation=o1, year=2025, slug="2025", status="published")
    ProgressReport.objects.create(organisation=o2, year=2025, slug="2025", status="draft")
