"""A deleted organisation, action or story takes its stored share images with it (issue 14
leftovers): every language's drawing is removed from the storage (here the local file system
of the tests) once the deletion commits; another item's stay, and a rolled-back deletion
keeps them."""

from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.images.share_images import STORAGE_PREFIX, share_images_delete
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.pages.views.share_images import share_image_key
from stemcharter.stories.tests.factories import PublishedStoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def stored(settings, obj) -> list[str]:
    """The names of ``obj``'s stored share images on the local storage."""
    directory = Path(settings.MEDIA_ROOT) / STORAGE_PREFIX / share_image_key(obj)
    return sorted(path.name for path in directory.glob("*.png")) if directory.exists() else []


def draw_both_languages(client, name: str, slug: str) -> None:
    for language in ("nl", "en"):
        with translation.override(language):
            path = reverse(name, kwargs={"slug": slug})
        response = client.get(path)
        assert response.status_code == 200, path


@pytest.fixture
def items(client):
    organisation = make_signatory(name="Zuidlab")
    action = PublishedActionFactory(organisation=organisation, title="Robotdag")
    story = PublishedStoryFactory(organisation=organisation, title="Robots bouwen")
    other = PublishedActionFactory(title="Een andere actie")
    draw_both_languages(client, "public:share-image-signatory", organisation.slug)
    draw_both_languages(client, "public:share-image-action", action.slug)
    draw_both_languages(client, "public:share-image-story", story.slug)
    draw_both_languages(client, "public:share-image-action", other.slug)
    return organisation, action, story, other


def test_the_keys_name_each_kind():
    organisation = make_signatory()
    action = PublishedActionFactory(organisation=organisation)
    story = PublishedStoryFactory(organisation=organisation)
    assert share_image_key(organisation) == f"signatory/{organisation.pk}"
    assert share_image_key(action) == f"action/{action.pk}"
    assert share_image_key(story) == f"story/{story.pk}"


def test_deleting_an_action_or_a_story_removes_its_images(
    settings, items, django_capture_on_commit_callbacks
):
    organisation, action, story, other = items
    for obj in (organisation, action, story, other):
        names = stored(settings, obj)
        assert len(names) == 2, obj  # Dutch and English
        assert {name.split("-")[0] for name in names} == {"nl", "en"}
    with django_capture_on_commit_callbacks(execute=True):
        action_key = share_image_key(action)
        action.delete()
    assert not any((Path(settings.MEDIA_ROOT) / STORAGE_PREFIX / action_key).glob("*.png"))
    assert len(stored(settings, story)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        story_key = share_image_key(story)
        story.delete()
    assert not any((Path(settings.MEDIA_ROOT) / STORAGE_PREFIX / story_key).glob("*.png"))
    # Another action's and the organisation's images stay.
    assert len(stored(settings, other)) == 2
    assert len(stored(settings, organisation)) == 2


def test_deleting_an_organisation_removes_its_images_and_those_of_its_items(
    settings, items, django_capture_on_commit_callbacks
):
    organisation, action, story, other = items
    keys = [share_image_key(obj) for obj in (organisation, action, story)]
    organisation.signatures.all().delete()  # a signature protects its organisation
    with django_capture_on_commit_callbacks(execute=True):
        organisation.delete()
    for key in keys:
        assert not any((Path(settings.MEDIA_ROOT) / STORAGE_PREFIX / key).glob("*.png")), key
    assert len(stored(settings, other)) == 2


def test_a_rolled_back_deletion_keeps_the_images(
    settings, items, django_capture_on_commit_callbacks
):
    _organisation, action, _story, _other = items
    pk = action.pk
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        Action.objects.filter(pk=pk).delete()
        transaction.set_rollback(True)
    assert callbacks == []
    assert Action.objects.filter(pk=pk).exists()
    assert len(stored(settings, action)) == 2


def test_removing_the_images_of_an_item_without_any_is_nothing():
    assert share_images_delete("action/999999") == 0
    with pytest.raises(ValueError, match="Not a share image key"):
        share_images_delete("../media")
