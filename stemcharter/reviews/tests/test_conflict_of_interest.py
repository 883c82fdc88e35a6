"""Conflict of interest: nobody reviews an item on which their organisation is named.

Named are the author's organisation, the partners of a joint action and the other
organisations a story names (``Reviewable.named_organisation_fields``). The permission
(``reviews.review_item``), the queue (``selectors``), the services and the emails to reviewers
use the same rule, so what a reviewer is offered and what they may do never disagree.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.organisations.models import Organisation
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.reviews import selectors
from stemcharter.reviews.models import ReviewStatus
from stemcharter.reviews.notifications import reviewers_of
from stemcharter.reviews.registry import reviewable_types
from stemcharter.reviews.services import (
    review_decide,
    review_start,
    review_submit,
    review_withdraw,
    revision_start,
)

from .conftest import verdicts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# How an organisation can be named on an item: (type key, how).
NAMINGS = [("action", "author"), ("action", "partner"), ("story", "author"), ("story", "named")]


def _named_organisation(world, type_key: str, how: str):
    """The organisation named on the world's item of ``type_key`` in the way ``how``."""
    if how == "author":
        return world.organisation
    if how == "partner":
        return world.partner  # the world's action has it as a partner
    named = OrganisationFactory(name="Genoemde school")
    world.story.organisations.add(named)
    return named


def _url(name: str, item, type_key: str) -> str:
    return reverse(name, kwargs={"type_key": type_key, "pk": item.pk})


def _fresh(item):
    return type(item).objects.get(pk=item.pk)


@pytest.fixture(params=["contact_point", "coordinator"])
def reviewer(request, world):
    """A user who would review the world's items, but for their organisation."""
    return world.contact_point if request.param == "contact_point" else CoordinatorFactory()


@pytest.mark.parametrize(("type_key", "how"), NAMINGS)
def test_conflict_of_interest_the_review_pages_are_refused(client, world, reviewer, type_key, how):
    item = world.item(type_key)
    MembershipFactory(organisation=_named_organisation(world, type_key, how), user=reviewer)
    review_submit(item=item, by=world.owner_member)
    client.force_login(reviewer)

    assert client.get(_url("backoffice:review-detail", item, type_key)).status_code == 403
    assert client.post(_url("backoffice:review-start", item, type_key)).status_code == 403
    assert _fresh(item).status == ReviewStatus.SUBMITTED
    assert not reviewer.has_perm("reviews.review_item", item)


@pytest.mark.parametrize(("type_key", "how"), NAMINGS)
def test_conflict_of_interest_the_queue_does_not_offer_it(client, world, reviewer, type_key, how):
    item = world.item(type_key)
    review_submit(item=item, by=world.owner_member)
    assert item in selectors.review_queue(user=reviewer)  # before: it is theirs to review
    MembershipFactory(organisation=_named_organisation(world, type_key, how), user=reviewer)

    assert item not in selectors.review_queue(user=reviewer)
    assert selectors.review_queue_count(user=reviewer) == len(selectors.review_queue(user=reviewer))
    client.force_login(reviewer)
    page = client.get(reverse("backoffice:review-queue")).content.decode()
    assert str(item) not in page


@pytest.mark.parametrize(("type_key", "how"), NAMINGS)
def test_conflict_of_interest_the_decided_tab_does_not_show_it(
    world, reviewer, criteria_set, type_key, how
):
    item = world.item(type_key)
    review_submit(item=item, by=world.owner_member)
    review_start(item=item, by=world.other_contact_point)  # anyone: the service takes them
    review = review_decide(
        item=item,
        by=world.other_contact_point,
        decision="reject",
        criteria_set=criteria_set,
        assessments=[],
        comment="Niet voor ons.",
    )
    assert review in selectors.review_decided(user=reviewer)
    MembershipFactory(organisation=_named_organisation(world, type_key, how), user=reviewer)
    assert review not in selectors.review_decided(user=reviewer)


@pytest.mark.parametrize(("type_key", "how"), NAMINGS)
def test_conflict_of_interest_the_services_refuse(world, reviewer, criteria_set, type_key, how):
    item = world.item(type_key)
    review_submit(item=item, by=world.owner_member)
    organisation = _named_organisation(world, type_key, how)
    # Started before they joined the organisation: deciding is refused all the same.
    review_start(item=item, by=reviewer)
    membership = MembershipFactory(organisation=organisation, user=reviewer)
    with pytest.raises(ValidationError) as caught:
        review_decide(
            item=item,
            by=reviewer,
            decision="publish",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
        )
    assert caught.value.code == "conflict_of_interest"
    assert _fresh(item).status == ReviewStatus.UNDER_REVIEW

    review_start(item=item, by=world.coordinator, take_over=True)
    membership.delete()
    review_decide(
        item=item,
        by=world.coordinator,
        decision="request_changes",
        criteria_set=criteria_set,
        assessments=verdicts(criteria_set, "not_met"),
        comment="Graag een datum.",
    )
    review_submit(item=_fresh(item), by=world.owner_member)
    MembershipFactory(organisation=organisation, user=reviewer)
    with pytest.raises(ValidationError) as caught:
        review_start(item=item, by=reviewer)
    assert caught.value.code == "conflict_of_interest"
    with pytest.raises(ValidationError):
        review_start(item=item, by=reviewer, take_over=True)
    assert _fresh(item).status == ReviewStatus.SUBMITTED


def test_conflict_of_interest_a_partner_member_cannot_take_a_joint_action_offline(client, world):
    MembershipFactory(organisation=world.partner, user=world.contact_point)
    type(world.action).objects.filter(pk=world.action.pk).update(status=ReviewStatus.PUBLISHED)
    client.force_login(world.contact_point)
    url = _url("backoffice:review-withdraw", world.action, "action")
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Verouderd."}).status_code == 403
    assert _fresh(world.action).status == ReviewStatus.PUBLISHED
    # The author organisation itself may still take its own item offline.
    review_withdraw(item=world.action, by=world.owner_member, reason="Voorbij.")
    assert _fresh(world.action).status == ReviewStatus.WITHDRAWN


def test_conflict_of_interest_a_new_version_is_not_reviewed_by_an_organisation_it_drops(
    client, world
):
    """A working copy that takes a partner off is still that partner's business."""
    live = PublishedActionFactory(organisation=world.organisation, subregions=[world.subregion])
    live.partners.add(world.partner)
    copy = revision_start(item=live, by=world.owner_member)
    copy.partners.clear()
    review_submit(item=copy, by=world.owner_member)
    MembershipFactory(organisation=world.partner, user=world.contact_point)

    assert copy not in selectors.review_queue(user=world.contact_point)
    client.force_login(world.contact_point)
    assert client.get(_url("backoffice:review-detail", copy, "action")).status_code == 403
    with pytest.raises(ValidationError):
        review_start(item=copy, by=world.contact_point)


def test_conflict_of_interest_others_still_review(client, world):
    """Only the members of a named organisation are left out, not every reviewer."""
    MembershipFactory(organisation=world.partner, user=CoordinatorFactory())
    review_submit(item=world.action, by=world.owner_member)
    assert world.action in selectors.review_queue(user=world.contact_point)
    assert world.action in selectors.review_queue(user=world.coordinator)
    client.force_login(world.contact_point)
    assert client.get(_url("backoffice:review-detail", world.action, "action")).status_code == 200


def test_conflict_of_interest_reviewers_are_not_emailed_about_it(world):
    MembershipFactory(organisation=world.partner, user=world.contact_point)
    second = MembershipFactory().user
    world.subregion.contact_points.add(second)
    assert reviewers_of(world.action) == [second]

    # Without another contact point: the coordinators, except those named on it too.
    world.subregion.contact_points.remove(second)
    coordinator_member = CoordinatorFactory()
    MembershipFactory(organisation=world.partner, user=coordinator_member)
    reviewers = reviewers_of(world.action)
    assert world.coordinator in reviewers
    assert coordinator_member not in reviewers
    assert world.contact_point not in reviewers


def test_conflict_of_interest_named_organisations_of_each_type(world):
    named = OrganisationFactory(name="Genoemde school")
    world.story.organisations.add(named)
    assert set(world.action.named_organisations()) == {world.organisation, world.partner}
    assert set(world.story.named_organisations()) == {world.organisation, named}


def test_conflict_of_interest_every_organisation_relation_of_a_reviewable_is_named():
    """A reviewable type that gains a relation to organisations (co-organisers of an event,
    say) must name it, or members of those organisations could review it."""
    for reviewable_type in reviewable_types():
        model = reviewable_type.model
        relations = {
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, models.ForeignKey | models.ManyToManyField)
            and field.related_model is Organisation
        }
        assert relations, model
        assert relations <= set(model.named_organisation_fields), model
