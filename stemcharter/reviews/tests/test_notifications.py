"""Who gets which email about a review, and in which language."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.reviews.services import (
    AssessmentData,
    review_decide,
    review_retract,
    review_start,
    review_submit,
    review_withdraw,
    revision_start,
)

from .conftest import verdicts

pytestmark = pytest.mark.django_db


def sent_to(email: str) -> list:
    return [message for message in mail.outbox if message.to == [email]]


@pytest.fixture
def team(world):
    """Two members of the organisation (one reads English, one Dutch) and an inactive one."""
    world.owner_member.language = "en"
    world.owner_member.save()
    dutch = MembershipFactory(organisation=world.organisation, user__language="nl").user
    MembershipFactory(organisation=world.organisation, user__is_active=False)
    return [world.owner_member, dutch]


def test_submitting_tells_the_organisation_and_the_subregions_contact_point(world, team):
    dutch_contact_point = UserFactory(language="nl")
    world.subregion.contact_points.add(dutch_contact_point)
    # A contact point of the subregion who is also a member does not review their own work.
    member_contact_point = MembershipFactory(
        organisation=world.organisation, user__language="en"
    ).user
    world.subregion.contact_points.add(member_contact_point)
    mail.outbox.clear()

    review_submit(item=world.action, by=world.owner_member)

    english, dutch = team
    assert [m.subject for m in sent_to(english.email)] == [
        "[STEM-charter] Sent for review: Open bedrijvendag"
    ]
    assert len(sent_to(dutch.email)) == 1
    review_url = reverse(
        "backoffice:review-detail", kwargs={"type_key": "action", "pk": world.action.pk}
    )
    [to_english] = sent_to(world.contact_point.email)  # reads English (see conftest)
    assert to_english.subject == "[STEM-charter] To review: Open bedrijvendag"
    assert "Review it in the back office:" in to_english.body
    assert review_url in to_english.body
    [to_dutch] = sent_to(dutch_contact_point.email)
    assert "Beoordelen in het beheer:" in to_dutch.body
    assert [m.subject for m in sent_to(member_contact_point.email)] == [
        "[STEM-charter] Sent for review: Open bedrijvendag"
    ]  # as a member only
    # Nobody else: no partner, no coordinator (the subregion has a contact point).
    assert not sent_to(world.partner_member.email)
    assert not sent_to(world.coordinator.email)
    assert len(mail.outbox) == 5


def test_without_a_contact_point_the_coordinators_are_told(world):
    world.subregion.contact_points.clear()
    world.coordinator.language = "en"
    world.coordinator.save()
    inactive = CoordinatorFactory(is_active=False)
    review_submit(item=world.action, by=world.owner_member)
    [to_review] = sent_to(world.coordinator.email)
    assert to_review.subject == "[STEM-charter] To review: Open bedrijvendag"
    assert not sent_to(inactive.email)
    assert not sent_to(world.other_contact_point.email)


@pytest.mark.usefixtures("team")
def test_every_transition_tells_the_members(world, criteria_set):
    reviewer = world.contact_point
    english = world.owner_member
    review_submit(item=world.action, by=english)
    review_retract(item=world.action, by=english)
    review_submit(item=world.action, by=english)
    review_start(item=world.action, by=reviewer)
    answers = verdicts(criteria_set)
    answers[0] = AssessmentData(answers[0].criterion_id, "not_met", "Noem de leeftijd.")
    review_decide(
        item=world.action,
        by=reviewer,
        decision="request_changes",
        criteria_set=criteria_set,
        assessments=answers,
        comment="Bijna goed.",
    )
    review_submit(item=world.action, by=english)
    review_start(item=world.action, by=reviewer)
    review_decide(
        item=world.action,
        by=reviewer,
        decision="publish",
        criteria_set=criteria_set,
        assessments=verdicts(criteria_set),
    )
    review_withdraw(item=world.action, by=reviewer, reason="Het adres klopt niet meer.")

    subjects = [m.subject.removeprefix("[STEM-charter] ") for m in sent_to(english.email)]
    assert subjects == [
        "Sent for review: Open bedrijvendag",
        "Taken back from review: Open bedrijvendag",
        "Sent for review: Open bedrijvendag",
        "Review started: Open bedrijvendag",
        "Changes requested: Open bedrijvendag",
        "Sent for review: Open bedrijvendag",
        "Review started: Open bedrijvendag",
        "Published: Open bedrijvendag",
        "Taken offline: Open bedrijvendag",
    ]
    bodies = [m.body for m in sent_to(english.email)]
    changes, published, withdrawn = bodies[4], bodies[7], bodies[8]
    criterion = criteria_set.criteria.first()
    assert "Bijna goed." in changes
    assert f"- {criterion.name_en}: not met. Noem de leeftijd." in changes
    assert criterion.name_nl not in changes
    portal_url = reverse(
        "portal:action-detail",
        kwargs={"organisation_slug": world.organisation.slug, "pk": world.action.pk},
    )
    assert portal_url in published
    assert "Het adres klopt niet meer." in withdrawn


def test_the_criteria_in_a_dutch_email_are_dutch(world, criteria_set):
    dutch = world.owner_member  # the factory's default language is Dutch
    review_submit(item=world.action, by=dutch)
    review_start(item=world.action, by=world.contact_point)
    answers = verdicts(criteria_set)
    answers[0] = AssessmentData(answers[0].criterion_id, "not_met", "Meer uitleg.")
    mail.outbox.clear()
    review_decide(
        item=world.action,
        by=world.contact_point,
        decision="request_changes",
        criteria_set=criteria_set,
        assessments=answers,
    )
    [message] = sent_to(dutch.email)
    criterion = criteria_set.criteria.first()
    assert criterion.name_nl in message.body
    assert criterion.name_en not in message.body


def test_a_rejection_carries_the_reason(world, criteria_set):
    with translation.override("en"):
        world.owner_member.language = "en"
        world.owner_member.save()
        review_submit(item=world.action, by=world.owner_member)
        review_start(item=world.action, by=world.coordinator)
        mail.outbox.clear()
        review_decide(
            item=world.action,
            by=world.coordinator,
            decision="reject",
            criteria_set=None,
            assessments=[],
            comment="Dit is een vacature, geen STEM-actie.",
        )
    [message] = mail.outbox
    assert message.subject == "[STEM-charter] Not published: Open bedrijvendag"
    assert "Dit is een vacature, geen STEM-actie." in message.body


def test_a_published_revision_links_to_the_live_item(world, criteria_set):
    live = PublishedActionFactory(organisation=world.organisation, subregions=[world.subregion])
    copy = revision_start(item=live, by=world.owner_member)
    review_submit(item=copy, by=world.owner_member)
    review_start(item=copy, by=world.contact_point)
    mail.outbox.clear()
    review_decide(
        item=copy,
        by=world.contact_point,
        decision="publish",
        criteria_set=criteria_set,
        assessments=verdicts(criteria_set),
    )
    [message] = mail.outbox
    live_url = reverse(
        "portal:action-detail",
        kwargs={"organisation_slug": world.organisation.slug, "pk": live.pk},
    )
    assert live_url in message.body
