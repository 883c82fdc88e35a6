"""Reviewers acting on the same item at the same moment (PostgreSQL row locks, real threads)."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.reviews.models import CriteriaSet, Review, ReviewStatus
from stemcharter.reviews.services import review_start, review_submit, revision_start

pytestmark = [
    # serialized_rollback: see stemcharter/charter/tests/test_concurrency.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("english"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and threads"
    ),
]


def post_at_once(requests: list[tuple]) -> list:
    """POST each (user, url, data) from its own logged-in client, all released together.
    Returns the responses in the order of ``requests``."""
    clients = []
    for user, _url, _data in requests:
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(len(requests))
    responses: list = [None] * len(requests)
    errors: list = []

    def post(index: int) -> None:
        _user, url, data = requests[index]
        try:
            barrier.wait(timeout=30)
            responses[index] = clients[index].post(url, data)
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert None not in responses
    return responses


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def decision_data(criteria_set: CriteriaSet, decision: str, comment: str = "") -> dict:
    data = {"criteria_set": criteria_set.pk, "decision": decision, "comment": comment}
    data.update({f"result_{c.pk}": "met" for c in criteria_set.criteria.all()})
    return data


def test_two_reviewers_starting_at_once_give_one_reviewer(world):
    review_submit(item=world.action, by=world.owner_member)
    url = reverse("backoffice:review-start", kwargs={"type_key": "action", "pk": world.action.pk})
    responses = post_at_once([(world.contact_point, url, {}), (world.coordinator, url, {})])

    assert [r.status_code for r in responses] == [302, 302]
    messages = [m for r in responses for m in messages_of(r)]
    assert sum(m.startswith("You started the review.") for m in messages) == 1
    assert messages.count("Someone else is already reviewing this.") == 1
    action = Action.objects.get(pk=world.action.pk)
    assert action.status == ReviewStatus.UNDER_REVIEW
    winner = 0 if messages_of(responses[0])[0].startswith("You started") else 1
    assert action.reviewer == [world.contact_point, world.coordinator][winner]
    assert AuditEntry.objects.filter(code="reviews.item.review_started").count() == 1


def test_two_decisions_at_once_give_one_decision(world):
    criteria_set = CriteriaSet.objects.current().order_by("pk").first()
    review_submit(item=world.action, by=world.owner_member)
    review_start(item=world.action, by=world.contact_point)
    url = reverse("backoffice:review-decide", kwargs={"type_key": "action", "pk": world.action.pk})
    # The same reviewer in two tabs: publish in one, reject in the other.
    responses = post_at_once(
        [
            (world.contact_point, url, decision_data(criteria_set, "publish")),
            (world.contact_point, url, decision_data(criteria_set, "reject", "Toch niet.")),
        ]
    )

    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    assert "it may also have been decided already" in refused
    review = Review.objects.get()
    assert review.assessments.count() == criteria_set.criteria.count()
    action = Action.objects.get(pk=world.action.pk)
    expected = {
        Review.Decision.PUBLISH: ReviewStatus.PUBLISHED,
        Review.Decision.REJECT: ReviewStatus.REJECTED,
    }[review.decision]
    assert action.status == expected
    decided = AuditEntry.objects.filter(
        code__in=["reviews.item.published", "reviews.item.rejected"]
    )
    assert [entry.data["review"] for entry in decided] == [review.pk]


def test_publishing_a_new_version_twice_at_once_merges_it_once(world):
    criteria_set = CriteriaSet.objects.current().order_by("pk").first()
    live = PublishedActionFactory(organisation=world.organisation, subregions=[world.subregion])
    copy = revision_start(item=live, by=world.owner_member)
    Action.objects.filter(pk=copy.pk).update(title="Nieuwe titel", places=7)
    review_submit(item=copy, by=world.owner_member)
    review_start(item=copy, by=world.contact_point)
    url = reverse("backoffice:review-decide", kwargs={"type_key": "action", "pk": copy.pk})
    data = decision_data(criteria_set, "publish")
    responses = post_at_once([(world.contact_point, url, data), (world.contact_point, url, data)])

    # The second finds the working copy gone (merged into the live item) or finds it decided.
    assert sorted(r.status_code for r in responses) in ([200, 302], [302, 302], [302, 404])
    messages = [m for r in responses for m in messages_of(r)]
    assert sum(m.startswith("You published") for m in messages) == 1
    live.refresh_from_db()
    assert (live.title, live.places, live.status) == ("Nieuwe titel", 7, ReviewStatus.PUBLISHED)
    assert not Action.objects.filter(revision_of=live).exists()
    assert Review.objects.filter(decision="publish").count() == 1
    assert AuditEntry.objects.filter(code="reviews.item.published").count() == 1


def test_two_coordinators_revising_a_criteria_set_at_once_give_one_version(world):
    from stemcharter.accounts.tests.factories import CoordinatorFactory

    criteria_set = CriteriaSet.objects.current().order_by("pk").first()
    url = reverse("backoffice:criteria-set-edit", kwargs={"key": criteria_set.key})

    def data(name: str) -> dict:
        return {
            "based_on": str(criteria_set.pk),
            "name_nl": name,
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-name_nl": f"Criterium van {name}",
        }

    responses = post_at_once(
        [(world.coordinator, url, data("Eerste")), (CoordinatorFactory(), url, data("Tweede"))]
    )
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    assert "Someone else changed this criteria set meanwhile." in refused
    versions = CriteriaSet.objects.filter(key=criteria_set.key)
    assert sorted(versions.values_list("version", "is_current")) == [(1, False), (2, True)]
    assert versions.get(version=2).criteria.count() == 1
    assert AuditEntry.objects.filter(code="reviews.criteria_set.revised").count() == 1
