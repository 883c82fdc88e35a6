"""``progress.proof``: a signatory's commitments next to what it delivered, against data counted
by hand (the comments say what counts and why)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CommitmentFactory
from stemcharter.events.models import Event
from stemcharter.events.tests.factories import (
    CharterEventFactory,
    EventFactory,
    PublishedEventFactory,
)
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.progress.proof import (
    proof_for_viewer,
    proof_years,
    signatory_proof,
    signatory_proof_get,
)
from stemcharter.registrations.models import Registration
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory
from stemcharter.support.models import Offer, SupportRequest
from stemcharter.support.tests.factories import OfferFactory, SupportRequestFactory
from stemcharter.vocabulary.models import ActionType

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
TODAY = datetime.date(2026, 6, 1)


def at(year: int, month: int, day: int, hour: int = 12, tz=BRUSSELS) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=tz)


def published(**kwargs) -> Action:
    moment = kwargs.pop("at")
    return PublishedActionFactory(published_at=moment, first_published_at=moment, **kwargs)


def seats(item, number: int, state: str = Registration.State.REGISTERED, user=None):
    Registration.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        state=state,
        kind=Registration.Kind.GROUP if number > 1 else Registration.Kind.INDIVIDUAL,
        seats=number,
        email=f"r{Registration.objects.count()}@example.org",
        user=user,
        waitlisted_at=at(2024, 1, 1) if state == Registration.State.WAITLISTED else None,
    )


@pytest.fixture
def types():
    return list(ActionType.objects.order_by("position")[:3])


@pytest.fixture
def world(types):
    """A (signed on 10 March 2024) with two commitments: C1 (types 1 and 2), C2 (type 3)."""
    t1, t2, t3 = types
    a = OrganisationFactory(name="A")
    b = OrganisationFactory(name="B")
    c = OrganisationFactory(name="C")
    signature = ApprovedSignatureFactory(organisation=a, decided_at=at(2024, 3, 10))
    c1 = CommitmentFactory(signature=signature, description="Stages en opendeuren")
    c1.action_types.set([t1, t2])
    c2 = CommitmentFactory(signature=signature, description="Gastlessen")
    c2.action_types.set([t3])
    member, other_member = UserFactory(), UserFactory()
    MembershipFactory(organisation=a, user=member)
    MembershipFactory(organisation=a, user=other_member)

    # C1, 2024: a1 (A organises, 10 places, 3 + 2 seats held) and a2 (A a partner, 20 places).
    a1 = published(
        organisation=a,
        action_type=t1,
        at=at(2024, 5, 1),
        places=10,
        participation=Action.Participation.REGISTRATION,
        participation_email="",
    )
    seats(a1, 3)
    seats(a1, 2, Registration.State.ACCEPTED)
    seats(a1, 5, Registration.State.CANCELLED)  # holds no seat
    seats(a1, 4, Registration.State.WAITLISTED)  # holds no seat
    a2 = published(organisation=b, action_type=t2, at=at(2024, 7, 1), places=20)
    a2.partners.set([a])
    # C1, 2025: published on New Year's Eve 23:30 UTC, which is 2025 in Brussels; no places.
    published(organisation=a, action_type=t1, at=at(2024, 12, 31, 23, tz=datetime.UTC))
    # C2, 2026: a8, organised by A and A a partner too (counted once), 5 places.
    a8 = published(organisation=a, action_type=t3, at=at(2026, 2, 1), places=5)
    a8.partners.set([a, b])

    # Not counted: a draft, another organisation's action, one taken offline, one published
    # before the year of signing, a working copy of a1, and an action of a type A did not
    # commit to.
    ActionFactory(organisation=a, action_type=t1, places=99)
    published(organisation=b, action_type=t1, at=at(2025, 3, 1), places=99)
    published(organisation=a, action_type=t1, at=at(2025, 3, 1), places=99, status="withdrawn")
    published(organisation=a, action_type=t3, at=at(2023, 6, 1), places=99)
    published(organisation=a, action_type=t1, at=at(2025, 3, 1), places=99, revision_of=a1)
    other_type = ActionType.objects.exclude(pk__in=[t1.pk, t2.pk, t3.pk]).first()
    published(organisation=a, action_type=other_type, at=at(2025, 3, 1), places=99)

    # Events: 2024 one (a report names A), 2025 two (A organised one; a member held a seat
    # at another), 2026 one (two members registered: counted once).
    e4 = CharterEventFactory(starts_at=at(2024, 10, 1), ends_at=at(2024, 10, 1, 16))
    report = PublishedStoryFactory(
        organisation=c, event=e4, published_at=at(2024, 11, 1), first_published_at=at(2024, 11, 1)
    )
    report.organisations.set([a])
    PublishedEventFactory(organisation=a, starts_at=at(2025, 3, 1), ends_at=at(2025, 3, 1, 16))
    e2 = PublishedEventFactory(organisation=b, starts_at=at(2025, 5, 1), ends_at=at(2025, 5, 1, 16))
    seats(e2, 1, user=member)
    e7 = PublishedEventFactory(organisation=b, starts_at=at(2026, 2, 1), ends_at=at(2026, 2, 1, 16))
    seats(e7, 1, user=member)
    seats(e7, 1, user=other_member)
    # Not: a member's cancelled registration, a cancelled event of A, a draft event of A, and
    # a registration of someone who is not a member.
    e3 = PublishedEventFactory(organisation=b, starts_at=at(2025, 6, 1), ends_at=at(2025, 6, 1, 16))
    seats(e3, 1, Registration.State.CANCELLED, user=member)
    seats(e3, 1, user=UserFactory())
    PublishedEventFactory(
        organisation=a,
        starts_at=at(2025, 7, 1),
        ends_at=at(2025, 7, 1, 16),
        event_status=Event.Status.CANCELLED,
    )
    EventFactory(organisation=a, starts_at=at(2025, 8, 1), ends_at=at(2025, 8, 1, 16))

    # School requests: A's offer accepted in September 2025; not A's pending offer, nor B's
    # accepted one.
    answered = SupportRequestFactory(
        status=SupportRequest.Status.MATCHED, decided_at=at(2025, 9, 1)
    )
    OfferFactory(
        support_request=answered,
        organisation=a,
        created_by=member,
        status=Offer.Status.ACCEPTED,
        decided_at=at(2025, 9, 1),
    )
    OfferFactory(organisation=a, created_by=member)
    OfferFactory(
        support_request=SupportRequestFactory(
            status=SupportRequest.Status.MATCHED, decided_at=at(2025, 9, 1)
        ),
        organisation=b,
        created_by=member,
        status=Offer.Status.ACCEPTED,
        decided_at=at(2025, 9, 1),
    )

    # Stories: 2024 two (A wrote one; the report names A), 2026 one (B's, naming A); not a
    # draft of A's nor B's story without A.
    PublishedStoryFactory(
        organisation=a, published_at=at(2024, 6, 1), first_published_at=at(2024, 6, 1)
    )
    named = PublishedStoryFactory(
        organisation=b, published_at=at(2026, 1, 10), first_published_at=at(2026, 1, 10)
    )
    named.organisations.set([a])
    StoryFactory(organisation=a)
    PublishedStoryFactory(
        organisation=b, published_at=at(2025, 1, 10), first_published_at=at(2025, 1, 10)
    )
    return {"a": a, "b": b, "c1": c1, "c2": c2, "member": member}


def rows(item):
    return {
        row.year: (row.actions, row.places_offered, row.places_taken, row.is_gap)
        for row in item.years
    }


def test_proof_counts_what_was_delivered_per_commitment_and_year(world):
    proof = signatory_proof_get(organisation=world["a"], today=TODAY)
    c1, c2 = proof.commitments
    assert (c1.commitment, c2.commitment) == (world["c1"], world["c2"])
    assert [row.year for row in c1.years] == [2026, 2025, 2024]
    assert rows(c1) == {
        2024: (2, 30, 5, False),
        2025: (1, 0, 0, False),
        2026: (0, 0, 0, True),
    }
    assert rows(c2) == {
        2024: (0, 0, 0, True),
        2025: (0, 0, 0, True),
        2026: (1, 5, 0, False),
    }
    assert c1.gap_years == [2026]
    assert c2.gap_years == [2025, 2024]
    assert proof.gap_count == 3
    assert (proof.first_year, proof.last_year) == (2024, 2026)


def test_proof_counts_the_organisation_as_a_whole_per_year(world):
    proof = signatory_proof_get(organisation=world["a"], today=TODAY)
    assert {row.year: (row.events, row.requests_answered, row.stories) for row in proof.years} == {
        2024: (1, 0, 2),
        2025: (2, 1, 0),
        2026: (1, 0, 1),
    }


def test_the_public_sees_only_what_was_delivered(world):
    from django.contrib.auth.models import AnonymousUser

    proof = signatory_proof_get(organisation=world["a"], today=TODAY)
    public = proof_for_viewer(proof=proof, user=AnonymousUser(), organisation=world["a"])
    assert not public.shows_gaps
    assert not public.has_gaps
    c1, c2 = public.commitments
    assert [row.year for row in c1.years] == [2025, 2024]
    assert [row.year for row in c2.years] == [2026]
    assert [row.year for row in public.years] == [2026, 2025, 2024]
    own = proof_for_viewer(proof=proof, user=world["member"], organisation=world["a"])
    assert own is proof
    assert own.has_gaps


def test_years_run_from_the_signing_year_in_brussels_to_this_year():
    # Signed at 23:30 UTC on 31 December 2024: already 2025 in Brussels.
    signed = datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC)
    assert proof_years(signed_at=signed, today=datetime.date(2026, 1, 1)) == [2026, 2025]
    assert proof_years(signed_at=signed, today=datetime.date(2025, 3, 1)) == [2025]


def test_a_commitment_without_types_is_a_gap_every_year(types):
    a = OrganisationFactory()
    signature = ApprovedSignatureFactory(organisation=a, decided_at=at(2025, 2, 1))
    CommitmentFactory(signature=signature)
    published(organisation=a, action_type=types[0], at=at(2025, 3, 1))
    proof = signatory_proof_get(organisation=a, today=TODAY)
    [item] = proof.commitments
    assert item.gap_years == [2026, 2025]


def test_no_proof_for_an_organisation_that_is_not_a_signatory():
    assert signatory_proof_get(organisation=OrganisationFactory(), today=TODAY) is None


def test_two_queries_whatever_the_data(world, types, django_assert_num_queries):
    from stemcharter.charter.selectors import signatory_commitments

    a = world["a"]
    commitments = signatory_commitments(organisation=a)
    with django_assert_num_queries(2):
        before = signatory_proof(
            organisation=a, commitments=commitments, signed_at=at(2024, 3, 10), today=TODAY
        )
    for n in range(5):
        action = published(organisation=a, action_type=types[n % 3], at=at(2025, 4, n + 1))
        seats(action, 2)
        PublishedStoryFactory(
            organisation=a, published_at=at(2025, 4, 1), first_published_at=at(2025, 4, 1)
        )
        PublishedEventFactory(
            organisation=a, starts_at=at(2025, 4, n + 1), ends_at=at(2025, 4, n + 1, 16)
        )
    with django_assert_num_queries(2):
        after = signatory_proof(
            organisation=a, commitments=commitments, signed_at=at(2024, 3, 10), today=TODAY
        )
    assert after.years[1].events == before.years[1].events + 5
    assert after.years[1].stories == before.years[1].stories + 5
