"""What the review queue shows to whom, the decided list, and what a new version changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.reviews import selectors
from stemcharter.reviews.models import CriteriaSet, ReviewStatus
from stemcharter.reviews.services import (
    CriterionData,
    criteria_set_revise,
    review_decide,
    review_start,
    review_submit,
    revision_start,
)
from stemcharter.stories.tests.factories import StoryFactory
from stemcharter.vocabulary.models import ActionType, Audience

from .conftest import add_image, verdicts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def submitted(item, *, days_ago: int = 0):
    item = review_submit(item=item, by=None)
    type(item).objects.filter(pk=item.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    item.refresh_from_db()
    return item


class TestQueue:
    def test_a_contact_point_sees_their_subregions_only_oldest_first(self, world):
        story = submitted(world.story, days_ago=3)
        action = submitted(world.action, days_ago=1)
        elsewhere = submitted(ActionFactory())
        both_regions = submitted(
            ActionFactory(subregions=[world.subregion, SubregionFactory()]), days_ago=2
        )
        ActionFactory(subregions=[world.subregion])  # a draft
        PublishedActionFactory(subregions=[world.subregion])

        assert selectors.review_queue(user=world.contact_point) == [story, both_regions, action]
        assert elsewhere in selectors.review_queue(user=world.coordinator)
        assert len(selectors.review_queue(user=world.coordinator)) == 4
        assert selectors.review_queue(user=world.other_contact_point) == []
        assert selectors.review_queue_count(user=world.contact_point) == 3
        assert selectors.review_queue_count(user=world.coordinator) == 4

    def test_nobody_sees_their_own_organisations_items(self, world):
        submitted(world.action)
        MembershipFactory(organisation=world.organisation, user=world.contact_point)
        coordinator_member = CoordinatorFactory()
        MembershipFactory(organisation=world.organisation, user=coordinator_member)
        assert selectors.review_queue(user=world.contact_point) == []
        assert selectors.review_queue(user=coordinator_member) == []
        assert selectors.review_queue_count(user=world.contact_point) == 0

    def test_filters_by_type_and_status(self, world):
        story = submitted(world.story)
        action = review_start(item=submitted(world.action), by=world.contact_point)
        user = world.contact_point
        assert selectors.review_queue(user=user, type_key="story") == [story]
        assert selectors.review_queue(user=user, type_key="action") == [action]
        assert selectors.review_queue(user=user, status=ReviewStatus.UNDER_REVIEW) == [action]
        assert selectors.review_queue(user=user, status=ReviewStatus.SUBMITTED) == [story]
        assert selectors.review_queue(user=user, type_key="story", status="under_review") == []

    def test_each_item_knows_its_type_and_the_queue_uses_few_queries(
        self, world, django_assert_max_num_queries
    ):
        for _ in range(5):
            submitted(ActionFactory(subregions=[world.subregion]))
            submitted(StoryFactory(subregions=[world.subregion]))
        with django_assert_max_num_queries(8):
            items = selectors.review_queue(user=world.contact_point)
            rows = [
                (item.reviewable_type.key, item.organisation.name, list(item.subregions.all()))
                for item in items
            ]
        assert len(rows) == 10
        assert {key for key, *_ in rows} == {"action", "story"}


class TestDecided:
    def test_lists_decisions_on_items_the_user_may_review(self, world, criteria_set):
        review_start(item=submitted(world.action), by=world.contact_point)
        mine = review_decide(
            item=world.action,
            by=world.contact_point,
            decision="publish",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
        )
        elsewhere = ActionFactory()
        review_start(item=submitted(elsewhere), by=world.coordinator)
        other = review_decide(
            item=elsewhere,
            by=world.coordinator,
            decision="reject",
            criteria_set=None,
            assessments=[],
            comment="Nee.",
        )
        assert list(selectors.review_decided(user=world.contact_point)) == [mine]
        assert list(selectors.review_decided(user=world.coordinator)) == [other, mine]
        assert list(selectors.review_decided(user=world.other_contact_point)) == []
        assert list(selectors.review_decided(user=world.coordinator, type_key="story")) == []
        [review] = selectors.reviews_with_subjects(
            selectors.review_decided(user=world.contact_point)
        )
        assert review.subject == world.action
        assert review.reviewable_type.key == "action"


class TestRevisionChanges:
    def test_field_by_field_with_many_to_many_and_images(self, world):
        live = PublishedActionFactory(
            organisation=world.organisation, title="Oud", subregions=[world.subregion]
        )
        add_image(live, alt_text="Een robot")
        copy = revision_start(item=live, by=world.owner_member)
        assert selectors.revision_changes(item=copy) == []
        assert selectors.revision_changes(item=live) == []

        new_type = ActionType.objects.exclude(pk=live.action_type_id).first()
        copy.title = "Nieuw"
        copy.action_type = new_type
        copy.timing = "on_request"
        copy.save()
        partner = OrganisationFactory(name="Nieuwe partner")
        copy.partners.add(partner)
        old_audience = live.audiences.get()
        new_audience = Audience.objects.exclude(pk=old_audience.pk).first()
        copy.audiences.set([new_audience])
        image = copy.images.get()
        image.alt_text = "Twee robots"
        image.save()

        changes = {change.label: change for change in selectors.revision_changes(item=copy)}
        assert set(changes) == {"title", "type", "when", "partners", "target audiences", "Images"}
        assert (changes["title"].before, changes["title"].after) == ("Oud", "Nieuw")
        assert changes["type"].after == new_type
        assert (changes["when"].before, changes["when"].after) == ("On one day", "On request")
        assert changes["partners"].added == ["Nieuwe partner"]
        assert changes["partners"].removed == []
        assert changes["target audiences"].added == [str(new_audience)]
        assert changes["target audiences"].removed == [str(old_audience)]
        assert changes["Images"].added[0].startswith("Twee robots")
        assert changes["Images"].removed[0].startswith("Een robot")


class TestCriteriaSets:
    def test_list_versions_and_suggestion(self, world, criteria_set):
        # The set made for the action's type (an internship) first.
        suggested = selectors.criteria_set_suggested(item=world.action)
        assert suggested.key == "kennismaken-met-stem-werk"
        other = CriteriaSet.objects.current().get(key="stem-kader")
        other.kinds = []
        other.save()
        other.action_types.clear()  # now for everything, so it fits too
        review_start(item=submitted(world.action), by=world.contact_point)
        review_decide(
            item=world.action,
            by=world.contact_point,
            decision="request_changes",
            criteria_set=other,
            assessments=verdicts(other),
            comment="Meer uitleg.",
        )
        revised = criteria_set_revise(
            criteria_set=other,
            by=world.coordinator,
            name_nl=other.name_nl,
            criteria=[CriterionData("Een")],
        )
        # The set the last review used, in its current version.
        assert selectors.criteria_set_suggested(item=world.action) == revised
        listed = {s.key: s.criteria_count for s in selectors.criteria_set_list()}
        assert listed == {
            criteria_set.key: criteria_set.criteria.count(),
            other.key: 1,
            suggested.key: 4,
            "voortgangsrapport": 4,  # progress (report): the set seeded for progress reports
        }
        versions = selectors.criteria_set_versions(key=other.key)
        assert [(v.version, v.review_count) for v in versions] == [(2, 0), (1, 1)]
