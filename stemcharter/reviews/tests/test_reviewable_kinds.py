"""The pages that say what goes through review name it from the registered types
(``registry.reviewable_kinds``), never from a list of their own: the review queue's intro (the
queue and the decided reviews, for a coordinator and a contact point), the criteria sets, the
back-office home and its workspace. A type registered later appears there by itself."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.reviews import registry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

QUEUE = "backoffice:review-queue"


def text(client, url, params=None) -> str:
    content = client.get(url, params or {}).content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


@pytest.fixture
def contact_point():
    user = UserFactory()
    SubregionFactory().contact_points.add(user)
    return user


def test_every_registered_type_is_named_once_in_the_sentence():
    labels = [str(t.label_plural) for t in registry.reviewable_types()]
    assert "progress reports" in labels
    with translation.override("en"):
        kinds = registry.reviewable_kinds()
    assert kinds == ", ".join(labels[:-1]) + " and " + labels[-1]


@pytest.mark.parametrize("role", ["coordinator", "contact_point"])
def test_the_queue_intro_names_every_registered_type(client, role, contact_point):
    user = CoordinatorFactory() if role == "coordinator" else contact_point
    client.force_login(user)
    queue = text(client, reverse(QUEUE))
    decided = text(client, reverse(QUEUE), {"view": "decided"})
    kinds = registry.reviewable_kinds()
    assert f"{kinds[0].upper()}{kinds[1:]} " in queue  # the sentence starts with it
    assert "progress reports" in queue
    assert f"The latest decisions on {kinds} you may review" in decided
    for reviewable_type in registry.reviewable_types():
        assert str(reviewable_type.label_plural) in queue.lower()
        assert str(reviewable_type.label_plural) in decided


def test_only_the_registered_types_are_named(client, monkeypatch):
    """Take progress reports out of the registry and the pages stop naming them: the words
    come from the registry, not from a list of their own."""
    client.force_login(CoordinatorFactory())
    pages = [reverse(QUEUE), reverse("backoffice:criteria-set-list"), reverse("backoffice:home")]
    for url in pages:
        assert "progress reports" in text(client, url)
    monkeypatch.delitem(registry._types, "progress-report")
    for url in pages:
        page = text(client, url)
        assert "progress reports" not in page
        assert "stories and events" in page
    assert "Actions, stories and events that wait for a review" in text(client, reverse(QUEUE))
