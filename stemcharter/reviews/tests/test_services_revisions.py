"""A published item and its new version never both go through review, and what goes is gone:
the rules found by a review of the first build."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from stemcharter.actions.models import Action
from stemcharter.reviews.models import ReviewStatus
from stemcharter.reviews.services import (
    review_decide,
    review_item_delete,
    review_start,
    review_submit,
    review_withdraw,
    revision_start,
)

from .conftest import add_image, verdicts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def publish(item, *, by, criteria_set):
    review_submit(item=item, by=by)
    review_start(item=item, by=by)
    review_decide(
        item=item,
        by=by,
        decision="publish",
        criteria_set=criteria_set,
        assessments=verdicts(criteria_set),
    )
    return type(item).objects.get(pk=item.live_item.pk)


@pytest.fixture
def published(world, criteria_set):
    return publish(world.action, by=world.contact_point, criteria_set=criteria_set)


def test_taking_an_item_offline_discards_its_waiting_new_version(world, published):
    copy = revision_start(item=published, by=world.owner_member)
    review_submit(item=copy, by=world.owner_member)

    review_withdraw(item=published, by=world.contact_point, reason="Verouderd.")

    assert not Action.objects.filter(pk=copy.pk).exists()
    published.refresh_from_db()
    assert published.status == ReviewStatus.WITHDRAWN
    # The item itself is editable again and goes through review alone.
    review_submit(item=published, by=world.owner_member)


def test_a_live_item_with_a_new_version_waiting_cannot_be_sent_itself(world, published):
    revision_start(item=published, by=world.owner_member)
    Action.objects.filter(pk=published.pk).update(status=ReviewStatus.WITHDRAWN)
    with pytest.raises(ValidationError) as excinfo:
        review_submit(item=Action.objects.get(pk=published.pk), by=world.owner_member)
    assert excinfo.value.code == "pending_revision"


def test_a_new_version_cannot_replace_an_item_taken_offline_meanwhile(
    world, published, criteria_set
):
    copy = revision_start(item=published, by=world.owner_member)
    review_submit(item=copy, by=world.owner_member)
    review_start(item=copy, by=world.contact_point)
    Action.objects.filter(pk=published.pk).update(status=ReviewStatus.WITHDRAWN)

    with pytest.raises(ValidationError) as excinfo:
        review_decide(
            item=copy,
            by=world.contact_point,
            decision="publish",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
        )
    assert "taken offline meanwhile" in " ".join(excinfo.value.messages)
    assert Action.objects.get(pk=published.pk).status == ReviewStatus.WITHDRAWN
    assert Action.objects.get(pk=copy.pk).status == ReviewStatus.UNDER_REVIEW


def test_after_a_rejected_new_version_the_author_can_start_again(world, published):
    copy = revision_start(item=published, by=world.owner_member)
    review_submit(item=copy, by=world.owner_member)
    review_start(item=copy, by=world.contact_point)
    review_decide(
        item=copy,
        by=world.contact_point,
        decision="reject",
        criteria_set=None,
        assessments=[],
        comment="Dit klopt niet.",
    )

    fresh = revision_start(item=published, by=world.owner_member)

    assert fresh.pk != copy.pk
    assert fresh.status == ReviewStatus.DRAFT
    assert not Action.objects.filter(pk=copy.pk).exists()


def test_a_waiting_new_version_is_given_back_not_doubled(world, published):
    copy = revision_start(item=published, by=world.owner_member)
    review_submit(item=copy, by=world.owner_member)
    assert revision_start(item=published, by=world.owner_member).pk == copy.pk


def test_deleting_an_item_deletes_its_image_files(world, django_capture_on_commit_callbacks):
    image = add_image(world.action, by=world.owner_member)
    names = [image.detail.name, image.card.name, image.social.name]
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        review_item_delete(item=world.action, by=world.owner_member)

    assert not any(default_storage.exists(name) for name in names)


def test_images_removed_in_a_new_version_lose_their_files_when_it_is_published(
    world, published, criteria_set, django_capture_on_commit_callbacks
):
    kept = add_image(published, by=world.owner_member, alt_text="Blijft staan.")
    dropped = add_image(published, by=world.owner_member, alt_text="Gaat weg.")
    copy = revision_start(item=published, by=world.owner_member)
    copy.images.get(alt_text="Gaat weg.").delete()  # as image_remove does, files aside

    with django_capture_on_commit_callbacks(execute=True):
        publish(copy, by=world.contact_point, criteria_set=criteria_set)

    published.refresh_from_db()
    assert [image.alt_text for image in published.images.all()] == ["Blijft staan."]
    assert default_storage.exists(kept.detail.name)
    assert not default_storage.exists(dropped.detail.name)
