"""The permission table of the review back office, role by role, for every view.

Roles (see conftest): visitor, member of the owning organisation, member of a partner
organisation, member of another organisation, contact point of the item's subregion, contact
point of another subregion, coordinator.
"""

import pytest
from django.core import mail
from django.urls import reverse

from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.reviews.models import CriteriaSet, Review, ReviewStatus
from stemcharter.reviews.services import review_start, review_submit
from stemcharter.stories.models import Story

from .conftest import BACKOFFICE_USERS, REVIEWERS, ROLES, verdicts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TYPE_KEYS = ["action", "story"]


def login(client, world, role):
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return user


def assert_refused(response, role):
    if role == "visitor":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 403


def item_url(name, item, type_key):
    return reverse(name, kwargs={"type_key": type_key, "pk": item.pk})


def fresh(item):
    return type(item).objects.get(pk=item.pk)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("query", ["", "?view=decided"])
def test_queue(client, world, role, query):
    review_submit(item=world.action, by=world.owner_member)
    login(client, world, role)
    response = client.get(reverse("backoffice:review-queue") + query)
    if role in BACKOFFICE_USERS:
        assert response.status_code == 200
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("role", sorted(BACKOFFICE_USERS))
def test_queue_lists_the_item_to_its_reviewers_only(client, world, role):
    review_submit(item=world.action, by=world.owner_member)
    login(client, world, role)
    content = client.get(reverse("backoffice:review-queue")).content.decode()
    assert ("Open bedrijvendag" in content) == (role in REVIEWERS)


@pytest.mark.parametrize("type_key", TYPE_KEYS)
@pytest.mark.parametrize("role", ROLES)
def test_review_page(client, world, role, type_key):
    item = world.item(type_key)
    review_submit(item=item, by=world.owner_member)
    login(client, world, role)
    response = client.get(item_url("backoffice:review-detail", item, type_key))
    if role in REVIEWERS:
        assert response.status_code == 200
        assert str(item) in response.content.decode()
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("type_key", TYPE_KEYS)
@pytest.mark.parametrize("role", ROLES)
def test_start(client, world, role, type_key):
    item = world.item(type_key)
    review_submit(item=item, by=world.owner_member)
    user = login(client, world, role)
    response = client.post(item_url("backoffice:review-start", item, type_key))
    if role in REVIEWERS:
        assert response.status_code == 302
        assert (fresh(item).status, fresh(item).reviewer) == (ReviewStatus.UNDER_REVIEW, user)
    else:
        assert_refused(response, role)
        assert fresh(item).status == ReviewStatus.SUBMITTED


@pytest.mark.parametrize("type_key", TYPE_KEYS)
@pytest.mark.parametrize("role", ROLES)
def test_decide(client, world, role, type_key):
    item = world.item(type_key)
    criteria_set = CriteriaSet.objects.current().first()
    review_submit(item=item, by=world.owner_member)
    # The reviewer of the item is the role's user if it may review; else the coordinator.
    review_start(item=item, by=world.user(role) if role in REVIEWERS else world.coordinator)
    login(client, world, role)
    data = {"criteria_set": criteria_set.pk, "decision": "publish", "comment": ""}
    data.update({f"result_{v.criterion_id}": "met" for v in verdicts(criteria_set)})
    response = client.post(item_url("backoffice:review-decide", item, type_key), data)
    if role in REVIEWERS:
        assert response.status_code == 302
        assert fresh(item).status == ReviewStatus.PUBLISHED
    else:
        assert_refused(response, role)
        assert fresh(item).status == ReviewStatus.UNDER_REVIEW


@pytest.mark.parametrize("type_key", TYPE_KEYS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_take_offline(client, world, role, type_key, method):
    item = world.item(type_key)
    type(item).objects.filter(pk=item.pk).update(status=ReviewStatus.PUBLISHED)
    login(client, world, role)
    url = item_url("backoffice:review-withdraw", item, type_key)
    response = getattr(client, method)(url, {"reason": "Verouderd."} if method == "post" else {})
    if role in REVIEWERS:
        assert response.status_code == (200 if method == "get" else 302)
        expected = ReviewStatus.WITHDRAWN if method == "post" else ReviewStatus.PUBLISHED
        assert fresh(item).status == expected
    else:
        assert_refused(response, role)
        assert fresh(item).status == ReviewStatus.PUBLISHED


def test_a_contact_point_who_is_a_member_cannot_review_their_own(client, world):
    review_submit(item=world.action, by=world.owner_member)
    MembershipFactory(organisation=world.organisation, user=world.contact_point)
    client.force_login(world.contact_point)
    assert (
        client.get(item_url("backoffice:review-detail", world.action, "action")).status_code == 403
    )
    response = client.post(item_url("backoffice:review-start", world.action, "action"))
    assert response.status_code == 403
    assert fresh(world.action).status == ReviewStatus.SUBMITTED


def test_only_a_coordinator_takes_over(client, world):
    review_submit(item=world.action, by=world.owner_member)
    review_start(item=world.action, by=world.coordinator)
    second_contact_point = MembershipFactory().user
    world.subregion.contact_points.add(second_contact_point)
    client.force_login(second_contact_point)
    url = item_url("backoffice:review-start", world.action, "action")
    assert client.post(url, {"take_over": "1"}).status_code == 404
    assert fresh(world.action).reviewer == world.coordinator


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("backoffice:criteria-set-list", lambda key: {}),
        ("backoffice:criteria-set-create", lambda key: {}),
        ("backoffice:criteria-set-detail", lambda key: {"key": key}),
        ("backoffice:criteria-set-edit", lambda key: {"key": key}),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_criteria_pages_are_for_coordinators(client, world, role, name, kwargs):
    criteria_set = CriteriaSet.objects.current().first()
    login(client, world, role)
    url = reverse(name, kwargs=kwargs(criteria_set.key))
    response = client.get(url)
    if role == "coordinator":
        assert response.status_code == 200
    else:
        assert_refused(response, role)
    if name.endswith(("create", "edit")):
        count = CriteriaSet.objects.count()
        data = {
            "name_nl": "Nieuwe set",
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-name_nl": "Een criterium",
            "based_on": str(criteria_set.pk),
        }
        response = client.post(url, data)
        if role == "coordinator":
            assert response.status_code == 302
            assert CriteriaSet.objects.count() == count + 1
        else:
            assert_refused(response, role)
            assert CriteriaSet.objects.count() == count


@pytest.mark.parametrize(
    ("type_key", "pk"), [("event", None), ("action", 999_999), ("story", 999_999)]
)
def test_unknown_type_or_item_is_404(client, world, type_key, pk):
    client.force_login(world.coordinator)
    url = reverse(
        "backoffice:review-detail", kwargs={"type_key": type_key, "pk": pk or world.action.pk}
    )
    assert client.get(url).status_code == 404


def test_unknown_item_for_a_visitor_is_a_login_redirect(client):
    response = client.get(reverse("backoffice:review-detail", kwargs={"type_key": "x", "pk": 1}))
    assert response.status_code == 302


def test_a_draft_is_not_shown_to_reviewers(client, world):
    client.force_login(world.coordinator)
    assert (
        client.get(item_url("backoffice:review-detail", world.action, "action")).status_code == 404
    )


@pytest.mark.parametrize("name", ["backoffice:review-start", "backoffice:review-decide"])
def test_state_changes_are_post_only(client, world, name):
    review_submit(item=world.action, by=world.owner_member)
    client.force_login(world.coordinator)
    assert client.get(item_url(name, world.action, "action")).status_code == 405


def test_refused_requests_send_no_mail_and_change_nothing(client, world):
    review_submit(item=world.story, by=world.owner_member)
    mail.outbox.clear()
    client.force_login(world.other_contact_point)
    client.post(item_url("backoffice:review-start", world.story, "story"))
    review_start(item=world.story, by=world.contact_point)
    client.post(
        item_url("backoffice:review-decide", world.story, "story"),
        {"criteria_set": CriteriaSet.objects.current().first().pk, "decision": "reject"},
    )
    client.post(item_url("backoffice:review-withdraw", world.story, "story"), {"reason": "x"})
    assert [m.to for m in mail.outbox] == [[world.owner_member.email]]  # the start, only
    assert Story.objects.get(pk=world.story.pk).status == ReviewStatus.UNDER_REVIEW
    assert not Review.objects.exists()
