"""Organisations may delete their actions, stories and events (they own their content), but a
reviewer's decision stays in the review queue's "decided" tab: the review keeps the item's
organisation and title (``Review.organisation``, ``Review.subject_title``), and the same
people see it as before (``selectors.review_decided``)."""

import html
import importlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.reviews import selectors
from stemcharter.reviews.models import Review
from stemcharter.reviews.services import (
    review_decide,
    review_item_delete,
    review_start,
    review_submit,
    revision_start,
)
from stemcharter.stories.models import Story
from stemcharter.stories.tests.factories import StoryFactory

from .conftest import verdicts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

QUEUE = "backoffice:review-queue"


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def rejected(item, *, by, comment="Geen STEM."):
    review_submit(item=item, by=None)
    review_start(item=item, by=by)
    return review_decide(
        item=item, by=by, decision="reject", criteria_set=None, assessments=[], comment=comment
    )


@pytest.fixture
def deleted(world):
    """The world's action, rejected by the contact point, then deleted by its organisation
    (active in the contact point's subregion)."""
    world.organisation.subregions.add(world.subregion)
    review = rejected(world.action, by=world.contact_point)
    world.action.refresh_from_db()
    review_item_delete(item=world.action, by=world.owner_member)
    return review


def test_the_review_keeps_the_organisation_and_the_title_of_the_version_decided(
    world, criteria_set
):
    review = rejected(world.story, by=world.contact_point)
    assert (review.organisation, review.subject_title) == (world.organisation, "Robots in de klas")
    live = ActionFactory(organisation=world.organisation, subregions=[world.subregion])
    review_submit(item=live, by=None)
    review_start(item=live, by=world.contact_point)
    review_decide(
        item=live,
        by=world.contact_point,
        decision="publish",
        criteria_set=criteria_set,
        assessments=verdicts(criteria_set),
    )
    copy = revision_start(item=live, by=world.owner_member)
    copy.title = "Nieuwe titel"
    copy.save()
    review = rejected(copy, by=world.contact_point)
    assert review.subject_id == live.pk
    assert (review.organisation, review.subject_title) == (world.organisation, "Nieuwe titel")


def test_the_decided_tab_keeps_a_decision_on_a_deleted_item(client, world, deleted):
    assert Review.objects.filter(pk=deleted.pk).exists()
    for user in (world.contact_point, world.coordinator):
        client.force_login(user)
        response = client.get(reverse(QUEUE), {"view": "decided"})
        text = text_of(response)
        assert "1 decision" in text
        assert "Open bedrijvendag — deleted by its organisation" in text
        assert "Robotica Waasland" in text
        assert "Carla Contact" in text
        # No link: there is nothing left to open.
        assert "/beheer/beoordelingen/action/" not in response.content.decode()
    client.force_login(world.other_contact_point)
    assert "No decisions yet." in text_of(client.get(reverse(QUEUE), {"view": "decided"}))


def test_who_sees_a_decision_on_a_deleted_item(world, deleted):
    """As for a live item: a coordinator every one, a contact point those of organisations
    active in their subregions, nobody those of an organisation of theirs."""
    assert list(selectors.review_decided(user=world.coordinator)) == [deleted]
    assert list(selectors.review_decided(user=world.contact_point)) == [deleted]
    assert list(selectors.review_decided(user=world.contact_point, type_key="action")) == [deleted]
    assert list(selectors.review_decided(user=world.contact_point, type_key="story")) == []
    assert list(selectors.review_decided(user=world.other_contact_point)) == []
    member_coordinator = CoordinatorFactory()
    MembershipFactory(organisation=world.organisation, user=member_coordinator)
    assert list(selectors.review_decided(user=member_coordinator)) == []
    MembershipFactory(organisation=world.organisation, user=world.contact_point)
    assert list(selectors.review_decided(user=world.contact_point)) == []
    # Once the organisation itself is gone, only the coordinators keep it.
    world.organisation.delete()
    assert list(selectors.review_decided(user=world.coordinator)) == [deleted]
    assert list(selectors.review_decided(user=world.other_contact_point)) == []


def test_a_live_item_of_the_same_number_of_another_type_is_not_mistaken(world, deleted):
    """The deleted action's number may be a story's: the review stays the action's."""
    if not Story.objects.filter(pk=deleted.subject_id).exists():
        StoryFactory(pk=deleted.subject_id, organisation=OrganisationFactory())
    [review] = selectors.reviews_with_subjects(selectors.review_decided(user=world.coordinator))
    assert review.subject is None
    assert review.reviewable_type.key == "action"


def test_the_decided_tab_queries_do_not_grow_with_deleted_items(client, world):
    """The same number of queries for 4 and for 12 decisions, half of the actions deleted."""
    world.organisation.subregions.add(world.subregion)
    client.force_login(world.coordinator)
    counts = []
    for number in range(6):
        action = ActionFactory(
            organisation=world.organisation, title=f"Actie {number}", subregions=[world.subregion]
        )
        rejected(action, by=world.contact_point)
        if number % 2:
            action.refresh_from_db()
            review_item_delete(item=action, by=world.owner_member)
        story = StoryFactory(organisation=world.organisation, subregions=[world.subregion])
        rejected(story, by=world.contact_point)
        if number in (1, 5):
            client.get(reverse(QUEUE), {"view": "decided"})  # caches warmed
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(QUEUE), {"view": "decided"})
            counts.append(len(queries))
            decisions = 2 * (number + 1)
            assert f"{decisions} decisions" in text_of(response)
            assert text_of(response).count("— deleted by its organisation") == (number + 1) // 2
    assert counts[0] == counts[1]


def test_the_migration_fills_in_the_reviews_made_before(world, deleted):
    story_review = rejected(world.story, by=world.contact_point)
    Review.objects.update(organisation=None, subject_title="")
    backfill = importlib.import_module(
        "stemcharter.reviews.migrations.0007_review_organisation_subject_title_backfill"
    ).backfill
    backfill(apps, None)
    story_review.refresh_from_db()
    assert (story_review.organisation, story_review.subject_title) == (
        world.organisation,
        "Robots in de klas",
    )
    # The item deleted before: nothing to copy from; a coordinator still sees it, untitled.
    deleted.refresh_from_db()
    assert (deleted.organisation, deleted.subject_title) == (None, "")
    assert deleted in selectors.review_decided(user=world.coordinator)
